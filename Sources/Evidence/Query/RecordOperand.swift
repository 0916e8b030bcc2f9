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
    /// The empty cells of a stored column (nil: ask `isNull`).
    var nulls: NullBits? = nil

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
    var derived: [RecordDerivedColumn] = []

    func operand(_ name: String) throws -> Operand {
        if let column = derived.first(where: { $0.name == name }) {
            return try derivedOperand(column)
        }
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

    /// A derived column as a text column: each row's code is its month (or year)
    /// in order of first appearance, so grouping by it takes the text fast path.
    private func derivedOperand(_ column: RecordDerivedColumn) throws -> Operand {
        let source = try OperandResolver(table: table, join: join).operand(column.column)
        let rows = table.rowCount
        let name = "\(column.function.rawValue) of `\(column.column)`"
        // The key of a date: months (or years) since the year 0.
        let key: (CalendarDate) -> Int =
            switch column.function {
            case .month: { $0.year * 12 + $0.month - 1 }
            case .year: { $0.year }
            }
        var keys = [Int](repeating: -1, count: rows)
        switch source.access {
        case .dates(let dates):
            for row in 0..<rows where !source.isNull(row) { keys[row] = key(dates[row]) }
        case .seconds(let seconds):
            for row in 0..<rows where !source.isNull(row) {
                let (days, rest) = seconds[row].quotientAndRemainder(dividingBy: 86_400)
                keys[row] = key(CalendarDate(dayNumber: Int(rest < 0 ? days - 1 : days)))
            }
        default:
            throw RecordQueryError("\(name): `\(column.column)` is not a date or date-time column")
        }
        let low = keys.lazy.filter { $0 >= 0 }.min() ?? 0
        let high = keys.max() ?? 0
        var codeOfKey = [Int32](repeating: -1, count: Swift.max(0, high - low + 1))
        var texts: [String] = []
        var codes = [UInt32](repeating: 0, count: rows)
        for row in 0..<rows where keys[row] >= 0 {
            let k = keys[row] - low
            if codeOfKey[k] < 0 {
                codeOfKey[k] = Int32(texts.count)
                texts.append(Self.text(keys[row], column.function))
            }
            codes[row] = UInt32(codeOfKey[k])
        }
        let isNull = source.isNull
        return Operand(
            type: .string, access: .stringCodes(codes: codes, texts: texts), isNull: isNull,
            value: { isNull($0) ? .null : .string(texts[Int(codes[$0])]) }, nulls: source.nulls)
    }

    /// `YYYY-MM` for a month key, `YYYY` for a year.
    private static func text(_ key: Int, _ function: RecordDerivedColumn.Function) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        switch function {
        case .month: return padded(key / 12, 4) + "-" + padded(key % 12 + 1, 2)
        case .year: return padded(key, 4)
        }
    }

    static func operand(_ column: RecordColumn) -> Operand {
        var operand = storedOperand(column)
        operand.nulls = NullBits(words: column.nulls)
        return operand
    }

    private static func storedOperand(_ column: RecordColumn) -> Operand {
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
        case (.decimal(let x), .decimal(let y)):
            if let order = compareScaled(x, y) { return order }
            return x < y ? -1 : (x == y ? 0 : 1)
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

    /// Two decimals compared as integers at the larger scale (no `Decimal` made);
    /// nil when scaling one up would overflow.
    static func compareScaled(_ x: ExactDecimal, _ y: ExactDecimal) -> Int? {
        var a = x.significand
        var b = y.significand
        if x.scale < y.scale {
            guard let scaled = scaled(a, by: y.scale - x.scale) else { return nil }
            a = scaled
        } else if y.scale < x.scale {
            guard let scaled = scaled(b, by: x.scale - y.scale) else { return nil }
            b = scaled
        }
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    /// `n` times 10 to the `k`; nil on overflow.
    private static func scaled(_ n: Int64, by k: Int) -> Int64? {
        var n = n
        for _ in 0..<k {
            let (next, overflow) = n.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            n = next
        }
        return n
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
