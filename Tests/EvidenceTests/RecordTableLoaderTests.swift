import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("Record tables: typed CSV")
struct RecordTableLoaderTests {
    let spec = RecordTableSpec(
        name: "tickets", path: "records/tickets.csv",
        columns: [
            ColumnSpec(name: "id", type: .string, required: true),
            ColumnSpec(name: "n", type: .integer),
            ColumnSpec(name: "hours", type: .decimal),
            ColumnSpec(name: "day", type: .date),
            ColumnSpec(name: "at", type: .datetime),
            ColumnSpec(name: "ok", type: .boolean),
        ])

    func load(_ text: String, spec: RecordTableSpec? = nil) throws(FindingsError) -> RecordTable {
        try RecordTableLoader.load(spec: spec ?? self.spec, bytes: Array(text.utf8), file: "bundle/records/tickets.csv")
    }

    func errors(_ text: String, spec: RecordTableSpec? = nil) -> [Finding] {
        do {
            _ = try load(text, spec: spec)
            return []
        } catch {
            return error.findings.filter { $0.severity == .error }
        }
    }

    @Test func everyTypeConverts() throws {
        let table = try load("id,n,hours,day,at,ok\nA,-42,12.50,2026/9/28,2026-09-28 09:05,是\nB,,,,,\n")
        #expect(table.rowCount == 2)
        #expect(table.value(row: 1, column: 0) == .string("A"))
        #expect(table.value(row: 1, column: 1) == .integer(-42))
        #expect(table.value(row: 1, column: 2) == .decimal(ExactDecimal("12.5")!))
        #expect(table.value(row: 1, column: 2).text == "12.50")
        #expect(table.value(row: 1, column: 3).text == "2026-09-28")
        #expect(table.value(row: 1, column: 4).text == "2026-09-28T09:05:00")
        #expect(table.value(row: 1, column: 5) == .boolean(true))
        #expect(table.row(2).values.dropFirst().allSatisfy { $0.isNull })
    }

