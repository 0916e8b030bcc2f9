import Foundation
import LuaHost

/// Every call a rule made to the evidence API (`ev`, `dates`, `findings`),
/// in order, with its arguments and the size of its answer: what
/// `rubric run --leaf ID --trace` prints to show how a rule reached its verdict.
///
/// ```swift
/// let trace = RuleCallTrace()
/// try environment.install(in: state, trace: trace)
/// // ... run the rule ...
/// for call in trace.calls { print(call) }
/// ```
public final class RuleCallTrace: @unchecked Sendable {
    /// One call: the function, its arguments and its answer, as text.
    public struct Call: Sendable, Hashable, CustomStringConvertible {
        /// `ev.documents`, `dates.add_days`, ...
        public var function: String
        /// The arguments, each as short Lua-like text.
        public var arguments: [String]
        /// The size of the answer (`table of 3`, `string of 10 bytes`, `nil`),
        /// or the error the call raised.
        public var answer: String

        public var description: String {
            "\(function)(\(arguments.joined(separator: ", "))) -> \(answer)"
        }
    }

    private let lock = NSLock()
    private var recorded: [Call] = []

    public init() {}

    /// The calls recorded so far, in order.
    public var calls: [Call] { lock.withLock { recorded } }

    func record(_ call: Call) { lock.withLock { recorded.append(call) } }

    /// `api` (one of the API's tables) with every function replaced by one that
    /// calls it and records the call under `prefix.name`.
    func traced(_ api: LuaValue, prefix: String) -> LuaValue {
        switch api {
        case .fields(let fields):
            return .fields(fields.map { LuaField($0.key, traced($0.value, prefix: "\(prefix).\($0.key)")) })
        case .table(let fields):
            return .table(fields.reduce(into: [:]) { $0[$1.key] = traced($1.value, prefix: "\(prefix).\($1.key)") })
        case .function(let function):
            let body = function.body
            return .function(
                LuaHostFunction(function.name) { [self] arguments in
                    let shown = (0..<arguments.count).map { position in
                        (try? arguments.value(position + 1)).map(Self.describe) ?? "?"
                    }
                    do {
                        let results = try body(arguments)
                        let answer = results.isEmpty ? "nothing" : results.map(Self.size).joined(separator: ", ")
                        record(Call(function: prefix, arguments: shown, answer: answer))
                        return results
                    } catch {
                        record(Call(function: prefix, arguments: shown, answer: "error: \(error)"))
                        throw error
                    }
                })
        default:
            return api
        }
    }

    /// A short Lua-like text of an argument.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let flag): return flag ? "true" : "false"
        case .integer(let number): return "\(number)"
        case .number(let number): return "\(number)"
        case .string(let text): return "\"\(text)\""
        case .array(let elements): return "{" + elements.map(describe).joined(separator: ", ") + "}"
        case .table(let fields):
            let sorted = fields.sorted { $0.key < $1.key }
            return "{" + sorted.map { "\($0.key) = \(describe($0.value))" }.joined(separator: ", ") + "}"
        case .fields(let fields):
            return "{" + fields.map { "\($0.key) = \(describe($0.value))" }.joined(separator: ", ") + "}"
        case .function(let function): return "function \(function.name)"
        case .records(let records): return "records of \(records.count)"
        }
    }

    /// The size of an answer.
    static func size(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .boolean(let flag): return flag ? "true" : "false"
        case .integer, .number: return describe(value)
        case .string(let text): return "string of \(text.utf8.count) bytes"
        case .array(let elements): return "list of \(elements.count)"
        case .table(let fields): return "table of \(fields.count) fields"
        case .fields(let fields): return "table of \(fields.count) fields"
        case .function: return "function"
        case .records(let records): return "list of \(records.count) records"
        }
    }
}

extension RuleEnvironment {
    /// Installs the API as ``install(in:)`` does, with every call recorded in `trace`.
    public func install(in state: LuaState, trace: RuleCallTrace) throws(LuaError) {
        state.hostContext = self
        try state.setGlobal("ev", trace.traced(Self.evidenceAPI, prefix: "ev"))
        try state.setGlobal("dates", trace.traced(Self.datesAPI, prefix: "dates"))
        try state.setGlobal("findings", trace.traced(Self.findingsAPI, prefix: "findings"))
    }
}

extension RuleEnvironment {
    /// The fields of each API table (`ev`, `dates`, `findings`), read from the
    /// tables ``install(in:)`` sets, so that static checks cannot drift from them.
    public static var apiFields: [String: Set<String>] {
        func keys(_ table: LuaValue) -> Set<String> { Set(table.tableValue?.keys.map { $0 } ?? []) }
        return ["ev": keys(evidenceAPI), "dates": keys(datesAPI), "findings": keys(findingsAPI)]
    }
}
