import Engine
import Evidence
import Foundation
import Reports
import Scheme
import TestSupport
import Testing

@Suite("Every bundle problem in every report")
struct EvidenceProblemsTests {
    /// A folder holding a one-leaf rubric whose rule reads D04 (`rubric/`) and a
    /// copy of the basic bundle whose D04 is a scan and which holds a file the
    /// manifest does not list (`basic/`).
    static func scannedCase() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-scan-\(UUID().uuidString)")
        let rubric = folder.appendingPathComponent("rubric")
        let bundle = folder.appendingPathComponent("basic")
        try FileManager.default.createDirectory(
            at: rubric.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ReportFixtures.basicBundle, to: bundle)
        try GeneratedPDF.imageOnly(pages: 1).write(to: bundle.appendingPathComponent("docs/handover.pdf"))
        try Data("not in the manifest".utf8).write(to: bundle.appendingPathComponent("docs/extra.txt"))
        let mini = try String(
            contentsOf: ReportFixtures.mini.appendingPathComponent("rubric.yaml"), encoding: .utf8)
        try
            (mini.components(separatedBy: "parts:\n")[0] + """
                parts:
                  - id: "1"
                    title: {zh: 第一部分, en: Part one}
                    points: 100
                    grade_scale: part
                    indicators:
                      - id: "1.1"
                        title: {zh: 甲, en: A}
                        weight: 100
                        rule: rules/one.lua
                """).write(to: rubric.appendingPathComponent("rubric.yaml"), atomically: true, encoding: .utf8)
        try """
        return function(ctx)
          if ev.text("D04") then return {score = 1} end
          findings.nonconformity("未见移交清单 no handover record", {document = "D04"})
          return {score = 0}
        end
        """.write(to: rubric.appendingPathComponent("rules/one.lua"), atomically: true, encoding: .utf8)
        return folder
    }

    static func model(_ folder: URL) throws -> ReportModel {
        let loaded = try RubricLoader.load(directory: folder.appendingPathComponent("rubric"))
        let assessor = try Assessor(rubric: loaded)
        let bundle = try assessor.openBundle(folder.appendingPathComponent("basic"))
        return ReportModel(
            ReportContext(
                rubric: loaded, bundle: bundle, assessment: assessor.assess(bundle: bundle),
                generatedAt: ReportFixtures.generatedAt, engineVersion: "0.1.0"))
    }

    @Test func aScanIsNamedWithItsLeafAndTheGradeIsProvisional() throws {
        let folder = try Self.scannedCase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try Self.model(folder)
        let scan = try #require(report.evidenceProblems.first { $0.code == "document-scanned" })
        #expect(scan.path == "docs/handover.pdf")
        #expect(scan.severity == .warning)
        #expect(scan.leaves.map(\.rawValue) == ["1.1"])
        #expect(report.isProvisional)
        #expect(report.findings.allSatisfy { $0.finding.level != .nonconformity })
        let unlisted = try #require(report.evidenceProblems.first { $0.code == "file-unlisted" })
        #expect(unlisted.path == "docs/extra.txt")
        #expect(report.evidenceWarningCount == report.evidenceProblems.filter { $0.severity != .note }.count)

        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("## 证据问题 Evidence problems"))
        #expect(markdown.contains("- `docs/handover.pdf` 警告 warning [document-scanned]: "))
        #expect(markdown.contains("影响指标 leaves affected: 1.1"))
        #expect(markdown.contains("(暂定 provisional)"))
        #expect(HTMLReport.render(report).contains("<section class=\"evidence-problems\">"))
        #expect(TableReport.render(report).contains("证据问题 Evidence problems:"))

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "rubric.report/2")
        #expect((json["result"] as? [String: Any])?["provisional"] as? Bool == true)
        let problems = try #require(json["evidence_problems"] as? [[String: Any]])
        let entry = try #require(problems.first { $0["code"] as? String == "document-scanned" })
        #expect(entry["path"] as? String == "docs/handover.pdf")
        #expect(entry["severity"] as? String == "warning")
        #expect(entry["leaves"] as? [String] == ["1.1"])
        #expect((entry["message"] as? String)?.contains("has a text layer") == true)
    }

    @Test func theBasicBundlesProblemsAreListedOnceEach() throws {
        let report = ReportModel(try ReportFixtures.context())
        #expect(report.evidenceProblems.map(\.code) == ["file-missing", "document-unreadable"])
        #expect(report.evidenceProblems.map(\.path) == ["bundle.yaml", "docs/broken.docx"])
        #expect(report.evidenceProblems.first?.line == 65)
        #expect(report.evidenceWarningCount == 2)
        #expect(!report.isProvisional)
    }
}
