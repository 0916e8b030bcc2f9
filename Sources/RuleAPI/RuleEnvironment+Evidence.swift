import Diagnostics
import Evidence
import LuaHost

extension RuleEnvironment {
    /// The global `ev`: the bundle, read-only.
    ///
    /// Values that depend on the bundle alone are converted once per bundle and
    /// kept with it (``EvidenceBundle/derived(_:_:)``); each call still builds
    /// fresh Lua tables from them, so rules never share a table. Made once for
    /// the process; each call works on the environment of the state it runs in.
    static let evidenceAPI = LuaValue.ordered([
        "bundle": RuleEnvironment.function("ev.bundle") { environment, _ in
            let view = environment.view
            return [view.bundle.derived("ev.bundle") { view.bundleInfo().luaValue }]
        },
        "as_of": RuleEnvironment.function("ev.as_of") { environment, _ in [environment.view.asOf().luaValue] },
        "audit_period": RuleEnvironment.function("ev.audit_period") { environment, _ in
            [environment.view.auditPeriod().luaValue]
        },
        "params": RuleEnvironment.function("ev.params") { environment, _ in [environment.view.params().luaValue] },
        "projects": RuleEnvironment.function("ev.projects") { environment, _ in
            let view = environment.view
            return [view.bundle.derived("ev.projects") { view.projects().luaValue }]
        },
        "project": RuleEnvironment.function("ev.project") { environment, arguments in
            [environment.view.project(try arguments.string(1)).luaValue]
        },
        "documents": RuleEnvironment.function("ev.documents") { environment, arguments in
            let view = environment.view
            let filter = try LuaOptions(arguments, 1, allowed: ["type", "project"])
            let project: EvidenceView.ProjectFilter
            switch filter.value("project") {
            case .nil: project = .any
            case .boolean(false): project = .none
            case .string(let id): project = .project(id)
            case let other:
                throw filter.problem(
                    "field 'project' must be a project id or false, got \(other.typeName == "boolean" ? "true" : other.typeName)"
                )
            }
            // One type, or a list of them.
            let types: [String]?
            switch filter.value("type") {
            case .nil: types = nil
            case .string(let type): types = [type]
            case let other where other.arrayValue != nil: types = try filter.strings("type")
            case let other:
                throw filter.problem("field 'type' must be a document type or a list of them, got \(other.typeName)")
            }
            let key = "ev.documents\u{0}\(types?.joined(separator: "\u{1}") ?? "\u{2}")\u{0}\(project.key)"
            if let kept: LuaValue = view.bundle.derivedIfKept(key) { return [kept] }
            let value = try view.documents(types: types, project: project).luaValue
            return [view.bundle.derived(key) { value }]
        },
        "document": RuleEnvironment.function("ev.document") { environment, arguments in
            [environment.view.document(try arguments.string(1)).luaValue]
        },
        "text": RuleEnvironment.content("ev.text") { view, id throws(FindingsError) in try view.text(id) },
        "headings": RuleEnvironment.content("ev.headings") { view, id throws(FindingsError) in try view.headings(id) },
        "paragraphs": RuleEnvironment.content("ev.paragraphs") { view, id throws(FindingsError) in
            try view.paragraphs(id)
        },
        "tables": RuleEnvironment.content("ev.tables") { view, id throws(FindingsError) in try view.tables(id) },
        "recognize": RuleEnvironment.recognizeFunction,
        "substance": RuleEnvironment.substanceFunction,
        "sha256": RuleEnvironment.function("ev.sha256") { environment, arguments in
            [try environment.view.sha256(try arguments.string(1)).luaValue]
        },
        "exists": RuleEnvironment.function("ev.exists") { environment, arguments in
            [try environment.view.exists(try arguments.string(1)).luaValue]
        },
        "record_tables": RuleEnvironment.function("ev.record_tables") { environment, _ in
            let view = environment.view
            return [view.bundle.derived("ev.record_tables") { view.recordTables().luaValue }]
        },
        "record_table": RuleEnvironment.function("ev.record_table") { environment, arguments in
            let view = environment.view
            let name = try arguments.string(1)
            return [view.bundle.derived("ev.record_table\u{0}\(name)") { view.recordTable(declared: name).luaValue }]
        },
        "records": RuleEnvironment.function("ev.records") { environment, arguments in
            let view = environment.view
            let name = try arguments.string(1)
            let options = try LuaOptions(arguments, 2, allowed: ["columns", "decimals"])
            return [
                try RuleEnvironment.records(
                    view, name, columns: try options.strings("columns"),
                    decimals: try options.decimals() ?? view.decimals)
            ]
        },
        "query": RuleEnvironment.queryFunction,
        "each": RuleEnvironment.eachFunction,
        "column": RuleEnvironment.function("ev.column") { environment, arguments in
            let view = environment.view
            let name = try arguments.string(1)
            let column = try arguments.string(2)
            let options = try LuaOptions(arguments, 3, allowed: ["decimals"])
            return try RuleEnvironment.column(view, name, column, decimals: try options.decimals() ?? view.decimals)
        },
    ])

