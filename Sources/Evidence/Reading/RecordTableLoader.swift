import Diagnostics
import EvidenceFormats
import EvidenceValues

/// Reads a record table's CSV file and converts every cell to its column's type,
/// reporting each problem with the file, the row, the line, the column and the value.
///
/// Worst case: linear in the file (within `ReadLimits.csvBytes`). The reader
/// passes over the bytes once; the header is checked with one dictionary pass and
/// its findings are capped (`maximumHeaderFindings`), as are the cell errors
/// (`maximumCellErrors`); each declared cell is converted once by a parser that
/// reads its bytes once.
public enum RecordTableLoader {
    /// At most this many cell errors are listed per table; the rest are counted.
    public static let maximumCellErrors = 50
    /// At most this many header problems of one kind (names given twice, missing or
    /// undeclared columns) are listed per table, and header names per message; the rest are counted.
    public static let maximumHeaderFindings = 50

    /// Reads `bytes`, the content of the table's CSV file. `file` is how findings name it.
    /// Throws every error found; warnings and notes come back in `RecordTable.findings`.
    /// `bytes` is consumed so that the reader can work on the buffer in place without copying it.
    public static func load(spec: RecordTableSpec, bytes: consuming [UInt8], file: String) throws(FindingsError)
        -> RecordTable
    {
        if spec.path.lowercased().hasSuffix(".xlsx") || OfficeConverter.targetExtension(forPath: spec.path) == "xlsx" {
            return try XLSXTableLoader.load(spec: spec, bytes: bytes, file: file)
        }
        var notes: [Finding] = []
        var decoded: TextDecoder.Decoded
        switch TextDecoder.decode(consume bytes, declared: spec.encoding) {
        case .success(let value): decoded = value
        case .failure(let failure):
            throw FindingsError([
                Finding(
                    .error, code: "csv-encoding", message: "record table '\(spec.name)': \(failure.message)",
                    location: SourceLocation(file: file, line: failure.line))
            ])
        }
        if decoded.detected {
            notes.append(
                Finding(
                    .note, code: "csv-encoding",
                    message:
                        "record table '\(spec.name)': the file is not UTF-8; read as GB18030 (declare 'encoding: gb18030' to say so)",
                    location: SourceLocation(file: file)))
        }

        var converter = CellConverter(spec: spec, file: file)
        let encoding = decoded.encoding
        let utf8 = decoded.utf8
        decoded.utf8 = [] // the reader must hold the only reference, or it copies the buffer
        // Reserve room for every cell at once rather than growing by doubling.
        var newlines = 0
        for byte in utf8 where byte == 0x0A { newlines += 1 }
        converter.reserve(rows: newlines + 1)
        var reader = CSVReader(utf8: consume utf8)
        do {
            try reader.forEachRecord { record, bytes in
                try converter.take(record, bytes)
            }
        } catch let error as CSVReader.SyntaxError {
            converter.errors.append(
                Finding(
                    .error, code: "csv-syntax", message: "record table '\(spec.name)': \(error.message)",
                    location: SourceLocation(file: file, line: error.line)))
        } catch {
            // `take` throws only to stop after a header error, which it has recorded.
        }
        if converter.header == nil, converter.errors.isEmpty {
            converter.errors.append(
                Finding(
                    .error, code: "csv-header",
                    message:
                        "record table '\(spec.name)': the file is empty; expected a header row with the columns \(spec.columns.map(\.name).joined(separator: ", "))",
                    location: SourceLocation(file: file, line: 1)))
        }
        if converter.suppressedErrors > 0 {
            converter.errors.append(
                Finding(
                    .error, code: "csv-value",
                    message: "record table '\(spec.name)': \(converter.suppressedErrors) more cell errors not listed",
                    location: SourceLocation(file: file)))
        }
        if !converter.errors.isEmpty {
            throw FindingsError(converter.errors + converter.warnings + notes)
        }
        let lines = converter.lines
        return RecordTable(
            spec: spec, columns: converter.columns.finish(), lines: lines, encoding: encoding,
            findings: converter.warnings + notes)
    }
}

/// The state of one table's conversion: the header's column map, then the typed cells row by row.
private struct CellConverter {
    let spec: RecordTableSpec
    let file: String
    /// For each declared column, the index of its field in the file; set by the header row.
    var header: [Int]?
    var headerWidth = 0
    var columns: RecordColumnsBuilder
    var lines: [Int32] = []
    var errors: [Finding] = []
    var warnings: [Finding] = []
    var suppressedErrors = 0

    /// The declared columns' types and whether each is required, in order (read
    /// once, not per cell).
    let types: [ColumnType]
    let required: [Bool]

