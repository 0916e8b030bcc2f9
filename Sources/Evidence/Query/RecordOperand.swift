import EvidenceValues

/// A column a query names, resolved once: its type and how to read a row's cell.
struct Operand {
    /// The fast paths some predicates take.
    enum Access {
        case stringCodes(codes: [UInt32], texts: [String])
        case dates([CalendarDate])
        /// A date-time column's seconds since the epoch.
        case seconds([Int64])
        case other
    }

    /// The type of the values (`_row` is an integer column).
    let type: ColumnType
    let access: Access
    let isNull: (Int) -> Bool
    let value: (Int) -> RecordValue

    /// A fixed moment given as ISO text (a date or a date-time) or as a cell.
    static func moment(_ value: RecordValue, name: String) throws -> RecordValue {
        if case .string(let text) = value {
            if let time = DateParsing.parseDateTime(text.utf8.span, lenient: true) { return .dateTime(time) }
            if let date = DateParsing.parseDate(text.utf8.span, lenient: true) { return .date(date) }
        }
        guard value.seconds != nil else {
            throw RecordQueryError("hours from `\(name)`: `\(value.text ?? "nil")` is not a date or date-time")
        }
        return value
    }

    /// `value` as the column's type, for comparisons: ISO text becomes a date or a
    /// date-time, a whole decimal an integer column's number. Throws when it cannot be.
    func coerce(_ value: RecordValue, name: String) throws -> RecordValue {
        switch (type, value) {
        case (_, .null): return .null
        case (.date, .string(let text)):
            guard let date = DateParsing.parseDate(text.utf8.span, lenient: true) else {
                throw RecordQueryError("column `\(name)` holds dates; `\(text)` is not a date (YYYY-MM-DD)")
            }
            return .date(date)
        case (.datetime, .string(let text)):
            if let time = DateParsing.parseDateTime(text.utf8.span, lenient: true) { return .dateTime(time) }
            if let date = DateParsing.parseDate(text.utf8.span, lenient: true) { return .date(date) }
            throw RecordQueryError(
                "column `\(name)` holds date-times; `\(text)` is not a date-time (YYYY-MM-DD HH:MM[:SS])")
        case (.string, .string), (.boolean, .boolean), (.date, .date), (.datetime, .dateTime), (.datetime, .date):
            return value
        case (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            return value
        default:
            throw RecordQueryError(
                "column `\(name)` holds \(type.rawValue) values; \(value.text ?? "nil") (\(value.kind)) cannot be compared with them"
            )
        }
    }
}

/// Resolves the names of a query: the table's columns, `_row`, and `<join>.<field>`.
struct OperandResolver {
    let table: RecordTable
    let join: RecordJoin?

    func operand(_ name: String) throws -> Operand {
        if name == "_row" {
            return Operand(
                type: .integer, access: .other, isNull: { _ in false }, value: { .integer(Int64($0) + 1) })
        }
        if let c = table.spec.columnIndex(named: name) {
            return Self.operand(table.storedColumns[c])
        }
        if let join, name.hasPrefix(join.name + "."),
            let f = join.fields.firstIndex(of: String(name.dropFirst(join.name.count + 1)))
        {
            guard let k = table.spec.columnIndex(named: join.column) else {
                throw RecordQueryError(
                    "join `\(join.name)`: record table `\(table.name)` has no column `\(join.column)` to join on")
            }
            let key = table.storedColumns[k]
            guard case .strings(let codes, let texts) = key.storage else {
                throw RecordQueryError("join `\(join.name)`: column `\(join.column)` is not a text column")
            }
            // The joined row of each distinct key, looked up once.
            let joined: [[RecordValue]?] = texts.map { join.rows[$0] }
            let value: (Int) -> RecordValue = { row in
                if key.isNull(row) { return .null }
                return joined[Int(codes[row])]?[f] ?? .null
            }
            let type = join.rows.values.lazy.compactMap { $0[f].columnType }.first ?? .string
            return Operand(type: type, access: .other, isNull: { value($0).isNull }, value: value)
        }
        var known = table.columns.map(\.name)
        if let join { known += join.fields.map { "\(join.name).\($0)" } }
        throw RecordQueryError(
            "record table `\(table.name)` has no column `\(name)`; columns: \(known.joined(separator: ", "))")
    }

