import EvidenceValues

/// Answers a ``RecordQuery`` over a ``RecordTable``'s columns, in the host.
///
/// Worst case: linear in the rows for the filters, grouping and the plain
/// aggregates, `n log n` for sorting and percentiles, where n is the number of
/// rows that pass the filters. Every unit of work is reported to `charge` (in
/// steps of about a thousand rows), which stops the query by throwing: the
/// binding charges the rule's instruction budget and checks its deadline.
public struct RecordQueryEngine {
    public let table: RecordTable
    /// The calendar for `workingDays` predicates; nil: such a predicate is an error.
    public let calendar: WorkingDayCalendar?
    /// At most this many answer rows; more is an error (ask with a limit, or aggregate).
    public let maximumAnswerRows: Int
    /// Called with units of work done; throws to stop the query.
    public let charge: (Int) throws -> Void

    public init(
        table: RecordTable, calendar: WorkingDayCalendar? = nil, maximumAnswerRows: Int = 100_000,
        charge: @escaping (Int) throws -> Void = { _ in }
    ) {
        self.table = table
        self.calendar = calendar
        self.maximumAnswerRows = maximumAnswerRows
        self.charge = charge
    }

    /// Rows between two charges.
    static let chargeStride = 1024

    /// The answer to `query`. Throws ``RecordQueryError`` for a query that does not fit
    /// the table, or whatever `charge` throws.
    public func run(_ query: RecordQuery) throws -> RecordQueryResult {
        let (matching, resolver) = try filter(query)
        if query.groupBy.isEmpty && query.aggregates.isEmpty {
            return try plainRows(query, matching, resolver)
        }
        return try groupedRows(query, matching, resolver)
    }

    /// The rows that meet the query's conditions, and the resolver of its names.
    func filter(_ query: RecordQuery) throws -> ([Int32], OperandResolver) {
        var seen: Set<String> = []
        for column in query.derived {
            if table.spec.columnIndex(named: column.name) != nil || column.name == "_row" {
                throw RecordQueryError("derived column `\(column.name)`: the table has a column of that name")
            }
            guard seen.insert(column.name).inserted else {
                throw RecordQueryError("derived column `\(column.name)` is given twice")
            }
            try charge(table.rowCount)
        }
        let resolver = OperandResolver(table: table, join: query.join, derived: query.derived)
        let filters = try query.filters.map { try compileFilter($0, resolver) }
        return (try scan(filters), resolver)
    }

    // MARK: Filtering

    /// The rows that meet every filter, in order: a batch of rows at a time
    /// through each filter in turn.
    private func scan(_ filters: [RowFilter]) throws -> [Int32] {
        var matching: [Int32] = []
        var batch: [Int32] = []
        batch.reserveCapacity(Self.chargeStride)
        // One unit (about a Lua instruction) per row: testing a row's cells in
        // the host costs less than one instruction does.
        var row = 0
        let count = table.rowCount
        while row < count {
            let end = Swift.min(count, row + Self.chargeStride)
            try charge(end - row)
            batch.removeAll(keepingCapacity: true)
            for r in row..<end { batch.append(Int32(r)) }
            for filter in filters where !batch.isEmpty {
                try filter(&batch)
            }
            matching.append(contentsOf: batch)
            row = end
        }
        return matching
    }

