import CLua
import CLuaSupport

/// The arguments of a call from Lua to a Swift-implemented function. Valid only
/// while the function runs. The accessors throw ``LuaArgumentError`` with
/// messages like Lua's own.
public struct LuaArguments {
    let stack: LuaStack
    /// The number of arguments passed.
    public let count: Int

    init(stack: LuaStack) {
        self.stack = stack
        self.count = Int(lua_gettop(stack.L))
    }

    private func expected(_ what: String, _ position: Int) -> LuaArgumentError {
        LuaArgumentError(position: position, problem: "\(what) expected, got \(stack.typeName(at: Int32(position)))")
    }

    private func type(_ position: Int) -> Int32 {
        position >= 1 && position <= count ? lua_type(stack.L, Int32(position)) : LUA_TNONE
    }

    /// The ``LuaState/hostContext`` of the state the call runs in.
    public var hostContext: AnyObject? { LuaState.owner(of: stack.L).hostContext }

    /// Charges `steps` units of work the function did (about one Lua instruction
    /// each) to the state's instruction budget and checks its deadline. Throws
    /// when the state must stop; the function should let the error through, and
    /// the call then fails with the stop error ("instruction budget exceeded",
    /// "wall-clock timeout") as if Lua code had run out.
    public func charge(_ steps: Int) throws(LuaHostError) {
        if rubric_charge_host(stack.L, Int64(steps)) != 0 {
            throw LuaHostError("stopped: the instruction budget or the deadline is spent")
        }
    }

    /// Whether the argument is absent or nil.
    public func isNil(_ position: Int) -> Bool {
        let type = type(position)
        return type == LUA_TNIL || type == LUA_TNONE
    }

    /// A string argument (valid UTF-8).
    public func string(_ position: Int) throws(LuaArgumentError) -> String {
        guard type(position) == LUA_TSTRING else { throw expected("string", position) }
        guard let text = stack.string(at: Int32(position)) else {
            throw LuaArgumentError(position: position, problem: "string is not valid UTF-8")
        }
        return text
    }

    /// A string argument, or nil when absent or nil.
    public func optionalString(_ position: Int) throws(LuaArgumentError) -> String? {
        isNil(position) ? nil : try string(position)
    }

    /// The raw bytes of a string argument.
    public func bytes(_ position: Int) throws(LuaArgumentError) -> [UInt8] {
        guard type(position) == LUA_TSTRING else { throw expected("string", position) }
        return stack.bytes(at: Int32(position))
    }

    /// An integer argument (a float with an exact integer value is accepted, as in Lua).
    public func integer(_ position: Int) throws(LuaArgumentError) -> Int64 {
        guard type(position) == LUA_TNUMBER else { throw expected("number", position) }
        if lua_isinteger(stack.L, Int32(position)) != 0 {
            return Int64(rubric_lua_tointeger(stack.L, Int32(position)))
        }
        guard let value = Int64(exactly: rubric_lua_tonumber(stack.L, Int32(position))) else {
            throw LuaArgumentError(position: position, problem: "number has no integer representation")
        }
        return value
    }

    /// An integer argument, or nil when absent or nil.
    public func optionalInteger(_ position: Int) throws(LuaArgumentError) -> Int64? {
        isNil(position) ? nil : try integer(position)
    }

    /// A number argument.
    public func number(_ position: Int) throws(LuaArgumentError) -> Double {
        guard type(position) == LUA_TNUMBER else { throw expected("number", position) }
        return rubric_lua_tonumber(stack.L, Int32(position))
    }

    /// A Boolean argument.
    public func boolean(_ position: Int) throws(LuaArgumentError) -> Bool {
        guard type(position) == LUA_TBOOLEAN else { throw expected("boolean", position) }
        return lua_toboolean(stack.L, Int32(position)) != 0
    }

    /// A table argument, converted.
    public func table(_ position: Int) throws(LuaArgumentError) -> LuaValue {
        guard type(position) == LUA_TTABLE else { throw expected("table", position) }
        return try value(position)
    }

    /// A table argument, or nil when absent or nil.
    public func optionalTable(_ position: Int) throws(LuaArgumentError) -> LuaValue? {
        if isNil(position) { return nil }
        return try table(position)
    }

    /// Any argument, converted (`.nil` when absent).
    public func value(_ position: Int) throws(LuaArgumentError) -> LuaValue {
        guard position >= 1 && position <= count else { return .nil }
        do throws(LuaStack.ConversionError) {
            return try stack.read(Int32(position), path: "argument")
        } catch {
            throw LuaArgumentError(position: position, problem: error.message)
        }
    }
}
