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

/// The same conversions by the real LibreOffice, where it is installed (`Scripts/setup --with-office`):
/// a Word 97 file and an RTF file with Chinese text, and an Excel 97 record table with Chinese headers.
@Suite(
    "Office files converted by the real LibreOffice",
    .enabled(
        if: OfficeConverter.findTool() != nil,
        "LibreOffice is not installed here (Scripts/setup --with-office installs it)"))
struct RealLibreOfficeTests {
    /// RTF source for `text`: every character as an `\uN?` escape, so the file is plain ASCII.
    static func rtf(_ text: String) -> String {
        let escaped = text.utf16.map { unit -> String in
            unit < 0x80 ? String(UnicodeScalar(UInt8(unit))) : "\\u\(Int16(bitPattern: unit))?"
        }.joined()
        return "{\\rtf1\\ansi\\uc1 {\\pard \(escaped)\\par}}\n"
    }

    /// Runs LibreOffice to make a fixture in another format (`xls` from CSV, `doc` from RTF).
    static func make(_ format: String, from input: URL, filter: String? = nil) throws -> URL {
        let tool = try #require(OfficeConverter.findTool())
        let process = Process()
        process.executableURL = tool
        let profile = input.deletingLastPathComponent().appendingPathComponent("profile")
        process.arguments =
            ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", format]
            + (filter.map { ["--infilter=\($0)"] } ?? [])
            + ["--outdir", input.deletingLastPathComponent().path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = input.deletingPathExtension().appendingPathExtension(format)
        try #require(FileManager.default.fileExists(atPath: output.path), "LibreOffice made no .\(format)")
        return output
    }

    @Test func wordRTFAndExcel97AreReadThroughLibreOffice() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try OfficeConversionTests.bundle(in: folder)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        let planText = "系统集成实施方案：总体架构与里程碑"
        let planRTF = work.appendingPathComponent("plan.rtf")
        try Data(Self.rtf(planText).utf8).write(to: planRTF)
        let doc = try Self.make("doc", from: planRTF)
        try FileManager.default.removeItem(at: root.appendingPathComponent("docs/plan.doc"))
        try FileManager.default.copyItem(at: doc, to: root.appendingPathComponent("docs/plan.doc"))

        let csv = work.appendingPathComponent("kinds.csv")
        try Data("编号,名称\n7,服务器\n8,交换机\n".utf8).write(to: csv)
        let xls = try Self.make("xls", from: csv, filter: "CSV:44,34,76,1")
        try FileManager.default.removeItem(at: root.appendingPathComponent("records/kinds.xls"))
        try FileManager.default.copyItem(at: xls, to: root.appendingPathComponent("records/kinds.xls"))

        // The test report is an RTF file here (an .et cannot be made without WPS).
        let manifestURL = root.appendingPathComponent("bundle.yaml")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
            .replacingOccurrences(of: "docs/sheet.et", with: "docs/report.rtf")
        try Data(manifest.utf8).write(to: manifestURL)
        try Data(Self.rtf("测试报告：功能测试全部通过").utf8).write(to: root.appendingPathComponent("docs/report.rtf"))

        let options = OfficeConversionTests.options(
            tool: OfficeConverter.findTool(), cache: folder.appendingPathComponent("cache"), timeout: 120)
        let bundle = try EvidenceBundle.open(root, options: options)
        defer { bundle.close() }
        let plan = try bundle.text(ofDocument: "D1")
        #expect(plan.problem == nil, "\(String(describing: plan.problem))")
        #expect(plan.content?.text.contains(planText) == true, "\(String(describing: plan.content?.text))")
        let report = try bundle.text(ofDocument: "D2")
        #expect(report.content?.text.contains("功能测试全部通过") == true)
        let table = try bundle.records(named: "kinds")
        #expect(table.value(row: 1, column: 0) == .integer(7))
        #expect(table.value(row: 2, column: 0) == .integer(8))
    }
}
