import Evidence
import LuaHost

extension RuleEnvironment {
    /// `ev.query(name, spec)`: a question about a record table, answered in the
    /// host; only the answer's rows become Lua values. See docs/evidence-api.md.
    static let queryFunction = RuleEnvironment.function("ev.query") { environment, arguments in
        let view = environment.view
        let name = try arguments.string(1)
        let options = try LuaOptions(
            arguments, 2,
            allowed: ["where", "select", "group_by", "aggregate", "order_by", "limit", "join", "derive", "decimals"])
        let query = try QuerySpecReader(options: options).query(view)
        let decimals = try options.decimals() ?? view.decimals
        let result: RecordQueryResult
        do {
            result = try view.query(name, query) { steps in try arguments.charge(steps) }
        } catch let error as RecordQueryError {
            throw LuaHostError("ev.query: record table `\(name)`: \(error.message)")
        }
        return [RuleEnvironment.luaValue(result, decimals: decimals)]
    }

    /// `ev.each(name, spec)`: an iterator over the rows that meet the conditions of
    /// `spec` (`where`, `select`, `join`, `derive`, `decimals`), one fresh table per
    /// call, so that a rule walks a large table holding only the rows it keeps
    /// (each charged to its memory like any Lua value). See docs/evidence-api.md.
    static let eachFunction = RuleEnvironment.function("ev.each") { environment, arguments in
        let view = environment.view
        let name = try arguments.string(1)
        let options = try LuaOptions(arguments, 2, allowed: ["where", "select", "join", "derive", "decimals"])
        let query = try QuerySpecReader(options: options).query(view)
        let decimals = try options.decimals() ?? view.decimals
        let cursor: RecordCursor
        do {
            cursor = try view.cursor(name, query) { steps in try arguments.charge(steps) }
        } catch let error as RecordQueryError {
            throw LuaHostError("ev.each: record table `\(name)`: \(error.message)")
        }
        let next = LuaHostFunction("ev.each iterator") { arguments in
            guard let values = cursor.next() else { return [.nil] }
            try arguments.charge(values.count)
            var fields: [LuaField] = []
            fields.reserveCapacity(values.count)
            for (column, value) in zip(cursor.columns, values) where !value.isNull {
                fields.append(LuaField(column, value.luaValue(decimals: decimals)))
            }
            return [.fields(fields)]
        }
        return [.function(next)]
    }

    /// The answer as a list of rows, each a table of its non-empty values by column name.
    static func luaValue(_ result: RecordQueryResult, decimals: DecimalForm) -> LuaValue {
        .array(
            result.rows.map { row in
                var fields: [LuaField] = []
                fields.reserveCapacity(row.count)
                for (name, value) in zip(result.columns, row) {
                    switch value {
                    case .cell(let cell):
                        if !cell.isNull { fields.append(LuaField(name, cell.luaValue(decimals: decimals))) }
                    case .number(let number): fields.append(LuaField(name, .number(number)))
                    case .list(let items):
                        fields.append(LuaField(name, .array(items.map { $0.luaValue(decimals: decimals) })))
                    }
                }
                return .fields(fields)
            })
    }
}

/// Reads the Lua table of `ev.query` into a ``RecordQuery``; every mistake is a
/// bad argument #2 that says which field is wrong.
struct QuerySpecReader {
    let options: LuaOptions

    func query(_ view: EvidenceView) throws(LuaArgumentError) -> RecordQuery {
        var query = RecordQuery()
        query.filters = try filters(options.value("where"), field: "where")
        query.derived = try derived()
        query.select = try options.strings("select")
        query.groupBy = try names("group_by")
        query.aggregates = try aggregates()
        query.orderBy = try names("order_by").map { key in
            key.hasPrefix("-") ? RecordOrder(String(key.dropFirst()), descending: true) : RecordOrder(key)
        }
        switch options.value("limit") {
        case .nil: break
        case let value:
            guard let limit = value.integerValue, limit >= 0 else {
                throw options.problem("field 'limit' must be a whole number of at least 0, got \(value.typeName)")
            }
            query.limit = Int(limit)
        }
        switch options.value("join") {
        case .nil: break
        case .string("projects"): query.join = view.projectsJoin(on: "project")
        case let value:
            if let fields = value.tableValue, fields["table"] == .string("projects"),
                case .string(let on)? = fields["on"]
            {
                query.join = view.projectsJoin(on: on)
            } else {
                throw options.problem("field 'join' must be \"projects\" or {table = \"projects\", on = column}")
            }
        }
        return query
    }

