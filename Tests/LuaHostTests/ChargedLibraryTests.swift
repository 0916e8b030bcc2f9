import Dispatch
import LuaHost
import Synchronization
import Testing

/// A library function whose work in C is charged to the instruction budget.
/// `setup` makes large values cheaply; `call` runs the function once on them.
/// A few calls run only a few dozen Lua instructions, so only the charge for
/// the function's own work can spend the budget.
struct ChargedCall: CustomTestStringConvertible, Sendable {
    let function: String
    let setup: String
    let call: String
    var calls = 40

    var testDescription: String { function }

    var source: String {
        """
        \(setup)
        for _ = 1, \(calls) do \(call) end
        return 'finished'
        """
    }
}

/// 100,000 numbers, made by two charged calls.
private let numbers = "local t = table.pack(string.byte(string.rep('x', 100000), 1, -1))"
/// A string of a million bytes.
private let million = "local s = string.rep('x', 1000000)"

let chargedCalls: [ChargedCall] = [
    ChargedCall(function: "table.sort", setup: numbers, call: "table.sort(t)"),
    ChargedCall(
        function: "table.sort with an order function",
        setup: "local t = {} for i = 1, 2000 do t[i] = i end local function before(a, b) return a < b end",
        call: "table.sort(t, before)"),
    ChargedCall(function: "table.concat", setup: numbers, call: "table.concat(t, ',')"),
    ChargedCall(function: "table.move", setup: numbers, call: "table.move(t, 1, #t, 1, {})"),
    ChargedCall(function: "table.insert", setup: numbers, call: "table.insert(t, 1, 0)"),
    ChargedCall(function: "table.remove", setup: numbers, call: "table.remove(t, 1)"),
    ChargedCall(function: "table.unpack", setup: numbers, call: "table.unpack(t)"),
    ChargedCall(function: "table.pack", setup: numbers, call: "table.pack(table.unpack(t))"),
    ChargedCall(function: "select", setup: numbers, call: "select(2, table.unpack(t))"),
    ChargedCall(function: "string.rep", setup: "", call: "string.rep('x', 1000000)"),
    ChargedCall(function: "string.format", setup: million, call: "string.format('%s', s)"),
    ChargedCall(function: "string.pack", setup: million, call: "string.pack('s', s)"),
    ChargedCall(
        function: "string.pack with a long format", setup: "local f = string.rep(' ', 1000000)",
        call: "string.pack(f)"),
    ChargedCall(
        function: "string.packsize", setup: "local f = string.rep(' ', 1000000)",
        call: "string.packsize(f)"),
    ChargedCall(
        function: "string.unpack", setup: million + " local packed = string.pack('z', s)",
        call: "string.unpack('z', packed)"),
    ChargedCall(function: "string.sub", setup: million, call: "s:sub(2)"),
    ChargedCall(function: "string.upper", setup: million, call: "s:upper()"),
    ChargedCall(function: "string.lower", setup: million, call: "s:lower()"),
    ChargedCall(function: "string.reverse", setup: million, call: "s:reverse()"),
    ChargedCall(function: "string.byte", setup: "local s = string.rep('x', 100000)", call: "s:byte(1, -1)"),
    ChargedCall(function: "string.char", setup: numbers, call: "string.char(table.unpack(t))"),
    ChargedCall(function: "string.gsub", setup: million, call: "s:gsub('x', 'y')"),
    ChargedCall(function: "utf8.char", setup: numbers, call: "utf8.char(table.unpack(t))"),
    ChargedCall(
        function: "utf8.codepoint", setup: "local s = string.rep('x', 100000)",
        call: "utf8.codepoint(s, 1, -1)"),
    ChargedCall(function: "utf8.len", setup: million, call: "utf8.len(s)"),
    ChargedCall(function: "utf8.offset", setup: million, call: "utf8.offset(s, #s)"),
    ChargedCall(
        function: "utf8.codes", setup: "local s = string.rep('\\x80', 1000000)",
        call: "for _ in utf8.codes(s) do end"),
    ChargedCall(function: "tostring", setup: million, call: "tostring(s)"),
    ChargedCall(
        function: "tostring with __tostring",
        setup: million + " local o = setmetatable({}, {__tostring = function() return s end})",
        call: "tostring(o)"),
    ChargedCall(function: "tonumber", setup: "local s = string.rep(' ', 1000000) .. '1'", call: "tonumber(s)"),
    ChargedCall(function: "load", setup: "local s = string.rep(' ', 1000000) .. 'return 1'", call: "load(s)"),
    ChargedCall(function: "print", setup: million, call: "print(s)"),
    ChargedCall(function: "warn", setup: million, call: "warn(s)"),
    ChargedCall(
        function: "sortedpairs", setup: "local t = {} for i = 1, 20000 do t[i] = i end",
        call: "sortedpairs(t)"),
    ChargedCall(
        function: "string.find of a long pattern", setup: "local p = string.rep('x', 1000000)",
        call: "('x'):find(p)"),
]

