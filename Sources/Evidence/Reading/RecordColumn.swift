import EvidenceValues

/// One column of a record table, stored by type: integers, decimals, dates and
/// date-times in flat arrays of their compact values, strings interned (each
/// distinct text once, the rows holding 32-bit codes), and empty cells in a bitmap.
///
/// A million rows of a date column take about 4 MB; a string column of a few
/// hundred distinct values about 4 MB plus the distinct texts. Immutable once built.
public struct RecordColumn: Sendable {
    /// The typed values, one slot per row (the slot of an empty cell holds a filler).
    public enum Storage: Sendable {
        case strings(codes: [UInt32], texts: [String])
        case integers([Int64])
        case decimals([ExactDecimal])
        case dates([CalendarDate])
        case dateTimes([LocalDateTime])
        case booleans([Bool])
    }

    public let type: ColumnType
    public let storage: Storage
    /// For a date-time column, each row's seconds since the epoch (0 for an
    /// empty cell), so that queries compare and subtract them as integers.
    let seconds: [Int64]
    /// Bit r set: the cell of 0-based row r is empty.
    let nulls: [UInt64]
    public let count: Int

    /// Whether the cell of the 0-based row `index` is empty.
    @inline(__always)
    public func isNull(_ index: Int) -> Bool {
        nulls[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// The cell of the 0-based row `index`.
    public func value(_ index: Int) -> RecordValue {
        if isNull(index) { return .null }
        switch storage {
        case .strings(let codes, let texts): return .string(texts[Int(codes[index])])
        case .integers(let values): return .integer(values[index])
        case .decimals(let values): return .decimal(values[index])
        case .dates(let values): return .date(values[index])
        case .dateTimes(let values): return .dateTime(values[index])
        case .booleans(let values): return .boolean(values[index])
        }
    }
}

/// Builds the columns of a record table row by row, from any source of typed
/// cells (a CSV file, a workbook sheet): `append` each cell of a row in column
/// order, then `endRow`. Strings are interned as they come.
public struct RecordColumnsBuilder: Sendable {
    private var columns: [ColumnBuilder]
    public private(set) var rowCount = 0

    /// A builder for columns of these types, in order.
    public init(types: [ColumnType]) {
        columns = types.map(ColumnBuilder.init)
    }

    /// Reserves room for `rows` rows in every column.
    public mutating func reserve(rows: Int) {
        for c in columns.indices { columns[c].reserve(rows) }
    }

    /// Adds the cell of the current row in column `column`. A value of another
    /// type than the column's is stored as an empty cell.
    public mutating func append(_ value: RecordValue, column: Int) {
        columns[column].append(value)
    }

    /// Adds a text cell given as its (valid) UTF-8 bytes to the string column
    /// `column`: the same as appending `.string` of that text, without making a
    /// `String` of every cell.
    package mutating func appendText(_ utf8: Span<UInt8>, column: Int) {
        columns[column].appendText(utf8)
    }

    /// Ends the current row.
    public mutating func endRow() { rowCount += 1 }

    /// The finished columns.
    public consuming func finish() -> [RecordColumn] {
        columns.map { $0.finish() }
    }
}

/// The growing storage of one column.
private struct ColumnBuilder: Sendable {
    let type: ColumnType
    var nulls: [UInt64] = []
    var count = 0
    var codes: [UInt32] = []
    var texts = TextInterner()
    var integers: [Int64] = []
    var decimals: [ExactDecimal] = []
    var dates: [CalendarDate] = []
    var dateTimes: [LocalDateTime] = []
    var booleans: [Bool] = []

    static let fillerDate = CalendarDate(dayNumber: 0)

    init(type: ColumnType) { self.type = type }

    mutating func reserve(_ rows: Int) {
        nulls.reserveCapacity(rows / 64 + 1)
        switch type {
        case .string: codes.reserveCapacity(rows)
        case .integer: integers.reserveCapacity(rows)
        case .decimal: decimals.reserveCapacity(rows)
        case .date: dates.reserveCapacity(rows)
        case .datetime: dateTimes.reserveCapacity(rows)
        case .boolean: booleans.reserveCapacity(rows)
        }
    }

    mutating func append(_ value: RecordValue) {
        if count & 63 == 0 { nulls.append(0) }
        var isNull = false
        switch (type, value) {
        case (.string, .string(let text)): codes.append(texts.code(of: text))
        case (.integer, .integer(let number)): integers.append(number)
        case (.decimal, .decimal(let number)): decimals.append(number)
        case (.date, .date(let date)): dates.append(date)
        case (.datetime, .dateTime(let time)): dateTimes.append(time)
        case (.boolean, .boolean(let flag)): booleans.append(flag)
        default:
            isNull = true
            appendFiller()
        }
        if isNull { nulls[count >> 6] |= 1 << UInt64(count & 63) }
        count += 1
    }

    mutating func appendText(_ utf8: Span<UInt8>) {
        precondition(type == .string, "a text cell in a \(type.rawValue) column")
        if count & 63 == 0 { nulls.append(0) }
        codes.append(texts.code(ofUTF8: utf8))
        count += 1
    }

    mutating func appendFiller() {
        switch type {
        case .string: codes.append(0)
        case .integer: integers.append(0)
        case .decimal: decimals.append(ExactDecimal(significand: 0, scale: 0))
        case .date: dates.append(Self.fillerDate)
        case .datetime: dateTimes.append(LocalDateTime(date: Self.fillerDate, hour: 0, minute: 0)!)
        case .boolean: booleans.append(false)
        }
    }

    func finish() -> RecordColumn {
        let storage: RecordColumn.Storage =
            switch type {
            case .string: .strings(codes: codes, texts: texts.texts)
            case .integer: .integers(integers)
            case .decimal: .decimals(decimals)
            case .date: .dates(dates)
            case .datetime: .dateTimes(dateTimes)
            case .boolean: .booleans(booleans)
            }
        return RecordColumn(
            type: type, storage: storage, seconds: dateTimes.map(\.secondsSinceEpoch), nulls: nulls, count: count)
    }
}
