import CLuaSupport

/// Resource limits of one state. `nil` means no limit.
public struct LuaLimits: Sendable, Equatable {
    /// Lua VM instructions a state may execute, plus the work of library
    /// functions done in C (pattern matching, sorting, building and copying
    /// strings and tables), charged in the same units.
    public var instructionBudget: Int64?
    /// Bytes the state may allocate.
    public var memoryLimit: Int?
    /// Wall-clock seconds from the state's creation; enforced inside library
    /// functions done in C as well (a shared watchdog thread marks the state,
    /// and the function's next charge stops it).
    public var timeout: Double?
    /// How deeply nested a table may be when it crosses between Swift and Lua.
    public var valueDepth: Int

    public init(
        instructionBudget: Int64? = 200_000_000, memoryLimit: Int? = 128 << 20,
        timeout: Double? = 10, valueDepth: Int = 32
    ) {
        self.instructionBudget = instructionBudget
        self.memoryLimit = memoryLimit
        self.timeout = timeout
        self.valueDepth = valueDepth
    }

    /// 200 million instructions, 128 MiB, 10 s, depth 32.
    public static let `default` = LuaLimits()
}

/// Libraries a sandbox never has unless asked for by name. Opening any of them
/// lets scripts reach the file system, the clock or the interpreter's internals.
public struct LuaUnsafeLibraries: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let os = LuaUnsafeLibraries(rawValue: 1)
    public static let io = LuaUnsafeLibraries(rawValue: 2)
    public static let debug = LuaUnsafeLibraries(rawValue: 4)
}

/// How states are made: limits, the module library for `require`, the seed of
/// `math.random`, and the unsafe libraries (none by default). A value, so it
/// can be shared by many threads that each make their own states.
public struct LuaConfiguration: Sendable {
    public var limits: LuaLimits
    /// Where `require` finds modules; without one, `require` finds nothing.
    public var modules: LuaModuleLibrary?
    /// The seed of `math.random` (and of `math.randomseed()` without arguments).
    public var randomSeed: Int64
    /// Explicit opt-in to unsafe libraries; empty for the sandbox.
    public var unsafeLibraries: LuaUnsafeLibraries
    /// How many bytes of `print` and `warn` output a state keeps.
    public var logLimit: Int
    /// Whether states record the lines they run (``LuaState/coveredLines``):
    /// a line hook, only for `rubric test --coverage`.
    public var lineCoverage = false

    public init(
        limits: LuaLimits = .default, modules: LuaModuleLibrary? = nil, randomSeed: Int64 = 0,
        unsafeLibraries: LuaUnsafeLibraries = [], logLimit: Int = 1 << 20
    ) {
        self.limits = limits
        self.modules = modules
        self.randomSeed = randomSeed
        self.unsafeLibraries = unsafeLibraries
        self.logLimit = logLimit
    }

    /// The sandbox with default limits.
    public static let sandbox = LuaConfiguration()
}

extension LuaConfiguration {
    /// The libraries the sandbox opens the first time a script reads them
    /// (`utf8`, `coroutine`): globals a script may use although `pairs(_G)`
    /// does not list them until they are read.
    public static var lazyLibraryNames: [String] {
        var names: [String] = []
        while let name = rubric_sandbox_lazy_library(names.count) { names.append(String(cString: name)) }
        return names
    }
}