/// A budget the setups fit in, and the calls do not.
private let chargedLimits = LuaLimits(instructionBudget: 1_000_000, memoryLimit: 96 << 20, timeout: 10)

@Suite("Library functions charged to the budget")
struct ChargedLibraryTests {
    @Test(arguments: chargedCalls)
    func callsEndWithTheBudgetError(_ charged: ChargedCall) {
        let error = failure(charged.source, limits: chargedLimits)
        #expect(error?.kind == "instruction_budget", "\(charged.function): \(String(describing: error))")
    }

    /// The same scripts finish when the budget allows them: what stops them
    /// above is the budget, not an error of the script.
    @Test(arguments: chargedCalls)
    func callsFinishUnderALargeBudget(_ charged: ChargedCall) throws {
        let limits = LuaLimits(instructionBudget: 500_000_000, memoryLimit: 96 << 20, timeout: 60)
        let small = ChargedCall(function: charged.function, setup: charged.setup, call: charged.call, calls: 2)
        #expect(try run(small.source, limits: limits) == [.string("finished")])
    }

    @Test func chargesGrowWithTheWork() throws {
        func used(_ source: String) throws -> Int64 {
            let state = try LuaState(configuration: LuaConfiguration(limits: .default))
            _ = try state.run(LuaChunk(name: "test.lua", source: source))
            return state.instructionsUsed
        }
        let small = try used("local t = {} for i = 1, 10 do t[i] = -i end table.sort(t)")
        let large = try used(
            "local t = {} for i = 1, 10 do t[i] = -i end local u = {} "
                + "for i = 1, 10000 do u[i] = -i end table.sort(u)")
        // 10,000 elements need more than 100,000 comparisons.
        #expect(large - small > 100_000)
    }

    @Test func sortKeepsTheLibrarysResultsAndErrors() throws {
        #expect(try run("local t = {5, 2, 8, 1} table.sort(t) return table.concat(t, ',')") == [.string("1,2,5,8")])
        #expect(
            try run(
                "local t = {5, 2, 8, 1} table.sort(t, function(a, b) return a > b end) "
                    + "return table.concat(t, ',')") == [.string("8,5,2,1")])
        #expect(try run("local t = {'b', 'a'} table.sort(t, nil) return t[1]") == [.string("a")])
        #expect(try run("local t = {1} table.sort(t, 5) return t[1]") == [.integer(1)])
        let mixed = failure("table.sort({1, 'x', 2})")
        #expect(mixed?.description.contains("attempt to compare") == true, "\(String(describing: mixed))")
        let badOrder = failure("table.sort({3, 1, 2}, 5)")
        #expect(
            badOrder?.description.contains("bad argument #2 to 'sort' (function expected, got number)") == true,
            "\(String(describing: badOrder))")
        let invalid = failure(
            "local t = {} for i = 1, 100 do t[i] = i % 7 end "
                + "table.sort(t, function(a, b) return true end)")
        #expect(
            invalid?.description.contains("invalid order function for sorting") == true,
            "\(String(describing: invalid))")
    }

    /// A parser that reads a large binary string a few bytes at a time is
    /// charged for what it reads, not for the whole string at each call.
    @Test func unpackIsNotChargedForItsWholeSubject() throws {
        #expect(
            try run(
                """
                local data = string.rep('\\0\\0\\0\\1', 250000)
                local sum = 0
                for i = 1, 4000, 4 do sum = sum + string.unpack('>i4', data, i) end
                return sum
                """, limits: chargedLimits) == [.integer(1000)])
    }

    @Test func repOfEmptyStringsStaysCheap() throws {
        #expect(try run("return string.rep('', 1e15, '')", limits: tightLimits) == [.string("")])
    }
}