    /// `predicate` as a filter over batches of rows: the common conditions on
    /// stored columns as loops over their arrays, the others row by row.
    private func compileFilter(_ predicate: RecordPredicate, _ resolver: OperandResolver) throws -> RowFilter {
        switch predicate {
        case .isNull(let name):
            return RowFilters.null(try resolver.operand(name), empty: true)
        case .notNull(let name):
            return RowFilters.null(try resolver.operand(name), empty: false)
        case .compare(let name, let comparison, let value):
            let operand = try resolver.operand(name)
            let literal = try operand.coerce(value, name: name)
            if case .stringCodes(let codes, let texts) = operand.access,
                comparison == .equal || comparison == .notEqual,
                case .string(let text) = literal
            {
                let code = texts.firstIndex(of: text)
                let hits = texts.indices.map { ($0 == code) == (comparison == .equal) }
                if let filter = RowFilters.codes(operand, codes, hits: hits, keepEmpty: false) { return filter }
            }
            if case .seconds(let seconds) = operand.access, let target = literal.seconds,
                target > Int64.min, target < Int64.max
            {
                let bounds: (Int64, Int64)? =
                    switch comparison {
                    case .equal: (target, target)
                    case .less: (Int64.min, target - 1)
                    case .lessOrEqual: (Int64.min, target)
                    case .greater: (target + 1, Int64.max)
                    case .greaterOrEqual: (target, Int64.max)
                    case .notEqual: nil
                    }
                if let (low, high) = bounds, let filter = RowFilters.range(operand, seconds, low, high) {
                    return filter
                }
            }
        case .oneOf(let name, let values, let negated):
            let operand = try resolver.operand(name)
            if case .stringCodes(let codes, let texts) = operand.access {
                let literals = Set(try values.map { try operand.coerce($0, name: name) })
                let hits = texts.map { literals.contains(.string($0)) != negated }
                if let filter = RowFilters.codes(operand, codes, hits: hits, keepEmpty: negated) { return filter }
            }
        case .contains(let name, let text):
            let operand = try resolver.operand(name)
            if operand.type == .string, case .stringCodes(let codes, let texts) = operand.access {
                try charge(texts.count * Swift.max(1, text.utf8.count))
                let hits = texts.map { text.isEmpty || $0.utf8Contains(text) }
                if let filter = RowFilters.codes(operand, codes, hits: hits, keepEmpty: false) { return filter }
            }
        case .between(let name, let low, let high):
            let operand = try resolver.operand(name)
            let lower = try low.map { try operand.coerce($0, name: name) }
            let upper = try high.map { try operand.coerce($0, name: name) }
            if case .seconds(let seconds) = operand.access, lower == nil || lower?.seconds != nil,
                upper == nil || upper?.seconds != nil
            {
                // A date bound of a date-time column includes that whole day.
                var last = upper?.seconds ?? Int64.max
                if case .date(let day)? = upper { last = (Int64(day.dayNumber) + 1) * 86_400 - 1 }
                if let filter = RowFilters.range(operand, seconds, lower?.seconds ?? Int64.min, last) {
                    return filter
                }
            }
        default:
            break
        }
        return RowFilters.each(try compile(predicate, resolver))
    }

