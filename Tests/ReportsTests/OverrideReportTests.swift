import Engine
import Evidence
import Foundation
import Overrides
import Reports
import Scheme
import Scoring
import TestSupport
import Testing

@Suite("Reports with auditor overrides")
struct OverrideReportTests {
    static let overridesFile = RepositoryPaths.tests.appendingPathComponent("EngineTests/Fixtures/overrides/valid.yaml")

    /// The mini rubric over the basic bundle with the valid overrides.
    static func context() throws -> ReportContext {
        let loaded = try RubricLoader.load(directory: ReportFixtures.mini)
        let assessor = try Assessor(rubric: loaded)
        let bundle = try assessor.openBundle(ReportFixtures.basicBundle)
        let overrides = try OverrideSet.load(
            contentsOf: overridesFile, rubric: loaded,
            asOf: bundle.manifest.assessment.asOf)
        return ReportContext(
            rubric: loaded, bundle: bundle, assessment: assessor.assess(bundle: bundle, overrides: overrides),
            generatedAt: ReportFixtures.generatedAt, engineVersion: "0.1.0")
    }

    @Test("JSON shows the rule's value and the auditor's side by side, and lists every override")
    func json() throws {
        let text = JSONReport.render(try Self.context())
        #expect(text == JSONReport.render(try Self.context()))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let leaves = try #require(object["leaves"] as? [[String: Any]])
        let first = try #require(leaves.first { $0["id"] as? String == "1.1" })
        let rule = try #require(first["rule"] as? [String: Any])
        #expect(rule["status"] as? String == "scored")
        #expect(rule["fraction"] as? String == "0.75")
        #expect(rule["points"] as? String == "15.00")
        #expect(first["status"] as? String == "scored")
        #expect(first["fraction"] as? String == "0.90")
        #expect(first["points"] as? String == "18.00")
        let override = try #require(first["override"] as? [String: Any])
        #expect(override["value"] as? [String: String] == ["fraction": "0.90"])
        #expect(override["auditor"] as? String == "张三")
        #expect(override["date"] as? String == "2026-10-20")
        #expect(override["expires"] as? String == "2026-12-31")
        #expect((override["justification"] as? String)?.hasPrefix("缺少的现场照片") == true)

        let overrides = try #require(object["overrides"] as? [[String: Any]])
        #expect(overrides.map { $0["leaf"] as? String } == ["1.1", "1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(overrides[1]["value"] as? [String: String] == ["band": "high", "fraction": "0.80"])
        #expect(overrides[3]["value"] as? [String: String] == ["status": "not_applicable"])
        #expect(overrides[1]["expires"] is NSNull)
        #expect(overrides[2]["auditor"] as? String == "李四")
        let keys = ["leaf", "value", "justification", "auditor", "date", "expires"]
        #expect(overrides.allSatisfy { Set($0.keys) == Set(keys) })
        // Key order: `overrides` between `leaves` and `explanation`.
        let positions = ["leaves", "overrides", "explanation"].map { text.range(of: "\n  \"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["status"] as? String == "complete")
    }

    @Test("Markdown shows rule / auditor in the leaf table and an overrides section")
    func markdown() throws {
        let text = MarkdownReport.render(try Self.context())
        #expect(text.contains("规则 Rule: 15.00 / 审核员 Auditor: 18.00"))
        #expect(text.contains("## 审核员调整 Auditor overrides"))
        #expect(text.contains("- **1.1** 规则 Rule: 0.75 (15.00) → 审核员 Auditor: 0.90 (18.00)"))
        #expect(text.contains("有效期至 Expires: 2026-12-31"))
        #expect(text.contains("张三"))
        #expect(text.contains("李四"))
        if text.contains("## 规则错误 Rule errors") {
            #expect(text.contains("已由审核员调整 overridden by the auditor"))
        }
    }

    @Test("the report model is built once: leaves with their rubric facts, failures, manual leaves and overrides")
    func model() throws {
        let report = ReportModel(try Self.context())
        #expect(report.leaves.map(\.id.rawValue) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(report.parts.map { $0.leaves.count } == [7])
        #expect(report.leaf("1.1")?.weight == Points(20))
        #expect(report.leaf("1.1")?.result.points == Points(18))
        #expect(report.leaf("1.1")?.result.rule.points == Points(15))
        #expect(report.overrides.map(\.override.leaf.rawValue) == ["1.1", "1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(report.overrides.allSatisfy { $0.leaf.id == $0.override.leaf })
        #expect(report.manualLeaves.map(\.leaf.rawValue) == ["1.3", "1.7"])
        #expect(report.manualLeaves.allSatisfy { $0.isOverridden })
        #expect(report.ruleFailures.map(\.leaf.rawValue) == ["1.4", "1.5", "1.6"])
        #expect(report.ruleFailures.allSatisfy { $0.isOverridden })
        #expect(report.findings.contains { $0.leaf == "1.1" && $0.finding.level == .nonconformity })
        #expect(report.facts.organization.name == "北京示例信息技术有限公司")
    }

    @Test("a scored leaf found not applicable by the auditor shows no fraction, and the rule's beside it")
    func scoredLeafFoundNotApplicable() throws {
        let loaded = try RubricLoader.load(directory: ReportFixtures.mini)
        let assessor = try Assessor(rubric: loaded)
        let bundle = try assessor.openBundle(ReportFixtures.basicBundle)
        let override = LeafOverride(
            leaf: "1.1", setting: .notApplicable, justification: "j", auditor: "a",
            date: bundle.manifest.assessment.asOf)
        let context = ReportContext(
            rubric: loaded, bundle: bundle,
            assessment: assessor.assess(bundle: bundle, overrides: OverrideSet(overrides: [override])),
            generatedAt: ReportFixtures.generatedAt, engineVersion: "0.1.0")
        let text = JSONReport.render(context)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let leaves = try #require(object["leaves"] as? [[String: Any]])
        let leaf = try #require(leaves.first { $0["id"] as? String == "1.1" })
        #expect(leaf["status"] as? String == "not_applicable")
        #expect(leaf["fraction"] is NSNull)
        #expect(leaf["points"] is NSNull)
        let rule = try #require(leaf["rule"] as? [String: Any])
        #expect(rule["fraction"] as? String == "0.75")
        #expect(rule["points"] as? String == "15.00")
        #expect(MarkdownReport.render(context).contains("规则 Rule: 已评分 Scored / 审核员 Auditor: 不适用 Not applicable"))
    }

    @Test("the table lists one line per override")
    func table() throws {
        let text = TableReport.render(try Self.context())
        #expect(text.contains("审核员调整 Auditor overrides:"))
        #expect(text.split(separator: "\n").filter { $0.contains("→ 审核员 Auditor") }.count == 6)
    }
}
