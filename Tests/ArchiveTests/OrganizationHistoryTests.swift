import Archive
import Foundation
import Testing

@Suite("OrganizationHistory and its formats")
struct OrganizationHistoryTests {
    /// Three audits of one organization: the sample, then a year later with a
    /// leaf lost and a nonconformity found in both later audits.
    static func history() throws -> OrganizationHistory {
        let base = try ArchivedAssessment(reportJSON: ArchiveFixtures.sampleReports[0], source: "sample")
        var second = base
        second.asOf = "2027-06-30"
        second.assessmentType = "surveillance"
        second.total = "150.00"
        second.grade = "level2"
        second.leaves[0].points = "0.00"
        second.leaves[0].findings = [.init(level: "nonconformity", message: "未见试运行记录")]
        var third = second
        third.asOf = "2028-06-30"
        third.grade = "level3"
        return OrganizationHistory(
            creditCode: base.creditCode,
            entries: [
                ArchiveEntry(id: 1, record: base), ArchiveEntry(id: 5, record: second),
                ArchiveEntry(id: 9, record: third),
            ])
    }

    @Test("the grade path, the series and the repeated nonconformity")
    func figures() throws {
        let history = try Self.history()
        let first = history.entries[0].record
        #expect(history.gradePath == [first.grade ?? "none", "level2", "level3"])
        #expect(history.parts.map(\.id) == first.parts.map(\.id))
        #expect(history.leaves[0].values == [first.leaves[0].points, "0.00", "0.00"])
        let leaf = first.leaves[0].id
        #expect(history.repeats == [.init(entry: 9, leaf: leaf, key: "nonconformity: 未见试运行记录", run: 2)])
        #expect(history.isRepeated(entry: 9, leaf: leaf, key: "nonconformity: 未见试运行记录"))
        #expect(!history.isRepeated(entry: 5, leaf: leaf, key: "nonconformity: 未见试运行记录"))
    }

    @Test("table, JSON, Markdown and HTML (with its SVG line chart) mark the repeat")
    func formats() throws {
        let history = try Self.history()
        let table = HistoryReport.render(history, format: .table)
        #expect(table.contains("→ level2 → level3"))
        #expect(table.contains("0.00 ↻"))
        let json = HistoryReport.render(history, format: .json)
        #expect(json.contains("\"audits_in_a_row\": 2"))
        let markdown = HistoryReport.render(history, format: .markdown)
        #expect(markdown.contains("## Repeated nonconformities"))
        let html = HistoryReport.render(history, format: .html)
        #expect(html.contains("<svg class=\"chart lines\""))
        #expect(html.components(separatedBy: "<polyline").count - 1 == 1 + history.parts.count)
        #expect(html.contains("class=\"repeated\""))
    }
}
