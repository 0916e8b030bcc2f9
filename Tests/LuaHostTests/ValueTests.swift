import LuaHost
import Testing

@Suite("Values between Swift and Lua")
struct ValueTests {
    @Test func scalarsRoundTrip() throws {
        let results = try run("return nil, true, 42, 1.5, 'text', 2^53")
        #expect(
            results == [
                .nil, .boolean(true), .integer(42), .number(1.5), .string("text"), .number(9_007_199_254_740_992),
            ])
    }

    @Test func nestedTablesRoundTrip() throws {
        let value: LuaValue = ["name": "审核", "items": [1, 2, ["deep": true]], "empty": []]
        let state = try LuaState()
        let echo = try state.load(LuaChunk(name: "echo.lua", source: "return ..."))
        #expect(try state.call(echo, arguments: [value]) == [value])
    }

    @Test func arraysKeepOrder() throws {
        #expect(try run("return {'a', 'b', 'c'}") == [["a", "b", "c"]])
    }

    @Test func invalidUTF8IsRefused() {
        let error = failure("return '\\xff\\xfe'")
        #expect(error == .badReturnValue(reason: "result: string is not valid UTF-8"))
    }

    @Test func cyclesAreRefused() {
        let error = failure("local t = {}; t.self = t; return t")
        #expect(error == .badReturnValue(reason: "result.self: table contains itself (a cycle)"))
    }

    @Test func depthIsLimited() {
        let error = failure("local t = {}; local c = t; for i = 1, 40 do c.x = {}; c = c.x end; return t")
        #expect(error?.kind == "bad_return_value")
        #expect(error?.message.contains("nested deeper than 32") == true)
    }

    @Test func mixedTablesAreRefused() {
        #expect(
            failure("return {1, 2, x = 3}")
                == .badReturnValue(reason: "result: table mixes array elements and string keys"))
        #expect(
            failure("return {[1] = 1, [3] = 3}")
                == .badReturnValue(reason: "result: array has holes (keys are not 1...2)"))
        #expect(failure("return {[true] = 1}")?.kind == "bad_return_value")
    }

    /// A function made once and pushed into many states reaches each state's own
    /// context, and outlives every state it was pushed into.
    @Test func aPermanentFunctionWorksOnEachStatesContext() throws {
        final class Counter { var calls = 0 }
        let function = LuaHostFunction("count", permanent: true) { arguments in
            guard let counter = arguments.hostContext as? Counter else { throw LuaHostError("no counter") }
            counter.calls += 1
            return [.integer(Int64(counter.calls))]
        }
        var counters: [Counter] = []
        for round in 1...3 {
            let state = try LuaState()
            let counter = Counter()
            state.hostContext = counter
            counters.append(counter)
            try state.setGlobal("count", .function(function))
            #expect(try state.run(LuaChunk(name: "t.lua", source: "count() return count()")) == [2], "round \(round)")
        }
        #expect(counters.map(\.calls) == [2, 2, 2])
        let bare = try LuaState()
        try bare.setGlobal("count", .function(function))
        #expect(throws: LuaError.self) { _ = try bare.run(LuaChunk(name: "t.lua", source: "count()")) }
    }

    @Test func functionsCannotBeReturned() {
        #expect(failure("return print") == .badReturnValue(reason: "result: a function cannot be passed to the host"))
    }

    @Test func hostFunctionsAreCallable() throws {
        let state = try LuaState()
        try state.setGlobal(
            "records",
            .function(
                LuaHostFunction("records") { args in
                    let name = try args.string(1)
                    return [.array([.string(name), .integer(Int64(args.count))])]
                }))
        #expect(try state.run(LuaChunk(name: "t.lua", source: "return records('tickets')")) == [["tickets", 1]])
    }

    @Test func argumentErrorsReadLikeLua() throws {
        let state = try LuaState()
        try state.setGlobal(
            "records",
            .function(
                LuaHostFunction("records") { args in
                    [.string(try args.string(1))]
                }))
        do {
            _ = try state.run(LuaChunk(name: "rules/x.lua", source: "\nreturn records(nil)"))
            Issue.record("expected an error")
        } catch let error as LuaError {
            guard case .runtime(let message, let context) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message == "bad argument #1 to 'records' (string expected, got nil)")
            #expect(context.file == "rules/x.lua")
            #expect(context.line == 2)
            #expect(context.traceback?.contains("stack traceback:") == true)
        }
    }

    @Test func hostErrorsAreCatchableByPcall() throws {
        let state = try LuaState()
        try state.setGlobal("fail", .function(LuaHostFunction("fail") { _ in throw LuaHostError("no such table") }))
        let source = "local ok, e = pcall(function() fail() end); return ok, e"
        let results = try state.run(LuaChunk(name: "t.lua", source: source))
        #expect(results == [false, "t.lua:1: no such table"])
    }
}

@Suite("Records streamed into Lua")
struct RecordsTests {
    @Test func recordsArriveAsAnArrayOfTables() throws {
        let records = LuaRecords(keys: ["_row", "name", "hours"], count: 3) { row, values in
            values[0] = .integer(Int64(row + 1))
            values[1] = .string("r\(row + 1)")
            if row != 1 { values[2] = .number(Double(row) + 0.5) }
        }
        let state = try LuaState()
        try state.setGlobal("rows", .records(records))
        let results = try state.run(
            LuaChunk(
                name: "r.lua",
                source: """
                    local out = {}
                    for i, r in ipairs(rows) do out[i] = r.name .. ':' .. tostring(r.hours) .. ':' .. r._row end
                    return #rows, table.concat(out, ',')
                    """))
        #expect(results == [3, "r1:0.5:1,r2:nil:2,r3:2.5:3"])
    }

    @Test func optionalTableIsNilWhenAbsent() throws {
        let state = try LuaState()
        try state.setGlobal(
            "probe",
            .function(
                LuaHostFunction("probe") { args in
                    [.boolean(try args.optionalTable(1) == nil)]
                }))
        #expect(try state.run(LuaChunk(name: "p.lua", source: "return probe(), probe({})")) == [true, false])
    }
}
