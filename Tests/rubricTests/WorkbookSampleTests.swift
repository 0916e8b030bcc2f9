import Foundation
import Testing

/// The samples with every CSV record table turned into a one-sheet workbook.
@Suite("The ISI samples as Excel workbooks")
struct WorkbookSampleTests {
    static let converter = RubricBinary.tests.appendingPathComponent("rubricTests/Fixtures/workbooks/csv_to_xlsx.py")

    /// Whether Python 3 with openpyxl and PyYAML (test-only dependencies) can run.
    static let pythonReady: Bool = run(["python3", "-c", "import openpyxl, yaml"])

    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Each leaf's status, points, fraction and finding messages.
    static func leaves(_ bundle: String) throws -> [String: String] {
        let output = try RubricBinary.run(["assess", "--rubric", CommandsTests.isi, bundle, "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any] ?? [:]
        var result: [String: String] = [:]
        for leaf in json["leaves"] as? [[String: Any]] ?? [] {
            let findings = (leaf["findings"] as? [[String: Any]] ?? []).map { "\($0["message"] ?? "")" }
            result["\(leaf["id"] ?? "?")"] =
                "\(leaf["status"] ?? "") \(leaf["points"] ?? "") \(leaf["fraction"] ?? "") \(findings)"
        }
        return result
    }

    @Test(
        "converting every CSV to a one-sheet .xlsx gives the same leaf results",
        .enabled(if: pythonReady, "openpyxl or PyYAML is not installed (pip install openpyxl pyyaml): no workbooks"),
        arguments: SampleTests.names)
    func sameLeafResults(name: String) throws {
        let source = SampleTests.samples.appendingPathComponent(name)
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(name)-\(UUID())")
        defer { try? FileManager.default.removeItem(at: target) }
        #expect(Self.run(["python3", Self.converter.path, source.path, target.path]), "the converter ran")
        let manifest = try String(contentsOf: target.appendingPathComponent("bundle.yaml"), encoding: .utf8)
        #expect(!manifest.contains(".csv"), "every table is a workbook")
        let csv = try Self.leaves(source.path)
        let xlsx = try Self.leaves(target.path)
        #expect(csv.count == 34)
        for (id, result) in csv {
            #expect(xlsx[id] == result, "leaf \(id)")
        }
    }
}