    /// A field holding one name or a list of names.
    private func names(_ key: String) throws(LuaArgumentError) -> [String] {
        if case .string(let name) = options.value(key) { return [name] }
        return try options.strings(key) ?? []
    }

    /// The conditions of a `where` list; `field` names it in messages.
    private func filters(_ value: LuaValue, field: String) throws(LuaArgumentError) -> [RecordPredicate] {
        if case .nil = value { return [] }
        guard let items = value.arrayValue else {
            throw options.problem("field '\(field)' must be a list of conditions such as {\"kind\", \"==\", \"功能\"}")
        }
        var predicates: [RecordPredicate] = []
        for (index, item) in items.enumerated() {
            predicates.append(try predicate(item, at: "\(field)[\(index + 1)]"))
        }
        return predicates
    }

    /// `derive = {name = {"month", column}, ...}`: computed columns, by name.
    private func derived() throws(LuaArgumentError) -> [RecordDerivedColumn] {
        let field = options.value("derive")
        if case .nil = field { return [] }
        guard let entries = field.tableValue else {
            throw options.problem("field 'derive' must be a table of name = {\"month\", column} or {\"year\", column}")
        }
        var result: [RecordDerivedColumn] = []
        for name in entries.keys.sorted() {
            let parts = entries[name]!.arrayValue ?? []
            guard parts.count == 2, case .string(let function) = parts[0], case .string(let column) = parts[1],
                let kind = RecordDerivedColumn.Function(rawValue: function)
            else {
                throw options.problem("derive '\(name)': must be {\"month\", column} or {\"year\", column}")
            }
            result.append(RecordDerivedColumn(name, kind, of: column))
        }
        return result
    }

    private func predicate(_ item: LuaValue, at place: String) throws(LuaArgumentError) -> RecordPredicate {
        let parts = item.arrayValue ?? []
        func bad(_ text: String) -> LuaArgumentError { options.problem("\(place): \(text)") }
        guard parts.count >= 2, case .string(let column) = parts[0], case .string(let op) = parts[1] else {
            throw bad("a condition is {column, operator, value...}, such as {\"kind\", \"==\", \"功能\"}")
        }
        func operand(_ i: Int) throws(LuaArgumentError) -> LuaValue {
            guard i < parts.count else { throw bad("operator '\(op)' needs \(i - 1) operand(s)") }
            return parts[i]
        }
        func value(_ v: LuaValue) throws(LuaArgumentError) -> RecordValue {
            guard let cell = Self.recordValue(v) else {
                throw bad("a value must be a string, number or boolean, got \(v.typeName)")
            }
            return cell
        }
        if let comparison = RecordComparison(rawValue: op == "=" ? "==" : (op == "!=" ? "~=" : op)) {
            let right = try operand(2)
            if let other = right.tableValue?["column"]?.stringValue {
                return .compareColumns(column, comparison, other)
            }
            return .compare(column, comparison, try value(right))
        }
        switch op {
        case "in", "not_in":
            guard let list = try operand(2).arrayValue else { throw bad("'\(op)' needs a list of values") }
            var values: [RecordValue] = []
            for v in list { values.append(try value(v)) }
            return .oneOf(column, values, negated: op == "not_in")
        case "null": return .isNull(column)
        case "not_null": return .notNull(column)
        case "contains":
            guard case .string(let text) = try operand(2) else { throw bad("'contains' needs a text") }
            return .contains(column, text)
        case "between":
            let low = try operand(2)
            // {column, "between", low, nil}: Lua's list ends at the nil.
            let high = parts.count > 3 ? parts[3] : .nil
            return .between(
                column, low == .nil ? nil : try value(low), high == .nil ? nil : try value(high))
        case "hours":
            let end = try operand(2)
            guard case .string(let compare) = try operand(3),
                let comparison = RecordComparison(rawValue: compare == "=" ? "==" : compare),
                let hours = try operand(4).numberValue
            else {
                throw bad("'hours' is {from_column, \"hours\", to_column or {value = moment}, comparison, number}")
            }
            if case .string(let other) = end {
                return .hoursBetween(from: column, to: .column(other), comparison, hours)
            }
            if let fixed = end.tableValue?["value"], let moment = Self.recordValue(fixed), !moment.isNull {
                return .hoursBetween(from: column, to: .value(moment), comparison, hours)
            }
            throw bad("'hours' ends at a column or at {value = \"YYYY-MM-DD HH:MM\"}")
        case "working_days", "days":
            guard case .string(let other) = try operand(2), case .string(let compare) = try operand(3),
                let comparison = RecordComparison(rawValue: compare == "=" ? "==" : compare),
                let days = try operand(4).integerValue
            else {
                throw bad("'\(op)' is {from_column, \"\(op)\", to_column, comparison, whole number}")
            }
            return op == "days"
                ? .daysBetween(from: column, to: other, comparison, Int(days))
                : .workingDays(from: column, to: other, comparison, Int(days))
        default:
            throw bad(
                "unknown operator '\(op)' (==, ~=, <, <=, >, >=, in, not_in, null, not_null, contains, between, days, working_days, hours)"
            )
        }
    }

