import Diagnostics
import Foundation
import Testing

@testable import Evidence
@testable import EvidenceFormats

@Suite("Documents: text, headings, tables")
struct DocumentTests {
    let bundle: EvidenceBundle

    init() throws {
        bundle = try Fixtures.openBasic()
    }

    func content(_ id: String) throws -> DocumentContent {
        let text = try bundle.text(ofDocument: id)
        return try #require(text.content, "\(id): \(text.problem?.message ?? "")")
    }

    @Test func markdownHeadingsParagraphsAndTables() throws {
        let plan = try content("D01")
        #expect(
            plan.headings == [
                .init(level: 1, text: "实施方案 Implementation plan"),
                .init(level: 2, text: "1 系统架构设计 Architecture"),
                .init(level: 3, text: "1.1 网络拓扑 Network topology"),
                .init(level: 2, text: "2 实施计划 Schedule"),
                .init(level: 2, text: "验收标准"),
            ])
        #expect(
            plan.tables == [
                [
                    ["区域 Zone", "设备 Device", "数量 Count"],
                    ["核心区", "交换机", "2"],
                    ["接入区", "防火墙 | IDS", "1"],
                ]
            ])
        #expect(plan.paragraphs.first == "项目概况：市政务云平台集成项目。\n本方案经双方签字确认。")
        #expect(plan.paragraphs.contains("# 这不是标题 not a heading"))
        #expect(plan.text.contains("核心区\t交换机\t2"))
    }

    @Test func markdownWithCRLF() throws {
        let manual = try content("D06")
        #expect(manual.headings.map(\.level) == [1, 2])
        #expect(manual.headings.map(\.text) == ["服务管理手册", "4.1 领导和承诺"])
        #expect(manual.paragraphs == ["最高管理者应证实其领导作用。"])
    }

    @Test func gb18030PlainText() throws {
        let report = try content("D03")
        #expect(report.headings.isEmpty)
        #expect(report.paragraphs == ["系统测试报告", "功能测试：合格。\n性能测试：合格。", "结论：系统测试通过。"])
    }

    @Test func docxWrittenByLibreOffice() throws {
        let acceptance = try content("D02")
        #expect(
            acceptance.headings == [
                .init(level: 1, text: "项目验收报告 Acceptance report"),
                .init(level: 2, text: "1 验收条件 Acceptance conditions"),
                .init(level: 3, text: "1.1 试运行 Trial run"),
                .init(level: 2, text: "2 验收结论 Conclusion"),
            ])
        #expect(acceptance.tables == [[["检查项 Item", "结果 Result"], ["功能测试", "合格"], ["性能测试", "合格"]]])
        #expect(acceptance.paragraphs.contains("系统连续稳定试运行满 7 个工作日，无重大故障。"))
        #expect(acceptance.paragraphs.last == "验收合格，同意交付。")
    }

    @Test func aCorruptDocxGivesAFindingNotACrash() throws {
        let broken = try bundle.text(ofDocument: "D05")
        let problem = try #require(broken.problem)
        #expect(problem.code == "document-unreadable")
        #expect(problem.severity == .warning)
        #expect(problem.message.contains("document 'D05'"))
        #expect(problem.message.contains("not a valid .docx"))
        #expect(problem.location?.file.hasSuffix("docs/broken.docx") == true)
    }

    @Test func aZipThatIsNotAWordDocument() {
        #expect {
            try DocxExtractor.extract(fileAt: Fixtures.url("not-word.docx"))
        } throws: { error in
            (error as! DocxExtractor.Failure).reason.contains("no word/document.xml")
        }
    }

    @Test func aMissingFileIsUnreadable() throws {
        #expect(try bundle.text(ofDocument: "D07").problem?.message.contains("not in the bundle") == true)
    }

    @Test func pdfThroughPdftotext() throws {
        let pdf = try bundle.text(ofDocument: "D04")
        if PDFExtractor.findTool() != nil {
            let text = try #require(pdf.content?.text)
            #expect(text.contains("移交纸质版与电子版全套文档。"))
            #expect(text.contains("接收人签字：王强"))
        } else {
            #expect(pdf.problem?.message.contains("poppler-utils") == true)
        }
    }

    @Test func withoutPdftotextTheFindingSaysWhy() {
        #expect {
            try PDFExtractor.extract(fileAt: Fixtures.url("basic/docs/handover.pdf"), tool: nil, timeout: 5)
        } throws: { error in
            (error as! PDFExtractor.Failure).reason.contains(
                "pdftotext (Debian package poppler-utils) is not installed")
        }
    }

    @Test func aBrokenPdfGivesPdftotextsReason() throws {
        guard let tool = PDFExtractor.findTool() else { return }
        #expect {
            try PDFExtractor.extract(fileAt: Fixtures.url("basic/docs/broken.docx"), tool: tool, timeout: 30)
        } throws: { error in
            (error as! PDFExtractor.Failure).reason.contains("pdftotext could not read the PDF")
        }
    }

    @Test func otherFormatsHaveNoText() throws {
        let folder = try Fixtures.copy("basic")
        let manifest = folder.appendingPathComponent("bundle.yaml")
        var yaml = try String(contentsOf: manifest, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "path: docs/plan.md", with: "path: records/tickets.csv")
        try yaml.write(to: manifest, atomically: true, encoding: .utf8)
        let changed = try EvidenceBundle.open(folder, options: Fixtures.options)
        #expect(try changed.text(ofDocument: "D01").problem?.message.contains("not from .csv files") == true)
    }

    @Test func textIsReadLazilyAndOnce() throws {
        #expect(bundle.readingFindings.isEmpty)
        let first = try bundle.text(ofDocument: "D05")
        let second = try bundle.text(ofDocument: "D05")
        #expect(first == second)
        #expect(bundle.readingFindings.map(\.code) == ["document-unreadable"])
    }

    @Test func anUnknownDocumentIsAnError() {
        #expect {
            try bundle.text(ofDocument: "D1")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("did you mean `D01`")
        }
    }

    @Test func markdownDetails() {
        let content = MarkdownExtractor.extract(
            markdown: "Title\n=====\n\n#NoSpace\n\n## Closed ##\n\n    # indented code\n")
        #expect(content.headings == [.init(level: 1, text: "Title"), .init(level: 2, text: "Closed")])
        #expect(content.paragraphs == ["#NoSpace", "# indented code"])
    }
}
