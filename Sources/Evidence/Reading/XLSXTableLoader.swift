import Diagnostics
import EvidenceFormats
import EvidenceValues
import Foundation

/// Reads a record table from a sheet of an Excel workbook (`.xlsx`): the header in
/// `header_row` (merged header cells give their text to every cell they cover), the
/// data rows below it, each cell converted to its column's type as a CSV cell would
/// be, with the workbook's own types taken into account (numbers, booleans, serial
/// dates of the 1900 or the 1904 system, formulas' cached values). Findings cite
/// the cell: `records/tickets.xlsx!Sheet1!B12`.
///
/// The table's rows are numbered 1, 2, … from the first data row, as for CSV; a
/// row's "line" is its row number in the sheet.
enum XLSXTableLoader {
    static func load(spec: RecordTableSpec, bytes: [UInt8], file: String) throws(FindingsError) -> RecordTable {
        let workbook: XLSXWorkbook
        do {
            workbook = try XLSXWorkbook(data: Data(bytes))
        } catch {
            throw .single(
                "xlsx-unreadable", "record table '\(spec.name)': \(error.reason)", location: SourceLocation(file: file))
        }
        let sheet: XLSXWorkbook.Sheet
        if let wanted = spec.sheet {
            guard let found = workbook.sheet(named: wanted) else {
                let names = workbook.sheets.map(\.name)
                throw .single(
                    "xlsx-sheet",
                    "record table '\(spec.name)': the workbook has no sheet '\(wanted)'\(Suggestion.didYouMean(wanted, among: names)); its sheets are: \(names.joined(separator: ", "))",
                    location: SourceLocation(file: file))
            }
            sheet = found
        } else {
            guard let first = workbook.sheets.first else {
                throw .single(
                    "xlsx-sheet", "record table '\(spec.name)': the workbook has no sheets",
                    location: SourceLocation(file: file))
            }
            sheet = first
        }
        let read: (rows: [XLSXRow], merged: [XLSXMergedRange])
        do {
            read = try workbook.rows(of: sheet)
        } catch {
            throw .single(
                "xlsx-unreadable", "record table '\(spec.name)': \(error.reason)", location: SourceLocation(file: file))
        }
        var converter = XLSXCellConverter(spec: spec, file: file, sheet: sheet.name, date1904: workbook.date1904)
        let map = try converter.mapHeader(read.rows, merged: read.merged)
        for row in read.rows where row.number > spec.headerRow {
            converter.take(row, map: map)
        }
        if converter.suppressedErrors > 0 {
            converter.errors.append(
                Finding(
                    .error, code: "xlsx-value",
                    message: "record table '\(spec.name)': \(converter.suppressedErrors) more cell errors not listed",
                    location: SourceLocation(file: "\(file)!\(sheet.name)")))
        }
        if !converter.errors.isEmpty { throw FindingsError(converter.errors + converter.warnings) }
        // The converter gives the cells row by row; the table stores them by column.
        var columns = RecordColumnsBuilder(types: spec.columns.map(\.type))
        let width = spec.columns.count
        columns.reserve(rows: converter.lines.count)
        for row in converter.lines.indices {
            for column in 0..<width { columns.append(converter.cells[row * width + column], column: column) }
            columns.endRow()
        }
        return RecordTable(
            spec: spec, columns: columns.finish(), lines: converter.lines.map { Int32(clamping: $0) }, encoding: .utf8,
            findings: converter.warnings)
    }
}

/// The conversion of one sheet: the header's column map, then the typed cells row by row.
private struct XLSXCellConverter {
    let spec: RecordTableSpec
    let file: String
    let sheet: String
    let date1904: Bool
    var cells: [RecordValue] = []
    var lines: [Int] = []
    var errors: [Finding] = []
    var warnings: [Finding] = []
    var suppressedErrors = 0

    init(spec: RecordTableSpec, file: String, sheet: String, date1904: Bool) {
        self.spec = spec
        self.file = file
        self.sheet = sheet
        self.date1904 = date1904
    }