    init(spec: RecordTableSpec, file: String) {
        self.spec = spec
        self.file = file
        self.types = spec.columns.map(\.type)
        self.required = spec.columns.map(\.required)
        self.columns = RecordColumnsBuilder(types: types)
    }

    struct StopAfterHeader: Error {}

    mutating func reserve(rows: Int) {
        columns.reserve(rows: rows)
        lines.reserveCapacity(rows)
    }

    mutating func take(_ record: borrowing CSVReader.Record, _ bytes: Span<UInt8>) throws {
        if record.isBlank { return }
        guard let header else {
            try readHeader(record, bytes)
            return
        }
        // Rows whose cells are all empty (Excel writes them for formatted empty rows) are skipped.
        var allEmpty = true
        for f in 0..<record.count where record.starts[f] != record.ends[f] {
            allEmpty = false
            break
        }
        if allEmpty { return }

        let rowNumber = lines.count + 1
        lines.append(Int32(clamping: record.line))
        defer { columns.endRow() }
        guard record.count == headerWidth else {
            cellError(
                "row \(rowNumber) has \(record.count) fields but the header has \(headerWidth)", line: record.line)
            for c in spec.columns.indices { columns.append(.null, column: c) }
            return
        }
        for c in 0..<types.count {
            let f = header[c]
            if f < 0 {
                columns.append(.null, column: c)
                continue
            }
            let cell = bytes.extracting(record.starts[f]..<record.ends[f])
            if types[c] == .string, !cell.isEmpty {
                // Text is interned by its bytes (valid UTF-8: the file was checked or converted).
                columns.appendText(cell, column: c)
                continue
            }
            columns.append(convert(cell, column: c, row: rowNumber, line: record.line), column: c)
        }
    }

    mutating func readHeader(_ record: borrowing CSVReader.Record, _ bytes: Span<UInt8>) throws {
        var names: [String] = []
        for f in 0..<record.count {
            let cell = bytes.extracting(record.starts[f]..<record.ends[f])
            names.append(String(decodingUTF8: cell).trimmingWhitespace())
        }
        let location = SourceLocation(file: file, line: record.line)
        // Linear in the header: one dictionary pass finds the names given twice
        // (each reported once), and at most `maximumHeaderFindings` of each kind
        // of problem are listed, so a header of 100,000 repeated or unknown names
        // costs one pass, not a finding (and a copy of the header) per name.
        var firstIndex: [String: Int] = [:]
        var repeated: [String] = []
        var repeatedSeen: Set<String> = []
        for (i, name) in names.enumerated() {
            if firstIndex[name] == nil {
                firstIndex[name] = i
            } else if repeatedSeen.insert(name).inserted {
                repeated.append(name)
            }
        }
        var failed = !repeated.isEmpty
        for name in repeated.prefix(RecordTableLoader.maximumHeaderFindings) {
            errors.append(
                Finding(
                    .error, code: "csv-header",
                    message: "record table '\(spec.name)': the header names column '\(name)' twice", location: location)
            )
        }
        if repeated.count > RecordTableLoader.maximumHeaderFindings {
            errors.append(
                Finding(
                    .error, code: "csv-header",
                    message:
                        "record table '\(spec.name)': \(repeated.count - RecordTableLoader.maximumHeaderFindings) more column names are given twice, not listed",
                    location: location))
        }
        let declared = Set(spec.columns.flatMap { [$0.name] + $0.aliases })
        var undeclared: [String] = []
        var undeclaredSeen: Set<String> = []
        for name in names where !declared.contains(name) && undeclaredSeen.insert(name).inserted {
            undeclared.append(name)
        }
        var map: [Int] = []
        for column in spec.columns {
            if let i = column.headerIndex({ firstIndex[$0] }) {
                map.append(i)
            } else if column.mayBeAbsent {
                map.append(-1)
            } else {
                let hint = column.suggestion(among: Array(undeclared.prefix(RecordTableLoader.maximumHeaderFindings)))
                errors.append(
                    Finding(
                        .error, code: "csv-header",
                        message:
                            "record table `\(spec.name)`: the header has no column \(column.namesForMessage)\(hint); the header is: \(Self.listed(names))",
                        location: location))
                failed = true
            }
        }
        let ignored = undeclared.filter { !$0.isEmpty || names.count > 1 }
        for name in ignored.prefix(RecordTableLoader.maximumHeaderFindings) {
            warnings.append(
                Finding(
                    .warning, code: "csv-header",
                    message:
                        "record table '\(spec.name)': column '\(name)' is in the file but not declared in the manifest; it is ignored",
                    location: location))
        }
        if ignored.count > RecordTableLoader.maximumHeaderFindings {
            warnings.append(
                Finding(
                    .warning, code: "csv-header",
                    message:
                        "record table '\(spec.name)': \(ignored.count - RecordTableLoader.maximumHeaderFindings) more columns are in the file but not declared in the manifest, not listed; they are ignored",
                    location: location))
        }
        if failed { throw StopAfterHeader() }
        header = map
        headerWidth = names.count
    }

