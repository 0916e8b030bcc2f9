import LuaHost

/// Why a rule gave no judgement: what went wrong, and where.
public struct RuleError: Error, Sendable, Hashable {
    /// A short name: the kinds of ``LuaError`` (`syntax`, `runtime`,
    /// `instruction_budget`, `memory_limit`, `timeout`, `sandbox_violation`,
    /// `bad_return_value`), or `rule_file` when the rule file cannot be read.
    public var kind: String
    /// A one-line message for people.
    public var message: String
    /// The file the error happened in (a rule file's path as the rubric writes
    /// it, or a library module's path), when known.
    public var file: String?
    /// The line in `file`, when known.
    public var line: Int?
    /// The Lua traceback, when the error went through the message handler.
    public var traceback: String?

    public init(kind: String, message: String, file: String? = nil, line: Int? = nil, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.traceback = traceback
    }

    /// The error of a Lua run; a bad return value is cited against `ruleFile`.
    init(_ error: LuaError, ruleFile: String) {
        let context = error.context
        switch error {
        case .badReturnValue:
            self.init(kind: error.kind, message: error.message, file: ruleFile)
        default:
            self.init(kind: error.kind, message: error.message, file: context.file, line: context.line,
                      traceback: context.traceback)
        }
    }

    /// A bad return value of the rule `ruleFile`: `problem` says what was wrong.
    static func badReturnValue(_ problem: String, ruleFile: String) -> RuleError {
        RuleError(kind: "bad_return_value", message: "bad return value of \(ruleFile): \(problem)", file: ruleFile)
    }
}

extension RuleError: CustomStringConvertible {
    /// `file:line: message`, as far as known.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        }
        return text + message
    }
}
