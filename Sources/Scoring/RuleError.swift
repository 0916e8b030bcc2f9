/// Why a rule gave no judgement: what went wrong, and where.
public struct RuleError: Error, Sendable, Hashable {
    /// A short name: the kinds of the engine's Lua errors (`syntax`, `runtime`,
    /// `instruction_budget`, `memory_limit`, `timeout`, `sandbox_violation`,
    /// `bad_return_value`), `rule_file` when the rule file cannot be read, or
    /// `fraction_out_of_range` when ``Scorer`` is given a fraction outside [0, 1].
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
