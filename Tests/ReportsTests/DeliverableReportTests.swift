import Foundation
import Reports
import Testing

@Suite("Deliverable")
struct DeliverableReportTests {
    static let details = DeliverableDetails(certificationBody: "某认证中心 Example Certification", auditTeam: ["张三", "李四"])

    @Test(
        "cover, non-conformities before the leaf lines, evidence index with every digest, sign-off",
        arguments: SampleReports.names)
    func sections(sample: String) throws {
        let context = try SampleReports.context(sample, details: Self.details)
        let html = DeliverableReport.render(context)
        #expect(html.hasPrefix("<!DOCTYPE html>\n") && html.hasSuffix("</html>\n"))
        #expect(!html.lowercased().contains("<script") && !html.contains("http://") && !html.contains("<link"))
        #expect(html.contains(HTMLTextProbe.escape(context.bundle.manifest.organization.name)))
        #expect(html.contains("某认证中心 Example Certification") && html.contains("张三, 李四"))
        let order = [
            "class=\"cover\"", "class=\"findings nonconformity\"", "class=\"leaf-lines\"", "class=\"evidence-index\"",
            "class=\"sign-off\"",
        ]
        let positions = order.compactMap { html.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
        for file in context.bundle.files where file.role != .manifest {
            if let sha256 = file.sha256 { #expect(html.contains(sha256), "\(file.path)") }
        }
        #expect(!html.contains("break-before: page") && !html.contains("page-break-before"))
        #expect(html == DeliverableReport.render(try SampleReports.context(sample, details: Self.details)))
    }

    @Test("an ungraded report says why there is no grade, never \"none\"")
    func ungraded() throws {
        let html = DeliverableReport.render(try SampleReports.context("ruituo-ungraded"))
        #expect(html.contains("不予评级 No grade awarded"))
        #expect(!html.contains(">none<") && !html.contains("无 none"))
        let english = DeliverableReport.render(try SampleReports.context("ruituo-ungraded", language: .en))
        #expect(english.contains("No grade awarded"))
    }

    @Test("one language throughout with --lang zh and --lang en")
    func oneLanguage() throws {
        let chinese = DeliverableReport.render(try SampleReports.context("qiheng-level3", language: .zh))
        #expect(
            chinese.contains("不符合项") && !chinese.contains("Non-conformities") && !chinese.contains("Evidence index"))
        let english = DeliverableReport.render(try SampleReports.context("qiheng-level3", language: .en))
        #expect(english.contains("Non-conformities") && !english.contains("不符合项") && !english.contains("证据索引"))
        #expect(english.contains("<html lang=\"en\">"))
    }

    @Test("an override shows both values as exact decimals, the reason, and marks the leaf's findings")
    func override() throws {
        let html = DeliverableReport.render(
            try SampleReports.context("qiheng-level3", overrides: SampleReports.qihengOverride))
        #expect(html.contains("<td>0.8181 (12.27)</td>"), "the rule's value, rounded to four places")
        #expect(!html.contains("0.81805"))
        #expect(html.contains("0.90 (13.50)"))
        #expect(html.contains("现场核实 (verified on site)"))
        #expect(html.contains("<span class=\"overridden\">审核员已调整 overridden by the auditor</span>"))
    }
}
