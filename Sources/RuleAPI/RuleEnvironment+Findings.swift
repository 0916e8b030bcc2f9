import Diagnostics
import Evidence
import LuaHost

extension RuleEnvironment {
    /// The global `findings`: what the rule concludes, collected in ``findings``.
    /// Made once for the process, as ``evidenceAPI``.
    static let findingsAPI = LuaValue.ordered([
        "nonconformity": RuleEnvironment.level(.nonconformity),
        "observation": RuleEnvironment.level(.observation),
        "ok": RuleEnvironment.level(.ok),
        "add": RuleEnvironment.function("findings.add") { environment, arguments in
            let value = try arguments.table(1).evidenceValue
            try RuleEnvironment.argument(1) { () throws(FindingsError) in
                try environment.findings.add(try AuditFinding(value: value))
            }
            return []
        },
    ])

    /// `findings.<level>(message [, evidence])`.
    private static func level(_ level: AuditFinding.Level) -> LuaValue {
        function("findings.\(level.rawValue)") { environment, arguments in
            let message = try arguments.string(1)
            guard !message.isEmpty else {
                throw LuaArgumentError(position: 1, problem: "the message must not be empty")
            }
            let evidence = try arguments.value(2).evidenceValue
            try argument(2) { () throws(FindingsError) in
                let references = try AuditFindingsBuilder.references(from: evidence)
                try environment.findings.add(AuditFinding(level: level, message: message, references: references))
            }
            return []
        }
    }

    /// Runs `body`; a problem with what the rule handed over becomes a bad argument at `position`.
    private static func argument(_ position: Int, _ body: () throws(FindingsError) -> Void) throws(LuaArgumentError) {
        do {
            try body()
        } catch {
            let text = error.findings.map(\.message).joined(separator: "; ")
            throw LuaArgumentError(position: position, problem: text)
        }
    }
}
