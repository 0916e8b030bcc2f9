import LuaHost
import Scoring

/// Building a ``RuleError`` from what the Lua host reports.
extension RuleError {
    /// The error of a Lua run; a bad return value is cited against `ruleFile`.
    init(_ error: LuaError, ruleFile: String) {
        let context = error.context
        switch error {
        case .badReturnValue:
            self.init(kind: error.kind, message: error.message, file: ruleFile)
        default:
            self.init(
                kind: error.kind, message: error.message, file: context.file, line: context.line,
                traceback: context.traceback)
        }
    }

    /// A bad return value of the rule `ruleFile`: `problem` says what was wrong.
    static func badReturnValue(_ problem: String, ruleFile: String) -> RuleError {
        RuleError(kind: "bad_return_value", message: "bad return value of \(ruleFile): \(problem)", file: ruleFile)
    }
}