    private func compile(_ predicate: RecordPredicate, _ resolver: OperandResolver) throws -> (Int) throws -> Bool {
        switch predicate {
        case .isNull(let name):
            let operand = try resolver.operand(name)
            return { operand.isNull($0) }
        case .notNull(let name):
            let operand = try resolver.operand(name)
            return { !operand.isNull($0) }
        case .compare(let name, let comparison, let value):
            let operand = try resolver.operand(name)
            let literal = try operand.coerce(value, name: name)
            if case .stringCodes(let codes, let texts) = operand.access,
                comparison == .equal || comparison == .notEqual,
                case .string(let text) = literal
            {
                let code = texts.firstIndex(of: text).map(UInt32.init)
                let wantEqual = comparison == .equal
                return { row in
                    if operand.isNull(row) { return false }
                    return (codes[row] == code) == wantEqual
                }
            }
            if case .seconds(let seconds) = operand.access, let target = literal.seconds {
                return { row in
                    if operand.isNull(row) { return false }
                    return comparison.holds(seconds[row] < target ? -1 : (seconds[row] == target ? 0 : 1))
                }
            }
            if case .dates(let days) = operand.access, case .date(let target) = literal {
                return { row in
                    if operand.isNull(row) { return false }
                    return comparison.holds(days[row] < target ? -1 : (days[row] == target ? 0 : 1))
                }
            }
            return { row in
                let cell = operand.value(row)
                if cell.isNull { return false }
                guard let order = RecordOrdering.compare(cell, literal) else { return false }
                return comparison.holds(order)
            }
        case .compareColumns(let left, let comparison, let right):
            let a = try resolver.operand(left)
            let b = try resolver.operand(right)
            return { row in
                let x = a.value(row)
                let y = b.value(row)
                if x.isNull || y.isNull { return false }
                guard let order = RecordOrdering.compare(x, y) else { return false }
                return comparison.holds(order)
            }
        case .oneOf(let name, let values, let negated):
            let operand = try resolver.operand(name)
            let literals = Set(try values.map { try operand.coerce($0, name: name) })
            if case .stringCodes(let codes, let texts) = operand.access {
                let hits = texts.map { literals.contains(.string($0)) }
                return { row in
                    if operand.isNull(row) { return negated }
                    return hits[Int(codes[row])] != negated
                }
            }
            return { row in
                let cell = operand.value(row)
                if cell.isNull { return negated }
                return literals.contains(cell) != negated
            }
        case .contains(let name, let text):
            let operand = try resolver.operand(name)
            guard operand.type == .string else {
                throw RecordQueryError("contains: column `\(name)` is not a text column")
            }
            if case .stringCodes(let codes, let texts) = operand.access {
                try charge(texts.count * Swift.max(1, text.utf8.count))
                let hits = texts.map { text.isEmpty || $0.utf8Contains(text) }
                return { row in !operand.isNull(row) && hits[Int(codes[row])] }
            }
            return { row in
                guard case .string(let cell) = operand.value(row) else { return false }
                return text.isEmpty || cell.utf8Contains(text)
            }
        case .between(let name, let low, let high):
            let operand = try resolver.operand(name)
            let lower = try low.map { try operand.coerce($0, name: name) }
            let upper = try high.map { try operand.coerce($0, name: name) }
            return { row in
                let cell = operand.value(row)
                if cell.isNull { return false }
                if let lower, (RecordOrdering.compare(cell, lower) ?? -1) < 0 { return false }
                if let upper {
                    // A date bound of a date-time column includes that whole day.
                    if case .date(let last) = upper, case .dateTime(let time) = cell { return time.date <= last }
                    if (RecordOrdering.compare(cell, upper) ?? 1) > 0 { return false }
                }
                return true
            }
        case .workingDays(let from, let to, let comparison, let days):
            guard let calendar else {
                throw RecordQueryError("working_days: no working-day calendar is loaded")
            }
            let a = try resolver.operand(from)
            let b = try resolver.operand(to)
            return { row in
                guard let x = a.value(row).calendarDate, let y = b.value(row).calendarDate else { return false }
                do {
                    return comparison.holds(try calendar.workingDays(from: x, to: y) - days)
                } catch {
                    throw RecordQueryError("working_days: \(error)")
                }
            }
        case .hoursBetween(let from, let to, let comparison, let hours):
            let a = try resolver.operand(from)
            if case .seconds(let starts) = a.access {
                // Both ends as integers: a date-time column to another, or to a fixed moment.
                var ends: [Int64]?
                var fixed: Int64?
                var endIsNull: (Int) -> Bool = { _ in false }
                switch to {
                case .column(let name):
                    let b = try resolver.operand(name)
                    if case .seconds(let values) = b.access {
                        ends = values
                        endIsNull = b.isNull
                    }
                case .value(let value): fixed = try Operand.moment(value, name: from).seconds
                }
                if ends != nil || fixed != nil {
                    return { row in
                        if a.isNull(row) || endIsNull(row) { return false }
                        let difference = Double((ends?[row] ?? fixed ?? 0) - starts[row]) / 3600
                        return comparison.holds(difference < hours ? -1 : (difference == hours ? 0 : 1))
                    }
                }
            }
            let end: (Int) -> RecordValue
            switch to {
            case .column(let name):
                let b = try resolver.operand(name)
                end = b.value
            case .value(let value):
                let fixed = try Operand.moment(value, name: from)
                end = { _ in fixed }
            }
            return { row in
                guard let x = a.value(row).seconds, let y = end(row).seconds else { return false }
                let difference = Double(y - x) / 3600
                return comparison.holds(difference < hours ? -1 : (difference == hours ? 0 : 1))
            }
        case .daysBetween(let from, let to, let comparison, let days):
            let a = try resolver.operand(from)
            let b = try resolver.operand(to)
            return { row in
                guard let x = a.value(row).calendarDate, let y = b.value(row).calendarDate else { return false }
                return comparison.holds(y.dayNumber - x.dayNumber - days)
            }
        }
    }

