import CLua
import CLuaSupport
import Foundation

/// A reference to a Lua function held by one ``LuaState``.
public struct LuaFunctionReference: Sendable, Hashable {
    let reference: Int32
    let owner: ObjectIdentifier
}

/// One sandboxed Lua state: its owner, and the one place it is closed.
///
/// Made from a ``LuaConfiguration``; not `Sendable`: a state is used by one
/// thread at a time, while many states may run on many threads at once.
/// Everything a script does stays in its state, so use a fresh state per
/// evaluation.
public final class LuaState {
    public let configuration: LuaConfiguration
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // `L` is the Lua C API's own name for a state, as in every Lua binding.
    let L: OpaquePointer
    private let control: UnsafeMutablePointer<rubric_control>
    private var retainedFunctions: [Unmanaged<LuaHostFunction>] = []
    /// The collector is stopped while the host sets the state up (everything
    /// made then lives as long as the state) and restarted before a script
    /// first runs (in `protectedCall`).
    private var collectorPaused = true
    /// What the host's functions work on while they run in this state, for
    /// functions made once and pushed into many states: they find it through
    /// ``LuaArguments/hostContext``. Kept as long as the state.
    public var hostContext: AnyObject?

    /// Creates a sandboxed state. Fails only when the memory limit is too small
    /// for the standard library.
    public init(configuration: LuaConfiguration = .sandbox) throws(LuaError) {
        self.configuration = configuration
        control = .allocate(capacity: 1)
        rubric_control_init(control)
        let limits = configuration.limits
        control.pointee.memory_limit = limits.memoryLimit.map { max(0, $0) } ?? 0
        control.pointee.instruction_budget = limits.instructionBudget ?? 0
        if let timeout = limits.timeout {
            control.pointee.deadline_ns = rubric_now_ns() + Int64(timeout * 1_000_000_000)
        }
        control.pointee.log_limit = max(0, configuration.logLimit)
        control.pointee.random_seed = lua_Integer(configuration.randomSeed)
        control.pointee.dispatch = luaHostDispatch
        if let modules = configuration.modules {
            control.pointee.module_lookup = LuaModuleLibrary.lookup
            control.pointee.module_context = Unmanaged.passUnretained(modules).toOpaque()
        }
        guard let state = rubric_newstate(control) else {
            rubric_control_free(control)
            control.deallocate()
            throw LuaError.memoryLimitExceeded(limit: limits.memoryLimit ?? 0, context: LuaErrorContext())
        }
        L = state
        control.pointee.host = Unmanaged.passUnretained(self).toOpaque()
        rubric_pause_collector(L)

        lua_pushcclosure(L, rubric_open_sandbox, 0)
        lua_pushinteger(L, lua_Integer(configuration.unsafeLibraries.rawValue))
        try protectedCall(arguments: 1, results: 0, resumingCollector: false)
        rubric_install_hook(L)
        if configuration.lineCoverage { rubric_enable_coverage(L) }
    }

    deinit {
        rubric_close(L)
        rubric_control_free(control)
        control.deallocate()
        for function in retainedFunctions { function.release() }
    }

    // MARK: Running code

    /// Compiles and runs a chunk; returns its results.
    public func run(_ chunk: LuaChunk, arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        let function = try load(chunk)
        return try call(function, arguments: arguments)
    }

