import Foundation
import Reports
import Testing

@Suite("Non-conformity register")
struct NonconformityRegisterTests {
    @Test("one row per non-conformity: leaf, clause, finding, evidence by title and file, severity, empty deadline")
    func rows() throws {
        let context = try SampleReports.context("qiheng-level3")
        let register = NonconformityRegister(context)
        let expected = context.assessment.scorecard.leaves.flatMap(\.findings).filter { $0.level == .nonconformity }
        #expect(!expected.isEmpty)
        #expect(register.rows.count == expected.count)
        #expect(register.header.count == 10)
        #expect(register.header.last == "关闭期限 Closure deadline")
        for (index, row) in register.rows.enumerated() {
            #expect(row.count == register.header.count)
            #expect(row[0] == String(index + 1))
            #expect(!row[4].isEmpty, "leaf \(row[2]) has no clause")
            #expect(["严重 major", "一般 minor"].contains(row[7]))
            #expect(row[9].isEmpty)
        }
        // Evidence is cited by title and file, never by a bare manifest id.
        let cited = register.rows.map { $0[6] }.filter { !$0.isEmpty }
        #expect(!cited.isEmpty)
        for evidence in cited {
            #expect(evidence.contains("/") && evidence.contains("("), "\(evidence)")
        }
    }

    @Test("with --lang en the header, severity and messages are English")
    func english() throws {
        let register = NonconformityRegister(try SampleReports.context("qiheng-level3", language: .en))
        #expect(register.header.first == "No.")
        #expect(register.rows.allSatisfy { ["major", "minor"].contains($0[7]) })
        // The project prefix (`[P1 某区医保结算系统集成项目] `) is the organization's own name and stays.
        let messages = register.rows.map { row in
            row[5].hasPrefix("[") ? String(row[5].drop { $0 != "]" }) : row[5]
        }
        // English messages may quote the Chinese terms they looked for, but they start in English.
        let chineseFirst = messages.filter { message in
            let first = message.unicodeScalars.first { $0.properties.isAlphabetic }
            return first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false
        }
        #expect(chineseFirst.isEmpty, "messages still in Chinese: \(chineseFirst)")
    }

    @Test("the CSV reads back as the rows (Python's csv module), without a byte-order mark")
    func csvReadsBack() throws {
        let register = NonconformityRegister(try SampleReports.context("qiheng-level3"))
        let csv = register.csv
        #expect(!csv.hasPrefix("\u{FEFF}"))
        #expect(csv.hasSuffix("\n"))
        guard SampleReports.pythonAvailable else {
            print("note: python3 is not installed; the CSV is not read back")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nc-\(UUID()).csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script =
            "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"
        let output = try #require(SampleReports.run(["python3", "-c", script, file.path]))
        let rows = try #require(try JSONSerialization.jsonObject(with: output) as? [[String]])
        #expect(rows == [register.header] + register.rows)
    }

    @Test(
        "the workbook opens in openpyxl with the same cells and a frozen header",
        .enabled(if: SampleReports.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): not read back")
    )
    func xlsxReadsBack() throws {
        let register = NonconformityRegister(try SampleReports.context("qiheng-level3"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nc-\(UUID()).xlsx")
        try Data(register.xlsx).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book.active
            rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            print(json.dumps({"title": sheet.title, "freeze": sheet.freeze_panes, "rows": rows}))
            """
        let output = try #require(SampleReports.run(["python3", "-c", script, file.path]))
        let object = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(object["title"] as? String == "NC")
        #expect(object["freeze"] as? String == "A2")
        let rows = try #require(object["rows"] as? [[String]])
        #expect(rows == [register.header] + register.rows)
    }

    @Test(
        "LibreOffice reads the workbook as the same cells as the CSV",
        .enabled(if: SampleReports.libreOfficeAvailable, "LibreOffice (soffice) is not installed: not read back"))
    func libreOfficeReadsBack() throws {
        let register = NonconformityRegister(try SampleReports.context("qiheng-level3"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nc-lo-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = folder.appendingPathComponent("nc.xlsx")
        try Data(register.xlsx).write(to: workbook)
        let converted = SampleReports.run([
            "timeout", "120", "soffice", "--headless",
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder.path, workbook.path,
        ])
        #expect(converted != nil, "soffice could not convert the workbook")
        let csv = try String(contentsOf: folder.appendingPathComponent("nc.csv"), encoding: .utf8)
        #expect(csv == register.csv)
    }

    @Test("the workbook's bytes depend only on the content")
    func deterministic() throws {
        let first = NonconformityRegister(try SampleReports.context("huaxin-level1")).xlsx
        let second = NonconformityRegister(try SampleReports.context("huaxin-level1")).xlsx
        #expect(first == second)
        #expect(Array(first.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
    }
}