    func location(column: Int, row: Int) -> SourceLocation {
        SourceLocation(file: "\(file)!\(sheet)!\(XLSXCellReference(column: column, row: row).text)")
    }

    /// For each declared column, the 0-based sheet column that holds it.
    mutating func mapHeader(_ rows: [XLSXRow], merged: [XLSXMergedRange]) throws(FindingsError) -> [Int] {
        let headerRow = spec.headerRow
        let rowLocation = SourceLocation(file: "\(file)!\(sheet)!\(headerRow):\(headerRow)")
        var names: [Int: String] = [:]
        if let row = rows.first(where: { $0.number >= headerRow }), row.number == headerRow {
            for cell in row.cells {
                let name = cell.value.displayText(date1904: date1904).trimmingWhitespace()
                if !name.isEmpty { names[cell.column] = name }
            }
        }
        // A merged cell that covers the header row names every column it spans. Rows are
        // looked up by number, and each top row's cells by column, once: linear in the
        // rows, the merged ranges and the top rows' cells, whatever their counts.
        let byNumber = Dictionary(rows.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        var topCells: [Int: [Int: XLSXCellValue]] = [:]
        for range in merged where (range.firstRow...range.lastRow).contains(headerRow) {
            if topCells[range.firstRow] == nil {
                let cells = byNumber[range.firstRow]?.cells ?? []
                topCells[range.firstRow] = Dictionary(
                    cells.map { ($0.column, $0.value) }, uniquingKeysWith: { first, _ in first })
            }
            guard let value = topCells[range.firstRow]?[range.firstColumn] else { continue }
            let name = value.displayText(date1904: date1904).trimmingWhitespace()
            guard !name.isEmpty, range.lastColumn - range.firstColumn < 1024 else { continue }
            for column in range.firstColumn...range.lastColumn where names[column] == nil { names[column] = name }
        }
        let columns = names.keys.sorted()
        if columns.isEmpty {
            throw .single(
                "xlsx-header",
                "record table '\(spec.name)': row \(headerRow) of sheet '\(sheet)' is empty; expected a header row with the columns \(spec.columns.map(\.name).joined(separator: ", ")) (say `header_row:` when the header is lower down)",
                location: rowLocation)
        }
        var firstColumn: [String: Int] = [:]
        var repeated: [String] = []
        for column in columns {
            let name = names[column]!
            if firstColumn[name] == nil {
                firstColumn[name] = column
            } else if !repeated.contains(name) {
                repeated.append(name)
            }
        }
        var failed: [Finding] = []
        for name in repeated.prefix(RecordTableLoader.maximumHeaderFindings) {
            failed.append(
                Finding(
                    .error, code: "xlsx-header",
                    message: "record table '\(spec.name)': the header names column '\(name)' twice",
                    location: rowLocation))
        }
        let declared = Set(spec.columns.flatMap { [$0.name] + $0.aliases })
        let undeclared = columns.map { names[$0]! }.filter { !declared.contains($0) }
        var map: [Int] = []
        for column in spec.columns {
            if let index = column.headerIndex({ firstColumn[$0] }) {
                map.append(index)
            } else if column.mayBeAbsent {
                map.append(-1)
            } else {
                let hint = column.suggestion(among: Array(undeclared.prefix(RecordTableLoader.maximumHeaderFindings)))
                let header = columns.prefix(RecordTableLoader.maximumHeaderFindings).map { names[$0]! }
                failed.append(
                    Finding(
                        .error, code: "xlsx-header",
                        message:
                            "record table `\(spec.name)`: the header has no column \(column.namesForMessage)\(hint); the header is: \(header.joined(separator: ", "))",
                        location: rowLocation))
            }
        }
        if !failed.isEmpty { throw FindingsError(failed) }
        for name in undeclared.prefix(RecordTableLoader.maximumHeaderFindings) {
            warnings.append(
                Finding(
                    .warning, code: "xlsx-header",
                    message:
                        "record table '\(spec.name)': column '\(name)' is in the sheet but not declared in the manifest; it is ignored",
                    location: location(column: firstColumn[name] ?? 0, row: headerRow)))
        }
        return map
    }

    mutating func take(_ row: XLSXRow, map: [Int]) {
        let number = lines.count + 1
        lines.append(row.number)
        for (c, column) in spec.columns.enumerated() {
            guard map[c] >= 0 else {
                cells.append(.null)
                continue
            }
            cells.append(convert(row.cell(column: map[c]), column: column, at: map[c], row: row.number, number: number))
        }
    }

    mutating func cellError(_ message: String, column: Int, row: Int) {
        guard errors.count < RecordTableLoader.maximumCellErrors else {
            suppressedErrors += 1
            return
        }
        errors.append(
            Finding(
                .error, code: "xlsx-value", message: "record table '\(spec.name)': \(message)",
                location: location(column: column, row: row)))
    }

    mutating func convert(_ cell: XLSXCellValue?, column: ColumnSpec, at index: Int, row: Int, number: Int)
        -> RecordValue
    {
        let text = cell.map { $0.displayText(date1904: date1904) } ?? ""
        let trimmed = text.trimmingWhitespace()
        guard let cell, !trimmed.isEmpty || (column.type == .string && !text.isEmpty) else {
            if column.required {
                cellError(
                    "row \(number), column '\(column.name)': a value is required but the cell is empty", column: index,
                    row: row)
            }
            return .null
        }
        if case .error(let code) = cell {
            cellError(
                "row \(number), column '\(column.name)': the cell holds the error \(code), not a value", column: index,
                row: row)
            return .null
        }
        let bytes = Array(trimmed.utf8)
        let value: RecordValue?
        switch (column.type, cell) {
        case (.string, _): value = .string(text)
        case (.integer, .number(let raw, _)):
            value = Double(raw).flatMap {
                $0 == $0.rounded() && abs($0) < 9.0e15 ? RecordValue.integer(Int64($0)) : nil
            }
        case (.integer, _): value = CellParsing.integer(bytes.span).map(RecordValue.integer)
        case (.decimal, .number(let raw, _)):
            value = (ExactDecimal.parse(Array(raw.utf8).span) ?? Self.plainDecimal(raw)).map(RecordValue.decimal)
        case (.decimal, _): value = ExactDecimal.parse(bytes.span).map(RecordValue.decimal)
        case (.date, .number(let raw, _)):
            value = Self.serial(raw, date1904).flatMap { CalendarDate(year: $0.year, month: $0.month, day: $0.day) }
                .map(RecordValue.date)
        case (.date, _):
            value =
                (DateParsing.parseDate(bytes.span, lenient: true)
                ?? DateParsing.parseDateTime(bytes.span, lenient: true)?.date).map(RecordValue.date)
        case (.datetime, .number(let raw, _)):
            value = Self.serial(raw, date1904).flatMap { moment in
                CalendarDate(year: moment.year, month: moment.month, day: moment.day).flatMap {
                    LocalDateTime(date: $0, hour: moment.hour, minute: moment.minute, second: moment.second)
                }
            }.map(RecordValue.dateTime)
        case (.datetime, _): value = DateParsing.parseDateTime(bytes.span, lenient: true).map(RecordValue.dateTime)
        case (.boolean, .boolean(let flag)): value = .boolean(flag)
        case (.boolean, _): value = CellParsing.boolean(bytes.span).map(RecordValue.boolean)
        }
        guard let value else {
            cellError(
                "row \(number), column '\(column.name)': expected \(CellParsing.expectation(column.type)), found '\(text)'",
                column: index, row: row)
            return .null
        }
        return value
    }

    static func serial(_ raw: String, _ date1904: Bool) -> XLSXSerialDate? {
        Double(raw).flatMap { XLSXSerialDate(serial: $0, date1904: date1904) }
    }

    /// A number written with an exponent (`1.5E-3`), as a plain decimal, when it has one.
    static func plainDecimal(_ raw: String) -> ExactDecimal? {
        guard let number = Double(raw), number.isFinite, abs(number) < 1e15 else { return nil }
        let formatted = String(format: "%.10f", number)
        var text = formatted
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return ExactDecimal.parse(Array(text.utf8).span)
    }
}
