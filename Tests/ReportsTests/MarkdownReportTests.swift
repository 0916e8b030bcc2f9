import Foundation
import Reports
import Testing

@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("the mini rubric over the basic bundle matches the golden file")
    func golden() throws {
        let text = MarkdownReport.render(try ReportFixtures.context())
        #expect(text == (try ReportFixtures.golden("mini-basic.md", updatingWith: text)))
    }

    @Test("two renders are byte-identical")
    func deterministic() throws {
        let first = MarkdownReport.render(try ReportFixtures.context())
        let second = MarkdownReport.render(try ReportFixtures.context())
        #expect(Data(first.utf8) == Data(second.utf8))
    }

    @Test("English labels and titles with --lang en")
    func english() throws {
        let text = MarkdownReport.render(try ReportFixtures.context(language: .en))
        #expect(text.hasPrefix("# Assessment report: Engine test scheme\n"))
        #expect(text.contains("| 1.1 | Documents complete | 15.00 / 20.00 | Middle | Scored |"))
        #expect(text.contains("- **1.4** `runtime`: rules/runtime-error.lua:4: trial run table is missing"))
        #expect(!text.contains("文档齐全"))
    }
}
