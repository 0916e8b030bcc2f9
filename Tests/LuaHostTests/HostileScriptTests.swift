import LuaHost
import Testing

/// A script that tries to harm or escape the host, and how it must end.
struct HostileCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: String // LuaError.kind
    var limits: LuaLimits = tightLimits
    /// A fragment the error's message must contain.
    var messageContains: String? = nil

    var testDescription: String { name }
}

let hostileCases: [HostileCase] = [
    // Endless loops
    HostileCase(name: "plain loop", source: "while true do end", expected: "instruction_budget"),
    HostileCase(
        name: "loop of pcall loops",
        source: "while true do pcall(function() while true do end end) end", expected: "instruction_budget"),
    HostileCase(
        name: "pcall swallowing the budget",
        source: "for i = 1, 10 do pcall(function() while true do end end) end return 'survived'",
        expected: "instruction_budget"),
    HostileCase(
        name: "loop in a coroutine",
        source: "coroutine.wrap(function() while true do end end)()", expected: "instruction_budget"),
    HostileCase(
        name: "resume loop over a yielding coroutine",
        source: """
            local co = coroutine.create(function() while true do coroutine.yield() end end)
            while true do coroutine.resume(co) end
            """, expected: "instruction_budget"),
    HostileCase(
        name: "loop in an xpcall handler",
        source: "xpcall(function() error('x') end, function() while true do end end)",
        expected: "instruction_budget"),
    HostileCase(
        name: "loop in a metamethod",
        source: "local t = setmetatable({}, {__index = function() while true do end end}) return t.x",
        expected: "instruction_budget"),
    HostileCase(
        name: "loop in a table.sort comparator",
        source: "table.sort({3, 2, 1}, function(a, b) while true do end end)", expected: "instruction_budget"),
    HostileCase(
        name: "loop in a gsub replacement function",
        source: "string.gsub('aaa', 'a', function() while true do end end)", expected: "instruction_budget"),
    HostileCase(
        name: "loop in a __close handler",
        source: "do local x <close> = setmetatable({}, {__close = function() while true do end end}) end",
        expected: "instruction_budget"),
    HostileCase(
        name: "table.move over a huge range",
        source: "table.move({}, 1, math.maxinteger - 1, 2)", expected: "instruction_budget"),
    HostileCase(
        name: "table.insert under a huge __len",
        source: "local t = setmetatable({}, {__len = function() return 1e15 end}) table.insert(t, 1, 'x')",
        expected: "instruction_budget"),
    // Memory bombs
    HostileCase(name: "string.rep bomb", source: "return string.rep('x', 1e9)", expected: "memory_limit"),
    HostileCase(
        name: "doubling concatenation", source: "local s = 'x' while true do s = s .. s end",
        expected: "memory_limit"),
    HostileCase(
        name: "table fill", source: "local t = {} for i = 1, 1e9 do t[i] = i end", expected: "memory_limit",
        limits: LuaLimits(instructionBudget: 200_000_000, memoryLimit: 8 << 20, timeout: 10)),
    HostileCase(
        name: "deep nesting of tables",
        source: "local t = {} local c = t for i = 1, 1e8 do c[1] = {} c = c[1] end", expected: "memory_limit",
        limits: LuaLimits(instructionBudget: 200_000_000, memoryLimit: 8 << 20, timeout: 10)),
    HostileCase(
        name: "memory error swallowed by pcall",
        source: "local ok = pcall(string.rep, 'x', 1e9) local t = {} while true do t[#t + 1] = ok end",
        expected: "memory_limit"),
    // Deep recursion
    HostileCase(
        name: "deep Lua recursion", source: "local function f() return 1 + f() end return f()",
        expected: "runtime", limits: LuaLimits(instructionBudget: 200_000_000, memoryLimit: 256 << 20, timeout: 10),
        messageContains: "stack overflow"),
    HostileCase(
        name: "metamethod chain",
        source: "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x",
        expected: "runtime", messageContains: "stack overflow"),
    HostileCase(
        name: "nested gsub", source: "local function f(s) return (s:gsub('.', f)) end return f('abc')",
        expected: "runtime", messageContains: "stack overflow"),
    HostileCase(
        name: "nested coroutines", source: "local function f() return coroutine.wrap(f)() end return f()",
        expected: "runtime", messageContains: "stack overflow"),
    // Bytecode
    HostileCase(
        name: "string.dump", source: "return load(string.dump(function() end))", expected: "sandbox_violation",
        messageContains: "string.dump"),
    HostileCase(
        name: "binary chunk through load", source: "return load('\\27Lua\\84\\0')", expected: "sandbox_violation",
        messageContains: "binary chunk"),
    // Forbidden libraries and functions
    HostileCase(
        name: "io", source: "return io.open('/etc/passwd')", expected: "sandbox_violation",
        messageContains: "'io'"),
    HostileCase(
        name: "os", source: "return os.execute('true')", expected: "sandbox_violation", messageContains: "'os'"),
    HostileCase(
        name: "debug", source: "return debug.getinfo(1)", expected: "sandbox_violation",
        messageContains: "'debug'"),
    HostileCase(
        name: "package.loadlib",
        source: "return package.loadlib('liblua5.4.so.0', 'luaopen_io')", expected: "sandbox_violation",
        messageContains: "'package'"),
    HostileCase(
        name: "require of a C library", source: "return require('io')", expected: "sandbox_violation",
        messageContains: "require 'io'"),
    HostileCase(
        name: "require of an unknown module", source: "return require('socket.core')", expected: "runtime",
        messageContains: "not found"),
    HostileCase(
        name: "dofile", source: "return dofile('/etc/passwd')", expected: "sandbox_violation",
        messageContains: "'dofile'"),
    HostileCase(
        name: "loadfile", source: "return loadfile('/etc/passwd')", expected: "sandbox_violation",
        messageContains: "'loadfile'"),
    HostileCase(
        name: "collectgarbage", source: "collectgarbage('stop')", expected: "sandbox_violation",
        messageContains: "'collectgarbage'"),
    HostileCase(
        name: "violation swallowed by pcall", source: "pcall(function() return io end) return 1",
        expected: "sandbox_violation"),
    // Metatables
    HostileCase(
        name: "string metatable tampering", source: "getmetatable('').__index = {upper = print}",
        expected: "runtime", messageContains: "attempt to index"),
    HostileCase(
        name: "library table tampering", source: "string.upper = function() return 'x' end",
        expected: "sandbox_violation", messageContains: "string.upper"),
    HostileCase(
        name: "library tampering through rawset", source: "rawset(string, 'upper', print)",
        expected: "sandbox_violation", messageContains: "rawset"),
    HostileCase(
        name: "__gc finalizer", source: "setmetatable({}, {__gc = function() while true do end end})",
        expected: "sandbox_violation", messageContains: "__gc"),
    HostileCase(
        name: "__gc placeholder filled in later",
        source: "local mt = {__gc = true} setmetatable({}, mt) mt.__gc = function() while true do end end",
        expected: "sandbox_violation", messageContains: "__gc"),
    // Error objects
    HostileCase(
        name: "error object with a looping __tostring",
        source: "error(setmetatable({}, {__tostring = function() while true do end end}))",
        expected: "instruction_budget"),
    HostileCase(
        name: "error object with a looping __index",
        source: "error(setmetatable({}, {__index = function(t, k) return t[k] end}))", expected: "runtime",
        messageContains: "error object is a table value"),
    HostileCase(
        name: "error object with __tostring",
        source: "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
        expected: "runtime", messageContains: "custom"),
    HostileCase(
        name: "error object that is a thread", source: "error(coroutine.create(print))", expected: "runtime",
        messageContains: "error object is a thread value"),
    // Pattern matching worst cases (the stock matcher would run for seconds)
    HostileCase(
        name: "find worst case", source: "return string.rep('a', 20000):find('.-.-.-.-.-b')",
        expected: "instruction_budget"),
    HostileCase(
        name: "match worst case", source: "return string.rep('a', 20000):match('(.-)(.-)(.-)(.-)b')",
        expected: "instruction_budget"),
    HostileCase(
        name: "gmatch worst case",
        source: "for x in string.rep('a', 20000):gmatch('.-.-.-.-b') do end", expected: "instruction_budget"),
    HostileCase(
        name: "gsub worst case", source: "return (string.rep('a', 20000):gsub('a*a*a*a*b', ''))",
        expected: "instruction_budget"),
    // _ENV and _G
    HostileCase(
        name: "_ENV set to nil", source: "_ENV = nil return x", expected: "runtime",
        messageContains: "attempt to index a nil value"),
    HostileCase(
        name: "_G metatable replaced", source: "setmetatable(_G, nil)", expected: "runtime",
        messageContains: "protected metatable"),
    HostileCase(
        name: "_G looping __index",
        source:
            "local e = setmetatable({}, {__index = function(t, k) while true do end end}) local f = load('return x', 'x', 't', e) return f()",
        expected: "instruction_budget"),
]