@Suite("Deadline inside C code")
struct DeadlineInCTests {
    /// A match that would run for hours, with no instruction budget: only the
    /// deadline, seen by the matcher's charges, can stop it.
    @Test func deadlineStopsAMatch() {
        let limits = LuaLimits(instructionBudget: nil, memoryLimit: 64 << 20, timeout: 0.5)
        let error = failure("return string.rep('a', 30000):find('.-.-.-.-.-b')", limits: limits)
        #expect(error?.kind == "timeout", "\(String(describing: error))")
    }

    /// A sort that compares in C, with no instruction budget.
    @Test func deadlineStopsASort() {
        let limits = LuaLimits(instructionBudget: nil, memoryLimit: 64 << 20, timeout: 0.5)
        let error = failure(
            """
            local t = table.pack(string.byte(string.rep('x', 100000), 1, -1))
            for i = 1, 1e6 do table.sort(t) end
            """, limits: limits)
        #expect(error?.kind == "timeout", "\(String(describing: error))")
    }

    /// Many states with deadlines come and go on many threads, some of them
    /// past their deadline, while the watchdog runs; the others still work.
    @Test func manyStatesWithDeadlines() {
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            for round in 0..<200 {
                let expired = round.isMultiple(of: 50)
                let limits = LuaLimits(instructionBudget: 1_000_000, memoryLimit: 8 << 20, timeout: expired ? 0.01 : 30)
                let source = expired ? "while true do string.rep('x', 100) end" : "return #string.rep('x', 10)"
                do {
                    let values = try run(source, limits: limits)
                    if values != [.integer(10)] { failures.withLock { $0.append("\(index).\(round): \(values)") } }
                } catch let error as LuaError where expired && ["timeout", "instruction_budget"].contains(error.kind) {
                    continue
                } catch {
                    failures.withLock { $0.append("\(index).\(round): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
    }
}

@Suite("Lua's own messages and names in the sandbox")
struct StockBehaviourTests {
    @Test func tostringHonoursName() throws {
        #expect(try run("return tostring(setmetatable({}, {__name = 'Point'}))") == [.string("Point: #1")])
        #expect(
            try run("return string.format('%s', setmetatable({}, {__name = 'Point'}))")
                == [.string("Point: #1")])
        #expect(try run("return tostring(setmetatable({}, {__name = 42}))") == [.string("table: #1")])
        #expect(
            try run(
                "local t = setmetatable({}, {__name = 'Point'}) local a = tostring({}) "
                    + "return tostring(t), a, tostring(t)")
                == [.string("Point: #2"), .string("table: #1"), .string("Point: #2")])
        // Lua's strings.lua: '%.4s' of a value named "hi" without __tostring
        #expect(try run("return string.format('%.4s', setmetatable({}, {__name = 'hi'}))") == [.string("hi: ")])
        // %p prints the value's identity, never a name
        #expect(
            try run("return string.format('%p', setmetatable({}, {__name = 'Point'}))")
                == [.string("table: #1")])
    }

    @Test func tableFunctionsSayTableExpected() {
        let cases = [
            "table.concat(3)": "bad argument #1 to 'concat' (table expected, got number)",
            "table.concat('abc')": "bad argument #1 to 'concat' (table expected, got string)",
            "table.insert(3, 1)": "bad argument #1 to 'insert' (table expected, got number)",
            "table.remove('x')": "bad argument #1 to 'remove' (table expected, got string)",
            "table.move(nil, 1, 2, 3)": "bad argument #1 to 'move' (table expected, got nil)",
            "table.sort(true)": "bad argument #1 to 'sort' (table expected, got boolean)",
            "table.insert({}, 5, 1)": "bad argument #2 to 'insert' (position out of bounds)",
            "string.format('%d', 'x')": "bad argument #2 to 'format' (number expected, got string)",
            "string.rep()": "bad argument #1 to 'rep' (string expected, got no value)",
            "utf8.len('abc', 10)": "bad argument #2 to 'len' (initial position out of bounds)",
        ]
        for (source, message) in cases {
            let error = failure(source)
            #expect(error?.description.contains(message) == true, "\(source): \(String(describing: error))")
        }
    }

    @Test func tableLikeValuesStillWork() throws {
        #expect(
            try run(
                """
                local backing = {'a', 'b', 'c'}
                local proxy = setmetatable({}, {__index = backing, __len = function() return #backing end})
                return table.concat(proxy, '-')
                """) == [.string("a-b-c")])
    }
}
