import Application
import Foundation
import Reports
import Signing
import TestSupport
import Testing

/// Signed reports and their verification by assessing again: a change to any
/// input (a bundle file, a rule, an overlay, the overrides) is found and named.
@Suite("Signed reports, verified by assessing again")
struct ReportSigningTests {
    /// A copy of the `complete` rubric and the `basic` bundle that a test may change.
    struct Inputs {
        let folder: URL
        var rubric: URL { folder.appendingPathComponent("rubric") }
        var bundle: URL { folder.appendingPathComponent("bundle") }
        var overlay: URL { folder.appendingPathComponent("overlay.yaml") }
        var overrides: URL { folder.appendingPathComponent("overrides.yaml") }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-sign-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: RepositoryPaths.completeRubric, to: rubric)
            try FileManager.default.copyItem(at: RepositoryPaths.basicBundle, to: bundle)
            try Self.write(overlayText(required: "[implementation_plan, acceptance_report, test_report]"), to: overlay)
            try Self.write(overridesText(justification: "现场核实 (verified on site)"), to: overrides)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        static func write(_ text: String, to url: URL) throws {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func overlayText(required: String) -> String {
            """
            overlay:
              id: test-overlay
              scheme: isi
            indicators:
              "1.1":
                params:
                  required: \(required)

            """
        }

        func overridesText(justification: String) -> String {
            """
            overrides:
              - leaf: "1.1"
                fraction: 0.5
                justification: "\(justification)"
                auditor: "张三"
                date: 2026-10-01

            """
        }

        func append(_ text: String, to url: URL) throws {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }
    }

    static let epoch = ["SOURCE_DATE_EPOCH": "1790000000"]

    /// The signed JSON report of `inputs`, with the overlay and overrides when asked.
    static func signedReport(
        _ inputs: Inputs, key: SigningKey, overlay: Bool = false, overrides: Bool = false
    ) throws -> String {
        let preparation = try AssessmentPreparation(
            rubricDirectory: inputs.rubric, overlays: overlay ? [inputs.overlay] : [], engineVersion: "0.1.0",
            environment: epoch)
        var run = AssessmentRun(
            preparation: preparation, bundle: inputs.bundle, overrides: overrides ? inputs.overrides : nil,
            format: .json)
        run.signingKey = key
        let report = try run.run().report
        _ = try ReportSignature.verify(reportJSON: report, with: key.verifyingKey)
        return report
    }

    static func reassess(_ inputs: Inputs, overlay: Bool = false, overrides: Bool = false) -> ReportReassessment {
        ReportReassessment(
            rubricDirectory: inputs.rubric, overlays: overlay ? [inputs.overlay] : [],
            overrides: overrides ? inputs.overrides : nil, bundle: inputs.bundle, engineVersion: "0.1.0")
    }

    @Test("assessing the same inputs again gives the signed report byte for byte")
    func sameInputs() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let key = SigningKey.generate()
        let report = try Self.signedReport(inputs, key: key, overlay: true, overrides: true)
        #expect(try Self.reassess(inputs, overlay: true, overrides: true).compare(reportJSON: report) == nil)
    }

    @Test("a changed bundle file is named by its digest in the report")
    func bundleFileChanged() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let report = try Self.signedReport(inputs, key: SigningKey.generate())
        try inputs.append("\n改动 changed\n", to: inputs.bundle.appendingPathComponent("docs/plan.md"))
        let difference = try #require(try Self.reassess(inputs).compare(reportJSON: report))
        #expect(difference.contains("bundle.files[") && difference.contains("].sha256"), "\(difference)")
    }

    @Test("a changed rule is named by the rule file's digest")
    func ruleChanged() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let report = try Self.signedReport(inputs, key: SigningKey.generate())
        try inputs.append("-- changed\n", to: inputs.rubric.appendingPathComponent("rules/documents.lua"))
        let difference = try #require(try Self.reassess(inputs).compare(reportJSON: report))
        #expect(difference.contains("leaves[0].rule_file.sha256"), "\(difference)")
    }

    @Test("a changed or missing overlay is named")
    func overlayChanged() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let report = try Self.signedReport(inputs, key: SigningKey.generate(), overlay: true)
        let missing = try #require(try Self.reassess(inputs).compare(reportJSON: report))
        #expect(missing.contains("rubric.overlays"), "\(missing)")
        try Inputs.write(inputs.overlayText(required: "[implementation_plan]"), to: inputs.overlay)
        let changed = try #require(try Self.reassess(inputs, overlay: true).compare(reportJSON: report))
        #expect(changed.contains("rubric.overlays[0].sha256"), "\(changed)")
    }

    @Test("changed or missing overrides are named")
    func overridesChanged() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let report = try Self.signedReport(inputs, key: SigningKey.generate(), overrides: true)
        let missing = try #require(try Self.reassess(inputs).compare(reportJSON: report))
        #expect(missing.contains("result.total"), "\(missing)")
        try Inputs.write(inputs.overridesText(justification: "另一理由 another reason"), to: inputs.overrides)
        let changed = try #require(try Self.reassess(inputs, overrides: true).compare(reportJSON: report))
        #expect(changed.contains("overrides_sha256") || changed.contains("justification"), "\(changed)")
    }

    @Test("--sign goes with the json and html reports only; the html shows the fingerprint")
    func signedFormats() throws {
        let inputs = try Inputs()
        defer { inputs.remove() }
        let key = SigningKey.generate()
        let preparation = try AssessmentPreparation(
            rubricDirectory: inputs.rubric, engineVersion: "0.1.0", environment: Self.epoch)
        var run = AssessmentRun(preparation: preparation, bundle: inputs.bundle, format: .markdown)
        run.signingKey = key
        #expect(throws: RunFailure.self) { try run.run() }
        run.format = .html
        let html = try run.run()
        #expect(html.report.contains(key.verifyingKey.fingerprint))
        let json = try #require(html.jsonReport)
        #expect(throws: Never.self) { try ReportSignature.verify(reportJSON: json, with: key.verifyingKey) }
    }
}