    // MARK: Answers

    private func plainRows(_ query: RecordQuery, _ matching: [Int32], _ resolver: OperandResolver) throws
        -> RecordQueryResult
    {
        let names = ["_row"] + (query.select ?? table.columns.map(\.name)).filter { $0 != "_row" }
        let operands = try names.map { try resolver.operand($0) }
        var order = matching
        if !query.orderBy.isEmpty {
            let keys = try query.orderBy.map { (try resolver.operand($0.key), $0.descending) }
            try charge(Self.sortCost(order.count) * keys.count)
            order = Self.sorted(order) { a, b in
                for (operand, descending) in keys {
                    let c = RecordOrdering.sortOrder(operand.value(Int(a)), operand.value(Int(b)))
                    if c != 0 { return descending ? -c : c }
                }
                return 0
            }
        }
        let count = Swift.min(order.count, query.limit ?? Int.max)
        try checkAnswerSize(count)
        try charge(count * names.count)
        var rows: [[RecordQueryValue]] = []
        rows.reserveCapacity(count)
        for row in order.prefix(count) {
            rows.append(operands.map { .cell($0.value(Int(row))) })
        }
        return RecordQueryResult(columns: names, rows: rows)
    }

    private func groupedRows(_ query: RecordQuery, _ matching: [Int32], _ resolver: OperandResolver) throws
        -> RecordQueryResult
    {
        let keyOperands = try query.groupBy.map { try resolver.operand($0) }
        var groups: [[Int32]] = []
        var keys: [[RecordValue]] = []
        if keyOperands.isEmpty {
            groups = [matching]
            keys = [[]]
        } else if keyOperands.count == 1, case .stringCodes(let codes, let texts) = keyOperands[0].access {
            // One text column: group by its codes, without hashing the texts.
            let operand = keyOperands[0]
            var groupOfCode = [Int](repeating: -1, count: texts.count)
            var nullGroup = -1
            for row in matching {
                let r = Int(row)
                let isNull = operand.isNull(r)
                let known = isNull ? nullGroup : groupOfCode[Int(codes[r])]
                if known >= 0 {
                    groups[known].append(row)
                    continue
                }
                if isNull {
                    nullGroup = groups.count
                    keys.append([.null])
                } else {
                    groupOfCode[Int(codes[r])] = groups.count
                    keys.append([.string(texts[Int(codes[r])])])
                }
                groups.append([row])
            }
            try charge(matching.count)
        } else if let composite = Self.compositeKeys(keyOperands) {
            // Several text columns: one integer per row from their codes.
            var groupOfKey: [Int: Int] = [:]
            for row in matching {
                let key = composite(Int(row))
                if let g = groupOfKey[key] {
                    groups[g].append(row)
                } else {
                    groupOfKey[key] = groups.count
                    groups.append([row])
                    keys.append(keyOperands.map { $0.value(Int(row)) })
                }
            }
            try charge(matching.count * keyOperands.count)
        } else {
            var index: [[RecordValue]: Int] = [:]
            var done = 0
            for row in matching {
                done += 1
                if done % Self.chargeStride == 0 { try charge(Self.chargeStride * keyOperands.count) }
                let key = keyOperands.map { $0.value(Int(row)) }
                if let g = index[key] {
                    groups[g].append(row)
                } else {
                    index[key] = groups.count
                    groups.append([row])
                    keys.append(key)
                }
            }
        }
        let aggregateOperands = try query.aggregates.map { aggregate in
            try aggregate.column.map { try resolver.operand($0) }
        }
        for (aggregate, operand) in zip(query.aggregates, aggregateOperands) {
            try Self.check(aggregate, operand)
        }
        // Each distinct condition of the aggregates compiled once.
        var compiled: [RecordPredicate: RowFilter] = [:]
        for aggregate in query.aggregates {
            for predicate in aggregate.filters where compiled[predicate] == nil {
                compiled[predicate] = try compileFilter(predicate, resolver)
            }
        }
        try checkAnswerSize(Swift.min(groups.count, query.limit ?? Int.max))
        var rows: [[RecordQueryValue]] = []
        rows.reserveCapacity(groups.count)
        for (g, members) in groups.enumerated() {
            var row: [RecordQueryValue] = keys[g].map { .cell($0) }
            var subsets = AggregateSubsets(members: members)
            for (a, aggregate) in query.aggregates.enumerated() {
                let rows = try subsets.rows(meeting: aggregate.filters, compiled, charge: charge)
                row.append(try compute(aggregate.function, aggregateOperands[a], rows, resolver))
            }
            rows.append(row)
        }
        let columns = query.groupBy + query.aggregates.map(\.name)
        if !query.orderBy.isEmpty {
            let positions = try query.orderBy.map { order in
                guard let i = columns.firstIndex(of: order.key) else {
                    throw RecordQueryError(
                        "order_by: `\(order.key)` is neither a group column nor an aggregate (\(columns.joined(separator: ", ")))"
                    )
                }
                return (i, order.descending)
            }
            try charge(Self.sortCost(rows.count) * positions.count)
            let indices = Self.sorted(Array(rows.indices)) { a, b in
                for (i, descending) in positions {
                    let c = RecordOrdering.sortOrder(rows[a][i], rows[b][i])
                    if c != 0 { return descending ? -c : c }
                }
                return 0
            }
            rows = indices.map { rows[$0] }
        }
        if let limit = query.limit, rows.count > limit { rows.removeLast(rows.count - limit) }
        return RecordQueryResult(columns: columns, rows: rows)
    }