    private func aggregates() throws(LuaArgumentError) -> [RecordAggregate] {
        let field = options.value("aggregate")
        if case .nil = field { return [] }
        guard let entries = field.tableValue else {
            throw options.problem("field 'aggregate' must be a table of name = \"count\" or {function, column}")
        }
        var result: [RecordAggregate] = []
        for name in entries.keys.sorted() {
            var spec = entries[name]!
            func bad(_ text: String) -> LuaArgumentError { options.problem("aggregate '\(name)': \(text)") }
            // {compute = <aggregate>, where = {conditions}}: an aggregate over the rows that also meet them.
            var conditions: [RecordPredicate] = []
            if let keyed = spec.tableValue, !keyed.isEmpty {
                guard let compute = keyed["compute"], Set(keyed.keys).isSubset(of: ["compute", "where"]) else {
                    throw bad("a keyed aggregate is {compute = \"count\" or {function, column}, where = {conditions}}")
                }
                conditions = try filters(keyed["where"] ?? .nil, field: "aggregate '\(name)' where")
                spec = compute
            }
            let parts: [LuaValue] = spec.stringValue.map { [.string($0)] } ?? spec.arrayValue ?? []
            guard case .string(let function)? = parts.first else {
                throw bad("must be \"count\" or {function, column[, p]}")
            }
            let column = parts.count > 1 ? parts[1].stringValue : nil
            switch function {
            case "count": result.append(RecordAggregate(name, .count, column: column))
            case "sum": result.append(RecordAggregate(name, .sum, column: column))
            case "min": result.append(RecordAggregate(name, .min, column: column))
            case "max": result.append(RecordAggregate(name, .max, column: column))
            case "mean": result.append(RecordAggregate(name, .mean, column: column))
            case "distinct": result.append(RecordAggregate(name, .distinct, column: column))
            case "count_distinct": result.append(RecordAggregate(name, .countDistinct, column: column))
            case "percentile":
                guard parts.count > 2, let p = parts[2].numberValue else { throw bad("is {\"percentile\", column, p}") }
                result.append(RecordAggregate(name, .percentile(p), column: column))
            case "mean_hours":
                guard let column, parts.count > 2, case .string(let to) = parts[2] else {
                    throw bad("is {\"mean_hours\", from_column, to_column}")
                }
                result.append(RecordAggregate(name, .meanHours(to: to), column: column))
            case "rows":
                let limit = parts.count > 1 ? parts[1].integerValue : 10
                guard let limit, limit >= 0 else { throw bad("is {\"rows\"[, limit]}") }
                result.append(RecordAggregate(name, .rows(limit: Int(limit))))
            default:
                throw bad(
                    "unknown function '\(function)' (count, sum, min, max, mean, percentile, distinct, count_distinct, mean_hours, rows)"
                )
            }
            result[result.count - 1].filters = conditions
        }
        return result
    }

    /// A Lua value given as a literal of a condition.
    static func recordValue(_ value: LuaValue) -> RecordValue? {
        switch value {
        case .nil: .null
        case .string(let text): .string(text)
        case .integer(let n): .integer(n)
        case .number(let x):
            if let n = Int64(exactly: x) { .integer(n) } else { ExactDecimal(String(x)).map(RecordValue.decimal) }
        case .boolean(let flag): .boolean(flag)
        default: nil
        }
    }
}