    static func operand(_ column: RecordColumn) -> Operand {
        let isNull: (Int) -> Bool = { column.isNull($0) }
        switch column.storage {
        case .strings(let codes, let texts):
            return Operand(
                type: column.type, access: .stringCodes(codes: codes, texts: texts), isNull: isNull,
                value: { column.isNull($0) ? .null : .string(texts[Int(codes[$0])]) })
        case .dates(let dates):
            return Operand(
                type: column.type, access: .dates(dates), isNull: isNull,
                value: { column.isNull($0) ? .null : .date(dates[$0]) })
        case .dateTimes(let values):
            return Operand(
                type: column.type, access: .seconds(column.seconds), isNull: isNull,
                value: { column.isNull($0) ? .null : .dateTime(values[$0]) })
        case .integers(let values):
            return Operand(
                type: column.type, access: .other, isNull: isNull,
                value: { column.isNull($0) ? .null : .integer(values[$0]) })
        default:
            return Operand(type: column.type, access: .other, isNull: isNull, value: { column.value($0) })
        }
    }
}

/// The order of cells: numbers by value, text by its UTF-8 bytes (as Lua compares
/// strings), dates and date-times by time, false before true.
enum RecordOrdering {
    /// The sign of a compared with b; nil when they cannot be compared (text with a number).
    static func compare(_ a: RecordValue, _ b: RecordValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.decimal(let x), .decimal(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.dateTime(let x), .dateTime(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x == y ? 0 : 1) }
            if let x = a.seconds, let y = b.seconds { return x < y ? -1 : (x == y ? 0 : 1) }
            return nil
        }
    }

    /// A total order for sorting: empty cells first, then values that compare, then by kind.
    static func sortOrder(_ a: RecordValue, _ b: RecordValue) -> Int {
        if a.isNull || b.isNull { return a.isNull == b.isNull ? 0 : (a.isNull ? -1 : 1) }
        if let c = compare(a, b) { return c }
        return a.kind < b.kind ? -1 : (a.kind == b.kind ? 0 : 1)
    }

    static func sortOrder(_ a: RecordQueryValue, _ b: RecordQueryValue) -> Int {
        switch (a, b) {
        case (.cell(let x), .cell(let y)): return sortOrder(x, y)
        case (.number(let x), .number(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.number(let x), .cell(let y)): return y.doubleValue.map { x < $0 ? -1 : (x == $0 ? 0 : 1) } ?? 1
        case (.cell(let x), .number(let y)): return x.doubleValue.map { $0 < y ? -1 : ($0 == y ? 0 : 1) } ?? -1
        case (.list(let x), .list(let y)): return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.list, _): return 1
        case (_, .list): return -1
        }
    }
}

extension RecordValue {
    /// Seconds since the epoch of a date (its midnight) or a date-time.
    var seconds: Int64? {
        switch self {
        case .date(let d): Int64(d.dayNumber) * 86_400
        case .dateTime(let t): t.secondsSinceEpoch
        default: nil
        }
    }

    /// The kind of value, for messages and for ordering values of different kinds.
    var kind: String {
        switch self {
        case .null: "nil"
        case .string: "string"
        case .integer: "integer"
        case .decimal: "decimal"
        case .date: "date"
        case .dateTime: "datetime"
        case .boolean: "boolean"
        }
    }

    /// The column type a value of this kind belongs to.
    var columnType: ColumnType? {
        switch self {
        case .null: nil
        case .string: .string
        case .integer: .integer
        case .decimal: .decimal
        case .date: .date
        case .dateTime: .datetime
        case .boolean: .boolean
        }
    }
}
