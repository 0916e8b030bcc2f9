import Diagnostics
import EvidenceFormats
import EvidenceValues
import Foundation
import Testing

@testable import Evidence

@Suite("Record tables: Excel workbooks")
struct XLSXTableTests {
    func load(_ spec: RecordTableSpec, _ folder: URL?, _ name: String) throws -> RecordTable {
        try RecordTableLoader.load(spec: spec, bytes: try Workbooks.bytes(folder, name), file: "records/\(name)")
    }

    func errors(_ spec: RecordTableSpec, _ folder: URL?, _ name: String) throws -> [Finding] {
        let bytes = try Workbooks.bytes(folder, name)
        do {
            _ = try RecordTableLoader.load(spec: spec, bytes: bytes, file: "records/\(name)")
            return []
        } catch {
            return error.findings.filter { $0.severity == .error }
        }
    }

    static let ticketColumns = [
        ColumnSpec(name: "工单号", type: .string, required: true),
        ColumnSpec(name: "报修时间", type: .datetime, required: true),
        ColumnSpec(name: "响应时间", type: .datetime),
        ColumnSpec(name: "费用", type: .decimal),
        ColumnSpec(name: "已关闭", type: .boolean),
        ColumnSpec(name: "日期", type: .date),
    ]

    @Test(.enabled(if: Workbooks.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): no workbooks"))
    func chineseHeadersAndEveryTypeConvert() throws {
        let spec = RecordTableSpec(name: "tickets", path: "records/tickets.xlsx", columns: Self.ticketColumns)
        let table = try load(spec, Workbooks.openpyxl, "tickets.xlsx")
        #expect(table.rowCount == 3)
        #expect(table.line(ofRow: 1) == 2)
        #expect(table.value(row: 1, column: 0) == .string("T-001"))
        #expect(table.value(row: 1, column: 1).text == "2024-03-01T08:30:00")
        #expect(table.value(row: 1, column: 2).text == "2024-03-01T09:00:00")
        #expect(table.value(row: 1, column: 3).text == "12.5")
        #expect(table.value(row: 1, column: 4) == .boolean(true))
        #expect(table.value(row: 1, column: 5).text == "2024-03-01")
        #expect(table.value(row: 2, column: 4) == .boolean(false))
        #expect(table.value(row: 2, column: 3).text == "3")
        // Serial 61 of the 1900 system is 1 March 1900, after the 29 February that never was.
        #expect(table.value(row: 2, column: 5).text == "1900-03-01")
        // Text cells are read as CSV cells are; a formula without a cached value is empty.
        #expect(table.value(row: 3, column: 1).text == "2024-03-04T10:00:00")
        #expect(table.value(row: 3, column: 2) == .null)
        #expect(table.value(row: 3, column: 3) == .null)
        #expect(table.value(row: 3, column: 4) == .boolean(true))
        #expect(table.value(row: 3, column: 5).text == "2024-03-04")
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): no workbooks"))
    func sheetByNameOrPositionAndTheErrorsCiteTheCell() throws {
        var spec = RecordTableSpec(
            name: "notes", path: "records/tickets.xlsx", columns: [ColumnSpec(name: "本表为工单台账", type: .string)])
        spec.sheet = "2"
        #expect(try load(spec, Workbooks.openpyxl, "tickets.xlsx").rowCount == 0)
        spec.sheet = "说明"
        #expect(try load(spec, Workbooks.openpyxl, "tickets.xlsx").rowCount == 0)
        spec.sheet = "说名"
        let missing = try errors(spec, Workbooks.openpyxl, "tickets.xlsx")
        #expect(missing.first?.code == "xlsx-sheet")
        #expect(missing.first?.message.contains("did you mean `说明`") == true)

        var wrong = RecordTableSpec(
            name: "tickets", path: "records/tickets.xlsx",
            columns: [ColumnSpec(name: "工单号", type: .integer), ColumnSpec(name: "报修时", type: .datetime)])
        let header = try errors(wrong, Workbooks.openpyxl, "tickets.xlsx")
        #expect(header.map(\.code) == ["xlsx-header"])
        #expect(header.first?.message.contains("did you mean `报修时间`") == true)
        wrong.columns = [ColumnSpec(name: "工单号", type: .integer)]
        let cells = try errors(wrong, Workbooks.openpyxl, "tickets.xlsx")
        #expect(cells.count == 3)
        #expect(cells.first?.location?.file == "records/tickets.xlsx!工单!A2")
        #expect(cells.first?.message.contains("found 'T-001'") == true)
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): no workbooks"))
    func the1904DateSystem() throws {
        let spec = RecordTableSpec(
            name: "dates", path: "records/dates1904.xlsx",
            columns: [ColumnSpec(name: "日期", type: .date), ColumnSpec(name: "时间", type: .datetime)])
        let table = try load(spec, Workbooks.openpyxl, "dates1904.xlsx")
        #expect(table.value(row: 1, column: 0).text == "2024-03-01")
        #expect(table.value(row: 1, column: 1).text == "2024-03-01T08:30:00")
        #expect(table.value(row: 2, column: 0).text == "1904-01-02")
        #expect(table.value(row: 2, column: 1).text == "1999-12-31T23:59:59")
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): no workbooks"))
    func mergedHeaderCellsNameTheColumnsTheyCover() throws {
        var spec = RecordTableSpec(
            name: "tickets", path: "records/merged.xlsx",
            columns: [
                ColumnSpec(name: "工单号", type: .string), ColumnSpec(name: "报修时间", type: .datetime),
                ColumnSpec(name: "响应时间", type: .datetime),
            ])
        spec.headerRow = 2
        let table = try load(spec, Workbooks.openpyxl, "merged.xlsx")
        #expect(table.rowCount == 1)
        #expect(table.line(ofRow: 1) == 3)
        #expect(table.value(row: 1, column: 0) == .string("T-9"))
        #expect(table.value(row: 1, column: 2).text == "2024-03-01T08:20:00")
    }

    @Test(.enabled(if: Workbooks.openpyxlAvailable, "openpyxl is not installed (pip install openpyxl): no workbooks"))
    func aWorkbookListedAsADocumentGivesTheTextOfItsSheets() throws {
        let content = try XLSXWorkbook.extract(data: Data(try Workbooks.bytes(Workbooks.openpyxl, "tickets.xlsx")))
        #expect(content.headings.map(\.text) == ["工单", "说明"])
        #expect(content.tables.first?.first == ["工单号", "报修时间", "响应时间", "费用", "已关闭", "日期"])
        #expect(content.tables.first?[1][1] == "2024-03-01 08:30:00")
        #expect(content.text.contains("本表为工单台账"))
    }

    @Test(.enabled(if: Workbooks.pythonAvailable, "python3 is not installed: no hand-written workbooks"))
    func inlineFormulaBooleanErrorAndISODateCells() throws {
        let spec = RecordTableSpec(
            name: "kinds", path: "records/kinds.xlsx",
            columns: [
                ColumnSpec(name: "编号", type: .integer), ColumnSpec(name: "结果", type: .string),
                ColumnSpec(name: "通过", type: .boolean), ColumnSpec(name: "日期", type: .date),
            ])
        let found = try errors(spec, Workbooks.hostile, "kinds.xlsx")
        #expect(found.map(\.location?.file) == ["records/kinds.xlsx!Sheet1!B3"])
        #expect(found.first?.message.contains("#N/A") == true)
        let content = try XLSXWorkbook.extract(data: Data(try Workbooks.bytes(Workbooks.hostile, "kinds.xlsx")))
        #expect(content.tables.first?[1] == ["7", "OK", "TRUE", "2024-03-01T00:00:00"])
        #expect(content.tables.first?[2] == ["8", "#N/A", "FALSE", "2024/3/2"])
    }

    @Test(.enabled(if: Workbooks.pythonAvailable, "python3 is not installed: no hostile workbooks"))
    func hostileWorkbooksAreRefused() throws {
        let spec = RecordTableSpec(name: "t", path: "records/x.xlsx", columns: [ColumnSpec(name: "id", type: .string)])
        let bomb = try errors(spec, Workbooks.hostile, "bomb.xlsx")
        #expect(bomb.first?.code == "xlsx-unreadable")
        #expect(bomb.first?.message.contains("unpacks to") == true)
        let doctype = try errors(spec, Workbooks.hostile, "doctype.xlsx")
        #expect(doctype.first?.message.contains("not well-formed") == true)
        #expect(doctype.first?.message.lowercased().contains("doctype") == true)

        let data = Data(try Workbooks.bytes(Workbooks.hostile, "many-strings.xlsx"))
        #expect(throws: XLSXWorkbook.Failure.self) { try XLSXWorkbook(data: data, maximumSharedStrings: 4999) }
        let book = try XLSXWorkbook(data: data, maximumSharedStrings: 5000)
        #expect(try book.rows(of: book.sheets[0]).rows.first?.cells.first?.value == .text("s0"))
    }

    @Test func serialDatesInBothSystems() {
        func iso(_ serial: Double, _ date1904: Bool = false) -> String? {
            XLSXSerialDate(serial: serial, date1904: date1904)?.isoText
        }
        #expect(iso(1) == "1900-01-01")
        #expect(iso(59) == "1900-02-28")
        #expect(iso(60) == nil)
        #expect(iso(61) == "1900-03-01")
        #expect(iso(45352) == "2024-03-01")
        #expect(iso(45352.5) == "2024-03-01 12:00:00")
        #expect(iso(45352.999999999) == "2024-03-02")
        #expect(iso(0, true) == "1904-01-01")
        #expect(iso(43890, true) == "2024-03-01")
        #expect(iso(-1) == nil)
        #expect(iso(.nan) == nil)
        #expect(iso(2_958_465) == "9999-12-31")
    }

    @Test func dateFormats() {
        #expect(XLSXNumberFormat.isDateFormat("yyyy-mm-dd"))
        #expect(XLSXNumberFormat.isDateFormat("yyyy\"年\"m\"月\"d\"日\""))
        #expect(XLSXNumberFormat.isDateFormat("[$-804]h:mm"))
        #expect(XLSXNumberFormat.isDateFormat("[h]:mm"))
        #expect(!XLSXNumberFormat.isDateFormat("General"))
        #expect(!XLSXNumberFormat.isDateFormat("0.00_);[Red](0.00)"))
        #expect(!XLSXNumberFormat.isDateFormat("\"days\" 0"))
        #expect(!XLSXNumberFormat.isDateFormat("#,##0"))
    }

    @Test func cellReferences() {
        #expect(XLSXCellReference("A1") == XLSXCellReference(column: 0, row: 1))
        #expect(XLSXCellReference("$AB$12") == XLSXCellReference(column: 27, row: 12))
        #expect(XLSXCellReference("XFD1048576")?.column == 16383)
        #expect(XLSXCellReference("XFE1") == nil)
        #expect(XLSXCellReference("A0") == nil)
        #expect(XLSXCellReference("1A") == nil)
        #expect(XLSXCellReference.letters(ofColumn: 27) == "AB")
    }
}
