import Engine
import Evidence
import Foundation
import Overrides
import Reports
import Scheme
import TestSupport

/// Report contexts of the ISI samples, with a fixed `generated_at`.
enum SampleReports {
    static let names = ["huaxin-level1", "qiheng-level3", "ruituo-ungraded"]

    /// The context of sample `name`; `overrides` is the text of an overrides file.
    static func context(
        _ name: String, language: ReportLanguage = .bilingual, overrides: String? = nil,
        details: DeliverableDetails = DeliverableDetails()
    ) throws -> ReportContext {
        let loaded = try RubricLoader.load(directory: RepositoryPaths.isiRubric)
        let assessor = try Assessor(rubric: loaded)
        let bundle = try assessor.openBundle(RepositoryPaths.isiSamples.appendingPathComponent(name))
        var overrideSet = OverrideSet.empty
        if let overrides {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("overrides-\(UUID()).yaml")
            try overrides.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            overrideSet = try OverrideSet.load(contentsOf: file, rubric: loaded, asOf: bundle.manifest.assessment.asOf)
        }
        var context = ReportContext(
            rubric: loaded, bundle: bundle, assessment: assessor.assess(bundle: bundle, overrides: overrideSet),
            generatedAt: ReportFixtures.generatedAt, engineVersion: "0.1.0", language: language)
        context.deliverable = details
        return context
    }

    /// An override of 5.6, whose rule gives 0.8180555555555554 (a Lua number) in `qiheng-level3`.
    static let qihengOverride = """
        overrides:
          - leaf: "5.6"
            fraction: 0.9
            justification: "现场核实 (verified on site)"
            auditor: "张三"
            date: 2026-01-10
        """

    /// Runs `arguments` (through `/usr/bin/env`); its standard output, or nil when it cannot run or fails.
    static func run(_ arguments: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// Whether Python 3 with openpyxl (a test-only dependency, `pip install openpyxl`) can run.
    static let openpyxlAvailable = run(["python3", "-c", "import openpyxl"]) != nil
    /// Whether LibreOffice can run (`soffice`, to read the workbook as Calc does).
    static let libreOfficeAvailable = run(["soffice", "--version"]) != nil
    /// Whether Python 3 can run.
    static let pythonAvailable = run(["python3", "-c", "import csv"]) != nil
}
