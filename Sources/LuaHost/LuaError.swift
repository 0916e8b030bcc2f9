/// Where a Lua error happened: the chunk (rule file), the line, and the
/// traceback when the error went through the message handler.
public struct LuaErrorContext: Sendable, Equatable {
    public var file: String?
    public var line: Int?
    public var traceback: String?

    public init(file: String? = nil, line: Int? = nil, traceback: String? = nil) {
        self.file = file
        self.line = line
        self.traceback = traceback
    }
}

/// Everything that can go wrong when running a script: a closed set of cases.
public enum LuaError: Error, Sendable, Equatable {
    /// The chunk does not compile.
    case syntax(file: String, line: Int?, message: String)
    /// The script raised an error (its own, or one from a library function).
    case runtime(message: String, context: LuaErrorContext)
    /// The script used up its instruction budget.
    case instructionBudgetExceeded(budget: Int64, context: LuaErrorContext)
    /// The script needed more memory than its limit allows.
    case memoryLimitExceeded(limit: Int, context: LuaErrorContext)
    /// The script ran past its wall-clock deadline.
    case timeout(seconds: Double, context: LuaErrorContext)
    /// The script attempted something the sandbox forbids; `attempted` says what.
    case sandboxViolation(attempted: String, context: LuaErrorContext)
    /// The script returned something the host cannot use; `reason` says what was wrong.
    case badReturnValue(reason: String)

    /// A short name of the case: `syntax`, `runtime`, `instruction_budget`,
    /// `memory_limit`, `timeout`, `sandbox_violation`, `bad_return_value`.
    public var kind: String {
        switch self {
        case .syntax: "syntax"
        case .runtime: "runtime"
        case .instructionBudgetExceeded: "instruction_budget"
        case .memoryLimitExceeded: "memory_limit"
        case .timeout: "timeout"
        case .sandboxViolation: "sandbox_violation"
        case .badReturnValue: "bad_return_value"
        }
    }

    /// The file, line and traceback, where known.
    public var context: LuaErrorContext {
        switch self {
        case .syntax(let file, let line, _): LuaErrorContext(file: file, line: line)
        case .runtime(_, let context), .instructionBudgetExceeded(_, let context),
            .memoryLimitExceeded(_, let context), .timeout(_, let context),
            .sandboxViolation(_, let context):
            context
        case .badReturnValue: LuaErrorContext()
        }
    }

    /// A one-line message for people.
    public var message: String {
        switch self {
        case .syntax(_, _, let message): "syntax error: \(message)"
        case .runtime(let message, _): message
        case .instructionBudgetExceeded(let budget, _): "instruction budget of \(budget) exceeded"
        case .memoryLimitExceeded(let limit, _): "memory limit of \(limit) bytes exceeded"
        case .timeout(let seconds, _): "wall-clock timeout of \(seconds) s exceeded"
        case .sandboxViolation(let attempted, _): "sandbox violation: \(attempted)"
        case .badReturnValue(let reason): "bad return value: \(reason)"
        }
    }
}

extension LuaError: CustomStringConvertible {
    public var description: String {
        let context = self.context
        var text = ""
        if let file = context.file {
            text += file
            if let line = context.line { text += ":\(line)" }
            text += ": "
        }
        text += message
        if let traceback = context.traceback { text += "\n" + traceback }
        return text
    }
}
