import Foundation
import Testing

@testable import Reports

@Suite("Table report")
struct TableReportTests {
    /// The lines of the table itself: from the header to the line before the first blank one.
    static func tableLines(_ text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        let start = lines.firstIndex { $0.isEmpty }! + 1
        let end = lines[start...].firstIndex { $0.isEmpty }!
        return Array(lines[start..<end])
    }

    @Test("CJK text takes two columns, ASCII one, combining marks none")
    func displayWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("文档齐全") == 8)
        #expect(DisplayWidth.of("（）") == 4)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.padRight("等级", to: 6) == "等级  ")
    }

    @Test(
        "every row of the table has the same display width, in Chinese and English",
        arguments: [ReportLanguage.bilingual, .zh, .en])
    func aligned(language: ReportLanguage) throws {
        let text = TableReport.render(try ReportFixtures.context(language: language))
        let rows = Self.tableLines(text)
        #expect(rows.count > 5)
        let widths = Set(rows.map(DisplayWidth.of))
        #expect(widths.count == 1, "widths: \(rows.map(DisplayWidth.of))\n\(text)")
        if language != .en { #expect(text.contains("文档齐全")) }
    }

    @Test("no escape codes without colour; colours with it")
    func colour() throws {
        let context = try ReportFixtures.context()
        #expect(!TableReport.render(context).contains("\u{1B}"))
        #expect(!TableReport.render(context, color: false).contains("\u{1B}"))
        let colored = TableReport.render(context, color: true)
        #expect(colored.contains("\u{1B}[32m"))
        #expect(
            colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
                == TableReport.render(context))
    }

    @Test("the grade, the non-conformities and the overrides are shown")
    func content() throws {
        let text = TableReport.render(try OverrideReportTests.context())
        #expect(text.contains("等级 Grade"))
        #expect(text.contains("不符合项 Non-conformities"))
        #expect(text.contains("审核员调整 Auditor overrides"))
    }
}
