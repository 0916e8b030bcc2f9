import Diagnostics
import EvidenceFormats
import Foundation
import Testing

@testable import Evidence

/// Word 97, WPS, RTF and Excel 97 files, converted by LibreOffice. The tests stand a
/// small script in for `soffice`: it copies a known .docx or .xlsx to where
/// LibreOffice would write its result, and counts its calls.
@Suite("Office files converted by LibreOffice")
struct OfficeConversionTests {
    /// A bundle with `docs/plan.doc`, `docs/sheet.et` and a record table `records/kinds.xls`.
    static func bundle(in folder: URL) throws -> URL {
        let root = folder.appendingPathComponent("bundle")
        let docs = root.appendingPathComponent("docs")
        let records = root.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try Data("a Word 97 file".utf8).write(to: docs.appendingPathComponent("plan.doc"))
        try Data("a WPS spreadsheet".utf8).write(to: docs.appendingPathComponent("sheet.et"))
        try Data("an Excel 97 file".utf8).write(to: records.appendingPathComponent("kinds.xls"))
        let manifest = """
            organization: {name: 示例公司, credit_code: 91110108MA01ABCDEN}
            assessment: {scheme: isi, type: surveillance, audit_period: {from: 2026-01-01, to: 2026-06-30}, as_of: 2026-07-01}
            documents:
              - {id: D1, type: implementation_plan, title: 实施方案, path: docs/plan.doc}
              - {id: D2, type: test_report, title: 测试报告, path: docs/sheet.et}
            records:
              - name: kinds
                path: records/kinds.xls
                columns: [{name: 编号, type: integer}]

            """
        try Data(manifest.utf8).write(to: root.appendingPathComponent("bundle.yaml"))
        return root
    }

    /// A stand-in for `soffice` that copies `docx` or `xlsx` and appends a line to `calls`,
    /// after sleeping `delay` seconds.
    static func stub(in folder: URL, docx: URL, xlsx: URL, delay: Int = 0) throws -> (tool: URL, calls: URL) {
        let calls = folder.appendingPathComponent("calls")
        let tool = folder.appendingPathComponent("soffice")
        let script = """
            #!/bin/sh
            sleep \(delay)
            while [ $# -gt 0 ]; do
              case "$1" in
                --outdir) out="$2"; shift ;;
                --convert-to) format="$2"; shift ;;
              esac
              shift
            done
            echo "$format" >> '\(calls.path)'
            if [ "$format" = docx ]; then cp '\(docx.path)' "$out/input.docx"; else cp '\(xlsx.path)' "$out/input.xlsx"; fi

            """
        try Data(script.utf8).write(to: tool)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        return (tool, calls)
    }

    static func options(tool: URL?, cache: URL, timeout: TimeInterval = 30) -> BundleOptions {
        var options = Fixtures.options
        options.officePath = tool
        options.officeCacheDirectory = cache
        options.officeTimeout = timeout
        return options
    }

    @Test(.enabled(if: Workbooks.pythonAvailable, "python3 is not installed: no workbook to convert to"))
    func convertedOnceAndCachedByDigest() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.bundle(in: folder)
        let xlsx = try #require(Workbooks.hostile).appendingPathComponent("kinds.xlsx")
        let (tool, calls) = try Self.stub(
            in: folder, docx: Fixtures.url("basic/docs/acceptance.docx"), xlsx: xlsx)
        let cache = folder.appendingPathComponent("cache")
        for _ in 0..<2 {
            let bundle = try EvidenceBundle.open(root, options: Self.options(tool: tool, cache: cache))
            defer { bundle.close() }
            let plan = try bundle.text(ofDocument: "D1")
            #expect(plan.problem == nil)
            #expect(plan.content?.text.isEmpty == false)
            let sheet = try bundle.text(ofDocument: "D2")
            #expect(sheet.content?.headings.first?.text == "Sheet1")
            let table = try bundle.records(named: "kinds")
            #expect(table.value(row: 1, column: 0) == .integer(7))
        }
        // Three files, each converted once: the second bundle reads the cache.
        let lines = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n")
        #expect(lines.sorted() == ["docx", "xlsx", "xlsx"])
    }

    @Test func aConversionThatTakesTooLongIsStopped() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.bundle(in: folder)
        let docx = Fixtures.url("basic/docs/acceptance.docx")
        let (tool, _) = try Self.stub(in: folder, docx: docx, xlsx: docx, delay: 20)
        let options = Self.options(tool: tool, cache: folder.appendingPathComponent("cache"), timeout: 1)
        let bundle = try EvidenceBundle.open(root, options: options)
        defer { bundle.close() }
        let text = try bundle.text(ofDocument: "D1")
        #expect(text.problem?.message.contains("did not convert the file within 1 s") == true)
    }

    @Test(
        .enabled(
            if: OfficeConverter.findTool() == nil, "LibreOffice is installed here: the hint without it cannot be shown")
    )
    func withoutLibreOfficeTheHintSaysSaveAsDocxOrXlsx() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try Self.bundle(in: folder)
        let bundle = try EvidenceBundle.open(
            root, options: Self.options(tool: nil, cache: folder.appendingPathComponent("cache")))
        defer { bundle.close() }
        let text = try bundle.text(ofDocument: "D1")
        #expect(text.problem?.message.contains("save the file as .docx/.xlsx") == true)
        #expect(text.problem?.severity == .warning)
        #expect(throws: FindingsError.self) { try bundle.records(named: "kinds") }
    }

    @Test func theFormatsConvertedAndTheirTargets() {
        #expect(OfficeConverter.targetExtension(forPath: "a/b.DOC") == "docx")
        #expect(OfficeConverter.targetExtension(forPath: "b.wps") == "docx")
        #expect(OfficeConverter.targetExtension(forPath: "b.rtf") == "docx")
        #expect(OfficeConverter.targetExtension(forPath: "b.xls") == "xlsx")
        #expect(OfficeConverter.targetExtension(forPath: "b.et") == "xlsx")
        #expect(OfficeConverter.targetExtension(forPath: "b.docx") == nil)
        #expect(DocumentFormat(path: "x.wps") == .legacyOffice)
    }
}