    /// A function that reads a document's content: the value, or nil and the reason;
    /// converted once per bundle and document. A document that could not be read
    /// is noted in the environment's ``unreadableReads`` when it
    /// needs the auditor (``DocumentText/needsAuditor``).
    private static func content(
        _ name: String,
        _ read: @escaping @Sendable (EvidenceView, String) throws(FindingsError) -> EvidenceView.DocumentRead
    ) -> LuaValue {
        function(name) { environment, arguments in
            let view = environment.view
            let bundle = view.bundle
            let id = try arguments.string(1)
            let key = "\(name)\u{0}\(id)"
            if let kept: [LuaValue] = bundle.derivedIfKept(key) {
                if kept.count == 2 { environment.unreadableReads.note(id, in: bundle) }
                return kept
            }
            let result = try read(view, id)
            let values: [LuaValue] = result.problem.map { [.nil, .string($0)] } ?? [result.value.luaValue]
            if result.problem != nil { environment.unreadableReads.note(id, in: bundle) }
            return bundle.derived(key) { values }
        }
    }

    /// `ev.column`: the values (empty cells as holes) and the row count, converted
    /// straight from the typed table.
    static func column(
        _ view: EvidenceView, _ name: String, _ column: String,
        decimals: DecimalForm
    ) throws(FindingsError) -> [LuaValue] {
        let table = try view.recordTable(name)
        guard let index = table.spec.columnIndex(named: column) else {
            // The view words the error (with "did you mean"); it always throws here.
            _ = try view.column(name, column)
            return []
        }
        var values: [LuaValue] = []
        values.reserveCapacity(table.rowCount)
        for row in stride(from: 1, through: table.rowCount, by: 1) {
            values.append(table.value(row: row, column: index).luaValue(decimals: decimals))
        }
        return [.array(values), .integer(Int64(table.rowCount))]
    }

    /// `ev.records`: converts the rows straight from the typed table into Lua
    /// values, one at a time, without a list of `EvidenceValue` rows in between.
    static func records(
        _ view: EvidenceView, _ name: String, columns names: [String]?,
        decimals: DecimalForm
    ) throws(FindingsError) -> LuaValue {
        let table = try view.recordTable(name)
        let columns = try view.columnIndices(table, names)
        let keys = ["_row"] + columns.map { table.columns[$0].name }
        return .records(
            LuaRecords(keys: keys, count: table.rowCount) { row, values in
                values[0] = .integer(Int64(row + 1))
                for (slot, column) in columns.enumerated() {
                    values[slot + 1] = table.value(row: row + 1, column: column).luaValue(decimals: decimals)
                }
            })
    }
}

extension EvidenceView.ProjectFilter {
    /// The filter in a cache key (written out: interpolating the enum would go
    /// through reflection, which costs more than the look-up it keys).
    fileprivate var key: String {
        switch self {
        case .any: "\u{2}"
        case .none: "\u{3}"
        case .project(let id): id
        }
    }
}