    /// The header's names, joined; a long header is cut after `maximumHeaderFindings` names.
    static func listed(_ names: [String]) -> String {
        let shown = names.prefix(RecordTableLoader.maximumHeaderFindings).joined(separator: ", ")
        let more = names.count - RecordTableLoader.maximumHeaderFindings
        return more > 0 ? shown + ", and \(more) more" : shown
    }

    mutating func cellError(_ message: String, line: Int) {
        guard errors.count < RecordTableLoader.maximumCellErrors else {
            suppressedErrors += 1
            return
        }
        errors.append(
            Finding(
                .error, code: "csv-value", message: "record table '\(spec.name)': \(message)",
                location: SourceLocation(file: file, line: line)))
    }

    /// The cell of declared column `c` as a value of its type; an empty cell is nil,
    /// a cell that is not of the type an error (and nil).
    mutating func convert(_ raw: Span<UInt8>, column c: Int, row: Int, line: Int) -> RecordValue {
        let type = types[c]
        let cell = type == .string ? raw : raw.extracting(Self.trimmedRange(raw))
        if cell.isEmpty {
            if required[c] {
                let column = spec.columns[c]
                cellError("row \(row), column '\(column.name)': a value is required but the cell is empty", line: line)
            }
            return .null
        }
        let value: RecordValue?
        switch type {
        case .string: value = .string(String(decodingUTF8: cell))
        case .integer: value = CellParsing.integer(cell).map(RecordValue.integer)
        case .decimal: value = ExactDecimal.parse(cell).map(RecordValue.decimal)
        case .date: value = DateParsing.parseDate(cell, lenient: true).map(RecordValue.date)
        case .datetime: value = DateParsing.parseDateTime(cell, lenient: true).map(RecordValue.dateTime)
        case .boolean: value = CellParsing.boolean(cell).map(RecordValue.boolean)
        }
        guard let value else {
            let text = String(decodingUTF8: cell)
            cellError(
                "row \(row), column '\(spec.columns[c].name)': expected \(CellParsing.expectation(type)), found '\(text)'",
                line: line)
            return .null
        }
        return value
    }

    /// The cell's bytes without leading and trailing spaces and tabs.
    static func trimmedRange(_ cell: Span<UInt8>) -> Range<Int> {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }
}

/// Conversions of cell bytes to integers and booleans.
enum CellParsing {
    /// `[+-]digits`, within 64 bits.
    static func integer(_ cell: Span<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if cell[0] == UInt8(ascii: "-") || cell[0] == UInt8(ascii: "+") {
            negative = cell[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < cell.count else { return nil }
        var value: Int64 = 0
        while i < cell.count {
            let d = cell[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? times10.subtractingReportingOverflow(Int64(d)) : times10.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// true/false, yes/no, y/n, 1/0 (any case), 是/否.
    static func boolean(_ cell: Span<UInt8>) -> Bool? {
        guard cell.count <= 5 else { return nil }
        // The common spellings by their bytes: ASCII words in any case, 是 and 否.
        var ascii: UInt64 = 0
        var isASCII = true
        for i in 0..<cell.count {
            let byte = cell[i]
            if byte >= 0x80 { isASCII = false }
            // ASCII letters to lower case; other bytes as they are.
            ascii = ascii << 8 | UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        if isASCII {
            switch ascii {
            case 0x74_72_75_65, 0x79_65_73, 0x79, 0x31: return true // true, yes, y, 1
            case 0x66_61_6C_73_65, 0x6E_6F, 0x6E, 0x30: return false // false, no, n, 0
            default: return nil
            }
        }
        if ascii == 0xE6_98_AF { return true } // 是
        if ascii == 0xE5_90_A6 { return false } // 否
        switch String(decodingUTF8: cell).lowercased() {
        case "true", "yes", "y", "1", "是": return true
        case "false", "no", "n", "0", "否": return false
        default: return nil
        }
    }

    /// What a cell of the type must look like, for error messages.
    static func expectation(_ type: ColumnType) -> String {
        switch type {
        case .string: "text"
        case .integer: "a whole number (such as 42; no thousands separators)"
        case .decimal: "a decimal number (such as 12.50; no thousands separators or exponents)"
        case .date: "a date (YYYY-MM-DD or YYYY/M/D)"
        case .datetime: "a date and time (YYYY-MM-DD HH:MM[:SS], with a space or 'T'; or YYYY/M/D H:MM[:SS])"
        case .boolean: "a yes/no value (true/false, yes/no, 是/否 or 1/0)"
        }
    }
}