    /// For group keys that are all stored text columns (or derived ones), a function
    /// giving each row one integer for its combination of codes (an empty cell is a
    /// code of its own); nil when they are not, or the combinations do not fit an `Int`.
    private static func compositeKeys(_ operands: [Operand]) -> ((Int) -> Int)? {
        var parts: [(codes: [UInt32], nulls: NullBits, radix: Int)] = []
        var span = 1
        for operand in operands {
            guard case .stringCodes(let codes, let texts) = operand.access, let nulls = operand.nulls else {
                return nil
            }
            let radix = texts.count + 1
            let (product, overflow) = span.multipliedReportingOverflow(by: radix)
            if overflow { return nil }
            span = product
            parts.append((codes, nulls, radix))
        }
        return { row in
            var key = 0
            for part in parts {
                key = key * part.radix + (part.nulls.contains(row) ? part.radix - 1 : Int(part.codes[row]))
            }
            return key
        }
    }

    private static func check(_ aggregate: RecordAggregate, _ operand: Operand?) throws {
        switch aggregate.function {
        case .count, .rows: return
        case .meanHours:
            guard operand != nil else { throw RecordQueryError("aggregate `\(aggregate.name)`: needs a column") }
        case .sum, .mean, .percentile:
            guard let operand, operand.type == .integer || operand.type == .decimal else {
                throw RecordQueryError("aggregate `\(aggregate.name)`: needs a number column")
            }
            if case .percentile(let p) = aggregate.function, !(0...100).contains(p) {
                throw RecordQueryError("aggregate `\(aggregate.name)`: the percentile must be within 0...100")
            }
        case .min, .max, .distinct, .countDistinct:
            guard operand != nil else { throw RecordQueryError("aggregate `\(aggregate.name)`: needs a column") }
        }
    }