    /// Compiles a chunk (text only: binary chunks are refused) into a function.
    public func load(_ chunk: LuaChunk) throws(LuaError) -> LuaFunctionReference {
        try loaded(name: chunk.name) {
            chunk.source.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { text in
                    rubric_load_text(L, text.baseAddress, text.count, "@" + chunk.name)
                }
            }
        }
    }

    /// Loads a chunk compiled by the host (``LuaCompiledChunk``) into a function.
    public func load(_ compiled: LuaCompiledChunk) throws(LuaError) -> LuaFunctionReference {
        guard compiled.isBinary else { return try load(LuaChunk(name: compiled.name, bytes: compiled.bytes)) }
        return try loaded(name: compiled.name) {
            compiled.bytes.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { buffer in
                    rubric_load_compiled(L, buffer.baseAddress, buffer.count, "@" + compiled.name)
                }
            }
        }
    }

    /// Runs `load` (a non-raising C loader that leaves a function or an error
    /// message on the stack) and turns its result into a reference or a syntax error.
    private func loaded(name: String, _ load: () -> Int32) throws(LuaError) -> LuaFunctionReference {
        try withHostAccess { () throws(LuaError) in
            guard load() == LUA_OK else {
                let message = LuaStack(L: L, depthLimit: 0).string(at: -1) ?? "unreadable error message"
                rubric_lua_pop(L, 1)
                throw Self.syntaxError(message, file: name)
            }
            return reference()
        }
    }

    /// Runs a rule file: compiles the chunk, runs it and returns the function
    /// it must return. Anything else is a bad return value.
    public func loadFunction(_ chunk: LuaChunk) throws(LuaError) -> LuaFunctionReference {
        try returnedFunction(of: try load(chunk), name: chunk.name)
    }

    /// Runs a rule file compiled by the host, as ``loadFunction(_:)-(LuaChunk)`` does its text.
    public func loadFunction(_ compiled: LuaCompiledChunk) throws(LuaError) -> LuaFunctionReference {
        try returnedFunction(of: try load(compiled), name: compiled.name)
    }

    /// Runs `main` and returns the function it must return.
    private func returnedFunction(of main: LuaFunctionReference, name: String) throws(LuaError) -> LuaFunctionReference
    {
        push(main)
        try protectedCall(arguments: 0, results: 1)
        return try withHostAccess { () throws(LuaError) in
            guard rubric_lua_isfunction(L, -1) != 0 else {
                let type = LuaStack(L: L, depthLimit: 0).typeName(at: -1)
                rubric_lua_pop(L, 1)
                throw LuaError.badReturnValue(reason: "\(name) must return a function, got \(type)")
            }
            return reference()
        }
    }

    /// Runs a chunk; when it returns a function (as a rule file does), calls
    /// that function with `arguments` and returns its results, otherwise
    /// returns the chunk's first result.
    public func runReturningOrCalling(_ chunk: LuaChunk, arguments: [LuaValue]) throws(LuaError) -> [LuaValue] {
        let main = try load(chunk)
        push(main)
        try protectedCall(arguments: 0, results: 1)
        if rubric_lua_isfunction(L, -1) != 0 {
            let function = withHostAccess { reference() }
            return try call(function, arguments: arguments)
        }
        return try withHostAccess { () throws(LuaError) in
            defer { rubric_lua_pop(L, 1) }
            do throws(LuaStack.ConversionError) {
                return [try stack.read(-1, path: "result")]
            } catch {
                throw LuaError.badReturnValue(reason: error.message)
            }
        }
    }

    /// Calls a function of this state with `arguments`; returns its results.
    public func call(_ function: LuaFunctionReference, arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        precondition(function.owner == ObjectIdentifier(self), "a function reference of another state")
        let base = lua_gettop(L)
        push(function)
        try withHostAccess { () throws(LuaError) in
            guard lua_checkstack(L, Int32(clamping: arguments.count + 8)) != 0 else {
                rubric_lua_pop(L, 1)
                throw LuaError.badReturnValue(reason: "too many arguments (\(arguments.count))")
            }
            for (index, argument) in arguments.enumerated() where !stack.push(argument) {
                lua_settop(L, base)
                throw LuaError.badReturnValue(
                    reason: "argument #\(index + 1) is nested deeper than \(configuration.limits.valueDepth) levels")
            }
        }
        try protectedCall(arguments: Int32(arguments.count), results: rubric_lua_multret())
        return try withHostAccess { () throws(LuaError) in
            defer { lua_settop(L, base) }
            var results: [LuaValue] = []
            let top = lua_gettop(L)
            guard top > base else { return results }
            for index in (base + 1)...top {
                do throws(LuaStack.ConversionError) {
                    let path = top - base == 1 ? "result" : "result #\(index - base)"
                    results.append(try stack.read(index, path: path))
                } catch {
                    throw LuaError.badReturnValue(reason: error.message)
                }
            }
            return results
        }
    }

    /// Sets a global variable of the state.
    public func setGlobal(_ name: String, _ value: LuaValue) throws(LuaError) {
        try withHostAccess { () throws(LuaError) in
            lua_rawgeti(L, rubric_lua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
            stack.pushString(name)
            guard stack.push(value) else {
                rubric_lua_pop(L, 2)
                throw LuaError.badReturnValue(
                    reason: "global '\(name)' is nested deeper than \(configuration.limits.valueDepth) levels")
            }
            lua_rawset(L, -3)
            rubric_lua_pop(L, 1)
        }
    }

    /// Reads a global variable of the state (raw access: no metamethods run).
    public func global(_ name: String) throws(LuaError) -> LuaValue {
        try withHostAccess { () throws(LuaError) in
            lua_rawgeti(L, rubric_lua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
            stack.pushString(name)
            lua_rawget(L, -2)
            defer { rubric_lua_pop(L, 2) }
            do throws(LuaStack.ConversionError) {
                return try stack.read(-1, path: name)
            } catch {
                throw LuaError.badReturnValue(reason: error.message)
            }
        }
    }

    // MARK: What the evaluation used

    /// What `print` and `warn` wrote, in order.
    public var log: String {
        guard let bytes = control.pointee.log else { return "" }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: control.pointee.log_length)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Instructions executed so far (counted in steps of the hook interval,
    /// plus work charged by C functions such as the pattern matcher).
    public var instructionsUsed: Int64 { control.pointee.instructions_used }

    /// Bytes currently allocated by the state.
    public var memoryUsed: Int { control.pointee.memory_used }

    /// The most bytes the state has had allocated at once.
    public var memoryPeak: Int { control.pointee.memory_peak }

    // MARK: Internals

    private var stack: LuaStack { LuaStack(L: L, depthLimit: configuration.limits.valueDepth) }

    /// Runs host-side stack work with the memory cap lifted (see LuaHost.swift).
    private func withHostAccess<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        rubric_lift_memory_cap(L)
        defer { rubric_restore_memory_cap(L) }
        return try body()
    }

    private func reference() -> LuaFunctionReference {
        let reference = luaL_ref(L, rubric_lua_registryindex())
        return LuaFunctionReference(reference: reference, owner: ObjectIdentifier(self))
    }

    private func push(_ function: LuaFunctionReference) {
        _ = withHostAccess { lua_rawgeti(L, rubric_lua_registryindex(), lua_Integer(function.reference)) }
    }

    func retain(_ function: Unmanaged<LuaHostFunction>) {
        retainedFunctions.append(function)
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    static func owner(of L: OpaquePointer) -> LuaState {
        Unmanaged<LuaState>.fromOpaque(rubric_control_of(L).pointee.host).takeUnretainedValue()
    }

    /// Calls the function below `arguments` arguments in protected mode, with
    /// the message handler. Leaves `results` results on success. Restarts the
    /// collector first, unless `resumingCollector` is false (the host's own
    /// set-up, where no script runs).
    private func protectedCall(arguments: Int32, results: Int32, resumingCollector: Bool = true) throws(LuaError) {
        if collectorPaused && resumingCollector {
            rubric_resume_collector(L)
            collectorPaused = false
        }
        let functionIndex = lua_gettop(L) - arguments
        withHostAccess {
            lua_pushnil(L)
            lua_setfield(L, rubric_lua_registryindex(), RUBRIC_TRACEBACK_KEY)
            lua_pushcclosure(L, rubric_message_handler, 0)
            rubric_lua_insert(L, functionIndex)
        }
        let status = rubric_lua_pcall(L, arguments, results, functionIndex)
        rubric_lua_remove(L, functionIndex)
        if status != LUA_OK || control.pointee.stop != RUBRIC_STOP_NONE {
            if status != LUA_OK {
                throw withHostAccess { failure(status: status) }
            }
            // The script swallowed a stop with pcall and returned normally.
            lua_settop(L, functionIndex - 1)
            throw withHostAccess { stopError(message: nil, context: LuaErrorContext()) }
        }
    }

    /// The error for a failed protected call; pops the error value.
    private func failure(status: Int32) -> LuaError {
        let stack = self.stack
        let message =
            lua_type(L, -1) == LUA_TSTRING
            ? (stack.string(at: -1) ?? "(invalid UTF-8 in error message)")
            : "(error object is a \(stack.typeName(at: -1)) value)"
        rubric_lua_pop(L, 1)
        lua_getfield(L, rubric_lua_registryindex(), RUBRIC_TRACEBACK_KEY)
        let traceback = lua_type(L, -1) == LUA_TSTRING ? stack.string(at: -1) : nil
        rubric_lua_pop(L, 1)
        let (file, line, text) = Self.splitLocation(message)
        let context = LuaErrorContext(file: file, line: line, traceback: traceback)
        if control.pointee.stop != RUBRIC_STOP_NONE || status == LUA_ERRMEM {
            return stopError(message: text, context: context)
        }
        if status == LUA_ERRERR {
            return .runtime(message: "error in error handling: \(text)", context: context)
        }
        return .runtime(message: text, context: context)
    }

    private func stopError(message: String?, context: LuaErrorContext) -> LuaError {
        let limits = configuration.limits
        switch control.pointee.stop {
        case RUBRIC_STOP_INSTRUCTIONS:
            return .instructionBudgetExceeded(budget: limits.instructionBudget ?? 0, context: context)
        case RUBRIC_STOP_TIMEOUT:
            return .timeout(seconds: limits.timeout ?? 0, context: context)
        case RUBRIC_STOP_VIOLATION:
            let attempted = withUnsafeBytes(of: control.pointee.violation) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .sandboxViolation(attempted: attempted, context: context)
        default:
            return .memoryLimitExceeded(limit: limits.memoryLimit ?? 0, context: context)
        }
    }

    /// Splits `file:line: message` into its parts.
    static func splitLocation(_ message: String) -> (file: String?, line: Int?, message: String) {
        var search = message.startIndex
        while let colon = message[search...].firstIndex(of: ":") {
            let afterColon = message.index(after: colon)
            let digits = message[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.endIndex < message.endIndex, message[digits.endIndex] == ":" {
                let rest = message[message.index(after: digits.endIndex)...].drop { $0 == " " }
                return (String(message[..<colon]), Int(digits), String(rest))
            }
            search = afterColon
        }
        return (nil, nil, message)
    }

    static func syntaxError(_ message: String, file: String) -> LuaError {
        let (_, line, text) = splitLocation(message)
        return .syntax(file: file, line: line, message: text)
    }
}

/// The C trampoline's way into Swift (see rubric_push_host_function).
let luaHostDispatch: rubric_host_dispatch = { state, context in
    guard let state, let context else { return -1 }
    let function = Unmanaged<LuaHostFunction>.fromOpaque(context).takeUnretainedValue()
    let owner = LuaState.owner(of: state)
    let stack = LuaStack(L: state, depthLimit: owner.configuration.limits.valueDepth)
    do {
        let results = try function.body(LuaArguments(stack: stack))
        guard lua_checkstack(state, Int32(clamping: results.count + 4)) != 0 else {
            stack.pushString("too many results from '\(function.name)'")
            return -1
        }
        for result in results where !stack.push(result) {
            stack.pushString("a result of '\(function.name)' is nested too deeply")
            return -1
        }
        return Int32(results.count)
    } catch let error as LuaArgumentError {
        stack.pushString(error.message(function: function.name))
    } catch {
        stack.pushString(String(describing: error))
    }
    return -1
}
