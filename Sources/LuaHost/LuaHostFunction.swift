/// A Swift function that Lua scripts can call.
///
/// The body receives the call's arguments and returns its results. It reports
/// a problem by throwing: ``LuaArgumentError`` reads like Lua's own argument
/// errors (`bad argument #1 to 'records' (string expected, got nil)`), any
/// other error becomes a Lua runtime error with the error's description. The
/// error is raised in Lua by C after the body has returned.
public final class LuaHostFunction: Sendable, Equatable {
    public typealias Body = @Sendable (LuaArguments) throws -> [LuaValue]

    /// The name used in argument errors.
    public let name: String
    public let body: Body
    /// Whether the function lives as long as the process (made once, kept in a
    /// `static let`): states then need not retain it when it is pushed.
    let isPermanent: Bool

    /// A function; `permanent` only for one that is never released (kept in a
    /// `static let`), which every state then uses without retaining it.
    public init(_ name: String, permanent: Bool = false, _ body: @escaping Body) {
        self.name = name
        self.isPermanent = permanent
        self.body = body
    }

    public static func == (lhs: LuaHostFunction, rhs: LuaHostFunction) -> Bool { lhs === rhs }
}

/// A bad argument to a Swift-implemented function.
public struct LuaArgumentError: Error, Sendable, Equatable {
    /// The 1-based position of the argument.
    public var position: Int
    /// What was wrong, e.g. `string expected, got nil`.
    public var problem: String

    public init(position: Int, problem: String) {
        self.position = position
        self.problem = problem
    }

    /// The message Lua would give, for the function `name`.
    public func message(function name: String) -> String {
        "bad argument #\(position) to '\(name)' (\(problem))"
    }
}

/// An error raised in Lua by a Swift-implemented function, with its message.
public struct LuaHostError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