    @Test func booleansInEveryAcceptedForm() throws {
        let spec = RecordTableSpec(name: "b", path: "b.csv", columns: [ColumnSpec(name: "v", type: .boolean)])
        let table = try load("v\ntrue\nFALSE\nyes\nNo\n1\n0\n是\n否\nY\nn\n", spec: spec)
        #expect(
            table.column(named: "v")
                == [true, false, true, false, true, false, true, false, true, false].map(RecordValue.boolean))
    }

    @Test func columnsAreMatchedByNameInAnyOrder() throws {
        let table = try load("ok,at,day,hours,n,id\ntrue,2026-01-01 00:00,2026-01-01,1,2,X\n")
        #expect(
            table.row(1).values == [
                .string("X"), .integer(2), .decimal(ExactDecimal("1")!),
                .date(CalendarDate(iso: "2026-01-01")!), .dateTime(LocalDateTime(iso: "2026-01-01T00:00")!),
                .boolean(true),
            ])
    }

    @Test func aBadValueNamesFileRowLineColumnAndValue() {
        let found = errors(
            "id,n,hours,day,at,ok\nA,1,1,2026-01-01,2026-01-01 10:00,true\n\"B\nB\",x1,1,2026-01-01,2026-01-01 10:00,true\n"
        )
        #expect(found.count == 1)
        let finding = found[0]
        #expect(finding.code == "csv-value")
        #expect(finding.location == SourceLocation(file: "bundle/records/tickets.csv", line: 3))
        #expect(finding.message.contains("row 2"))
        #expect(finding.message.contains("column 'n'"))
        #expect(finding.message.contains("'x1'"))
        #expect(finding.message.contains("whole number"))
    }

    @Test func everyBadCellIsReportedWithItsType() {
        let found = errors("id,n,hours,day,at,ok\nA,1.5,1,234,2026-13-01,2026-01-01,maybe\n")
        // 7 fields against a 6-column header: one error for the row.
        #expect(found.count == 1 && found[0].message.contains("7 fields but the header has 6"))
        let typed = errors("id,n,hours,day,at,ok\nA,1.5,\"1,234\",2026-13-01,2026-01-01,maybe\n")
        #expect(
            typed.map(\.message).map { $0.components(separatedBy: "column '")[1].prefix(while: { $0 != "'" }) }
                == ["n", "hours", "day", "at", "ok"])
    }

    @Test func aRequiredEmptyCellIsAnError() {
        let found = errors("id,n,hours,day,at,ok\n,1,1,2026-01-01,2026-01-01 10:00,true\n")
        #expect(found.count == 1)
        #expect(found[0].message.contains("row 1, column 'id': a value is required"))
    }

    @Test func headerProblems() {
        let missing = errors("id,count,hours,day,at,ok\n")
        #expect(missing.count == 1)
        #expect(missing[0].code == "csv-header")
        #expect(missing[0].message.contains("no column `n`"))
        let twice = errors("id,id,n,hours,day,at,ok\n")
        #expect(twice.contains { $0.message.contains("names column 'id' twice") })
        #expect(errors("").first?.message.contains("the file is empty") == true)
    }

    @Test func aMisspeltHeaderGetsASuggestion() {
        let found = errors("id,n,hours,dy,at,ok\n")
        #expect(found.first?.message.contains("did you mean `dy`") == true)
    }

    @Test func anUndeclaredColumnIsAWarningAndIgnored() throws {
        let table = try load("id,n,hours,day,at,ok,extra\nA,1,1,2026-01-01,2026-01-01 10:00,true,zzz\n")
        #expect(table.findings.map(\.severity) == [.warning])
        #expect(table.findings[0].message.contains("column 'extra'"))
        #expect(table.row(1).values.count == 6)
    }

    @Test func blankLinesAndEmptyRowsAreSkippedAndNotNumbered() throws {
        let table = try load("id,n,hours,day,at,ok\n\nA,,,,,\n,,,,,\nB,,,,,\n")
        #expect(table.rowCount == 2)
        #expect(table.row(2).values[0] == .string("B"))
        #expect(table.line(ofRow: 2) == 5)
    }

    @Test func byteOrderMarkIsDropped() throws {
        let table = try load("\u{FEFF}id,n,hours,day,at,ok\r\nA,1,1,2026-01-01,2026-01-01 10:00,true\r\n")
        #expect(table.rowCount == 1)
        #expect(table.encoding == .utf8)
        #expect(table.findings.isEmpty)
    }

    @Test func gb18030IsDetected() throws {
        let spec = RecordTableSpec(
            name: "visits", path: "v.csv",
            columns: [
                ColumnSpec(name: "客户", type: .string, required: true), ColumnSpec(name: "满意", type: .boolean),
            ])
        let bytes = gb18030("客户,满意\n某市大数据局,是\n")
        let table = try RecordTableLoader.load(spec: spec, bytes: bytes, file: "v.csv")
        #expect(table.encoding == .gb18030)
        #expect(table.value(row: 1, column: 0) == .string("某市大数据局"))
        #expect(table.value(row: 1, column: 1) == .boolean(true))
        #expect(table.findings.map(\.code) == ["csv-encoding"])
        #expect(table.findings[0].severity == .note)
    }

    @Test func declaredEncodingsAreHonoured() throws {
        var spec = RecordTableSpec(name: "v", path: "v.csv", columns: [ColumnSpec(name: "名称", type: .string)])
        spec.encoding = .gb18030
        let table = try RecordTableLoader.load(spec: spec, bytes: gb18030("名称\n𠀀龘\n"), file: "v.csv")
        #expect(table.value(row: 1, column: 0) == .string("𠀀龘")) // a four-byte GB18030 character too
        #expect(table.findings.isEmpty)

        spec.encoding = .utf8
        #expect {
            try RecordTableLoader.load(spec: spec, bytes: gb18030("名称\n甲\n"), file: "v.csv")
        } throws: { error in
            let finding = (error as! FindingsError).findings[0]
            return finding.code == "csv-encoding" && finding.location?.line == 1
                && finding.message.contains("declared UTF-8")
        }
    }

    @Test func utf16IsRefusedWithAHint() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00]
        #expect {
            try RecordTableLoader.load(spec: spec, bytes: bytes, file: "t.csv")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("UTF-16")
        }
    }

    @Test func syntaxErrorsNameTheLine() {
        let found = errors("id,n,hours,day,at,ok\nA,1,1,2026-01-01,2026-01-01 10:00,\"open\n")
        #expect(found.count == 1)
        #expect(found[0].code == "csv-syntax")
        #expect(found[0].location?.line == 2)
    }

    @Test func cellErrorsAreCapped() {
        var text = "id,n,hours,day,at,ok\n"
        for _ in 0..<200 { text += "A,x,,,,\n" }
        let found = errors(text)
        #expect(found.count == RecordTableLoader.maximumCellErrors + 1)
        #expect(found.last?.message.contains("150 more cell errors") == true)
    }

    /// A header of 100,000 copies of one name (700 KB on one line): one pass, and
    /// one finding per name, not one per copy with the whole header in each.
    @Test func aHeaderOfManyRepeatedNamesIsReadInOnePass() throws {
        let header = "id," + Array(repeating: "dup", count: 100_000).joined(separator: ",") + ",n,hours,day,at,ok\n"
        let found = errors(header + "A,1,2.5,2026-01-01,2026-01-01 09:00,yes\n")
        #expect(found.map(\.message) == ["record table 'tickets': the header names column 'dup' twice"])
    }

    @Test func headerProblemsAreCappedAndTheHeaderCutInMessages() throws {
        // 100,000 different names given twice, and 100,000 undeclared ones, and no declared column but `id`.
        let names = (0..<100_000).map { "c\($0)" }
        let header = (["id"] + names + names).joined(separator: ",") + "\n"
        do {
            _ = try load(header)
            Issue.record("the header should be refused")
        } catch {
            let errors = error.findings.filter { $0.severity == .error }
            let warnings = error.findings.filter { $0.severity == .warning }
            let twice = errors.filter { $0.message.contains("twice") }
            #expect(twice.count == RecordTableLoader.maximumHeaderFindings + 1)
            #expect(
                twice.last?.message == "record table 'tickets': 99950 more column names are given twice, not listed")
            let missing = errors.filter { $0.message.contains("has no column") }
            #expect(missing.count == 5)
            #expect(missing.allSatisfy { $0.message.hasSuffix(", and 199951 more") })
            #expect(warnings.count == RecordTableLoader.maximumHeaderFindings + 1)
            #expect(warnings.last?.message.contains("99950 more columns are in the file but not declared") == true)
        }
    }

    @Test func aNulByteInACellIsASyntaxError() {
        let found = errors("id,n,hours,day,at,ok\nA\u{0}B,1,,,,\n")
        #expect(found.count == 1)
        #expect(found.first?.code == "csv-syntax")
        #expect(found.first?.location?.line == 2)
    }
}

/// The GB18030 bytes of a string, through iconv.
func gb18030(_ text: String) -> [UInt8] {
    let converter = iconv_open("GB18030", "UTF-8")
    defer { iconv_close(converter) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 4 + 4)
    var produced = 0
    input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = outBuffer.count
            _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            produced = outBuffer.count - outLeft
        }
    }
    return Array(output[..<produced])
}