    private func compute(
        _ function: RecordAggregate.Function, _ operand: Operand?, _ rows: [Int32], _ resolver: OperandResolver
    ) throws -> RecordQueryValue {
        try charge(rows.count)
        switch function {
        case .count:
            guard let operand else { return .cell(.integer(Int64(rows.count))) }
            return .cell(.integer(Int64(rows.count { !operand.isNull(Int($0)) })))
        case .rows(let limit):
            return .list(rows.prefix(Swift.max(0, limit)).map { .integer(Int64($0) + 1) })
        case .sum:
            var integer: Int64 = 0
            var overflow = false
            var real = 0.0
            var allIntegers = true
            for row in rows {
                switch operand!.value(Int(row)) {
                case .integer(let n):
                    real += Double(n)
                    if !overflow {
                        let (s, o) = integer.addingReportingOverflow(n)
                        integer = s
                        overflow = o
                    }
                case .decimal(let d):
                    allIntegers = false
                    real += d.doubleValue
                default: break
                }
            }
            return allIntegers && !overflow ? .cell(.integer(integer)) : .number(real)
        case .mean:
            let numbers = values(operand!, rows).compactMap(\.doubleValue)
            if numbers.isEmpty { return .cell(.null) }
            return .number(numbers.reduce(0, +) / Double(numbers.count))
        case .percentile(let p):
            var numbers = values(operand!, rows).compactMap(\.doubleValue)
            if numbers.isEmpty { return .cell(.null) }
            try charge(Self.sortCost(numbers.count))
            numbers.sort()
            let rank = p / 100 * Double(numbers.count - 1)
            let low = Int(rank.rounded(.down))
            let high = Swift.min(low + 1, numbers.count - 1)
            return .number(numbers[low] + (numbers[high] - numbers[low]) * (rank - Double(low)))
        case .meanHours(let to):
            let end = try resolver.operand(to)
            var sum = 0.0
            var count = 0
            for row in rows {
                guard let x = operand!.value(Int(row)).seconds, let y = end.value(Int(row)).seconds else { continue }
                sum += Double(y - x) / 3600
                count += 1
            }
            return count == 0 ? .cell(.null) : .number(sum / Double(count))
        case .min, .max:
            var best: RecordValue = .null
            for value in values(operand!, rows) {
                if best.isNull {
                    best = value
                    continue
                }
                let c = RecordOrdering.sortOrder(value, best)
                if function == .min ? c < 0 : c > 0 { best = value }
            }
            return .cell(best)
        case .distinct, .countDistinct:
            var seen: Set<RecordValue> = []
            var list: [RecordValue] = []
            for value in values(operand!, rows) where seen.insert(value).inserted { list.append(value) }
            return function == .distinct ? .list(list) : .cell(.integer(Int64(list.count)))
        }
    }

    /// The non-empty values of `operand` over `rows`, in row order.
    private func values(_ operand: Operand, _ rows: [Int32]) -> [RecordValue] {
        rows.compactMap { row in
            let value = operand.value(Int(row))
            return value.isNull ? nil : value
        }
    }

    private func checkAnswerSize(_ count: Int) throws {
        if count > maximumAnswerRows {
            throw RecordQueryError(
                "the answer would have \(count) rows, more than the \(maximumAnswerRows) a query may return; add a limit, filter further or aggregate"
            )
        }
    }

    static func sortCost(_ n: Int) -> Int {
        n < 2 ? n : n * (Int.bitWidth - n.leadingZeroBitCount)
    }

    /// A stable sort by a three-way comparison.
    static func sorted<T>(_ items: [T], by compare: (T, T) -> Int) -> [T] {
        let indexed = items.enumerated().map { ($0.offset, $0.element) }
        return indexed.sorted { a, b in
            let c = compare(a.1, b.1)
            return c != 0 ? c < 0 : a.0 < b.0
        }.map(\.1)
    }
}

extension String {
    /// Whether the UTF-8 bytes of `needle` occur in this string's (as Lua's plain `find`).
    func utf8Contains(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                if n.isEmpty { return true }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

extension RecordValue {
    /// The value as a number, for integers and decimals.
    var doubleValue: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .decimal(let d): d.doubleValue
        default: nil
        }
    }

    /// The date of a date or date-time cell.
    var calendarDate: CalendarDate? {
        switch self {
        case .date(let d): d
        case .dateTime(let t): t.date
        default: nil
        }
    }
}