@Suite("Hostile scripts")
struct HostileScriptTests {
    @Test(arguments: hostileCases)
    func endsWithTheExpectedError(_ hostile: HostileCase) throws {
        let error = failure(hostile.source, limits: hostile.limits)
        #expect(error?.kind == hostile.expected, "\(hostile.name): \(String(describing: error))")
        if let fragment = hostile.messageContains {
            #expect(error?.description.contains(fragment) == true, "\(hostile.name): \(String(describing: error))")
        }
        // The host survived, and a fresh state still works.
        #expect(try run("return 1 + 1") == [.integer(2)])
    }

    @Test func atLeastThirtyCases() {
        #expect(hostileCases.count >= 30)
    }

    @Test func timeoutStopsALoopWithoutABudget() {
        let limits = LuaLimits(instructionBudget: nil, memoryLimit: 8 << 20, timeout: 0.2)
        let error = failure("while true do end", limits: limits)
        #expect(error?.kind == "timeout")
    }

    @Test func emptyStringRepDoesNotHang() throws {
        #expect(try run("return string.rep('', 1e15)", limits: tightLimits) == [.string("")])
    }

    @Test func stopsCarryLocationAndTraceback() {
        let error = failure("local x = 0\nwhile true do x = x + 1 end", limits: tightLimits)
        #expect(error?.context.file == "test.lua")
        #expect(error?.context.line == 2)
        #expect(error?.context.traceback?.contains("stack traceback") == true)
    }
}
