import Foundation
import LuaHost
import Testing

@Suite("The sandbox")
struct SandboxTests {
    @Test func onlyTheSafeLibrariesAreThere() throws {
        let results = try run(
            """
            return type(string), type(table), type(math), type(utf8), type(coroutine),
                   type(print), type(load), type(require), type(sortedpairs), rawget(_G, 'io'),
                   rawget(_G, 'dofile'), string.dump == nil
            """)
        #expect(
            results == [
                "table", "table", "table", "table", "table", "function", "function", "function",
                "function", .nil, .nil, false,
            ])
    }

    @Test func printAndWarnGoToTheLog() throws {
        let state = try LuaState()
        _ = try state.run(LuaChunk(name: "t.lua", source: "print('一', 2, nil, true) warn('careful') print({}, {})"))
        #expect(state.log == "一\t2\tnil\ttrue\nwarning: careful\ntable: #1\ttable: #2\n")
    }

    @Test func logIsCapped() throws {
        let state = try LuaState(configuration: LuaConfiguration(logLimit: 100))
        _ = try state.run(LuaChunk(name: "t.lua", source: "for i = 1, 100 do print(string.rep('x', 10)) end"))
        #expect(state.log.hasSuffix("[log truncated]\n"))
        #expect(state.log.utf8.count < 150)
    }

    @Test func loadTakesTextWithAnEnvironment() throws {
        #expect(try run("return load('return x', 'chunk', 'b', {x = 5})()") == [5])
        #expect(
            try run("return load('return 1 +', 'chunk')") == [
                .nil, "[string \"chunk\"]:1: unexpected symbol near <eof>",
            ])
    }

    @Test func syntaxErrorsNameFileAndLine() {
        let error = failure("local x = 1\nlocal y = = 2")
        #expect(error == .syntax(file: "test.lua", line: 2, message: "unexpected symbol near '='"))
    }

    @Test func runtimeErrorsNameFileLineAndTraceback() {
        let error = failure("local function f()\n  error('boom')\nend\nf()")
        guard case .runtime(let message, let context) = error else {
            Issue.record("expected a runtime error, got \(String(describing: error))")
            return
        }
        #expect(message == "boom")
        #expect(context.file == "test.lua")
        #expect(context.line == 2)
        #expect(context.traceback?.contains("test.lua:2: in") == true)
        #expect(context.traceback?.contains("test.lua:4: in") == true)
    }

    @Test func randomIsSeededByTheHost() throws {
        let source = "local t = {} for i = 1, 5 do t[i] = math.random(1000) end return t"
        let first = try LuaState(configuration: LuaConfiguration(randomSeed: 42)).run(
            LuaChunk(name: "a", source: source))
        let second = try LuaState(configuration: LuaConfiguration(randomSeed: 42)).run(
            LuaChunk(name: "a", source: source))
        let other = try LuaState(configuration: LuaConfiguration(randomSeed: 7)).run(
            LuaChunk(name: "a", source: source))
        #expect(first == second)
        #expect(first != other)
        // randomseed() without arguments goes back to the host's seed, not the clock
        let reseeded = try LuaState(configuration: LuaConfiguration(randomSeed: 42))
            .run(LuaChunk(name: "a", source: "math.random(5) math.randomseed() " + source))
        #expect(reseeded == first)
    }

    @Test func sortedpairsIsOrdered() throws {
        let source = """
            local t = {zeta = 1, alpha = 2, [3] = 'c', [1] = 'a', mid = 3, [2.5] = 'x'}
            local keys = {}
            for k, v in sortedpairs(t) do keys[#keys + 1] = tostring(k) end
            return table.concat(keys, ',')
            """
        #expect(try run(source) == ["1,2.5,3,alpha,mid,zeta"])
        #expect(
            failure("for k in sortedpairs({[true] = 1}) do end")?.message.contains("keys must be numbers or strings")
                == true)
    }

    @Test func noAddressesAreVisible() throws {
        let results = try run("local t = {} return tostring(t), string.format('%s %p', t, t), tostring(print)")
        #expect(results == ["table: #1", "table: #1 table: #1", "function: #2"])
    }

    @Test func librariesAreReadOnlyButReadable() throws {
        #expect(try run("local n = 0 for k in pairs(string) do n = n + 1 end return n > 10") == [true])
        #expect(try run("return ('abc'):upper(), string.format('%05.1f', 3.14159)") == ["ABC", "003.1"])
        #expect(try run("return getmetatable('')") == ["locked"])
    }

    @Test func utf8AndCoroutineOpenWhenFirstRead() throws {
        // Opened on first use (a fresh state does not pay for them), then as read-only as the others.
        #expect(
            try run(
                """
                local before = rawget(_G, 'utf8')
                local n = utf8.len('中文')
                local co = coroutine.wrap(function() coroutine.yield(1) end)
                return before, n, co(), rawget(_G, 'utf8') == utf8, utf8 == utf8, type(coroutine.running)
                """) == [.nil, 2, 1, true, true, "function"])
        let state = try LuaState()
        for source in ["utf8.len = nil", "rawset(coroutine, 'wrap', print)", "_G.utf8.charpattern = '.'"] {
            #expect(throws: LuaError.self, "\(source)") { _ = try state.run(LuaChunk(name: "t.lua", source: source)) }
        }
    }

    @Test func requireFindsOnlyLibraryModules() throws {
        let modules = LuaModuleLibrary(modules: [
            "util": "local M = {} function M.double(x) return 2 * x end return M",
            "text.clean": "return function(s) return (s:gsub('%s+', ' ')) end",
            "broken": "return 1 +",
        ])
        let state = try LuaState(configuration: LuaConfiguration(modules: modules))
        let results = try state.run(
            LuaChunk(
                name: "r.lua",
                source: """
                    local util = require('util')
                    local clean = require('text.clean')
                    return util.double(21), clean('a   b'), require('util') == util
                    """))
        #expect(results == [42, "a b", true])
        let error = try? LuaState(configuration: LuaConfiguration(modules: modules))
        #expect(throws: LuaError.self) { try error?.run(LuaChunk(name: "r.lua", source: "require('broken')")) }
        do {
            _ = try LuaState(configuration: LuaConfiguration(modules: modules))
                .run(LuaChunk(name: "r.lua", source: "require('../etc/passwd')"))
        } catch {
            #expect(error.message.contains("not valid"))
        }
    }

    @Test func requireReadsAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lua-lib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "return {answer = 42}".write(
            to: folder.appendingPathComponent("sub/answers.lua"), atomically: true, encoding: .utf8)
        try "error('defined here')".write(
            to: folder.appendingPathComponent("fails.lua"), atomically: true, encoding: .utf8)
        let library = try LuaModuleLibrary(directory: folder, displayPrefix: "lib")
        #expect(library.names == ["fails", "sub.answers"])
        let state = try LuaState(configuration: LuaConfiguration(modules: library))
        #expect(try state.run(LuaChunk(name: "r.lua", source: "return require('sub.answers').answer")) == [42])
        let error = failure("require('fails')") { _ in }
        #expect(error != nil)
        do {
            _ = try LuaState(configuration: LuaConfiguration(modules: library)).run(
                LuaChunk(name: "r.lua", source: "require('fails')"))
        } catch {
            #expect(error.context.file == "lib/fails.lua")
            #expect(error.context.line == 1)
        }
    }

    @Test func unsafeLibrariesNeedAnExplicitOptIn() throws {
        let state = try LuaState(configuration: LuaConfiguration(unsafeLibraries: [.os]))
        #expect(try state.run(LuaChunk(name: "u.lua", source: "return type(os.time())")) == ["number"])
        #expect(failure("return os.time()")?.kind == "sandbox_violation")
    }

    @Test func eachStateIsFresh() throws {
        let configuration = LuaConfiguration()
        let first = try LuaState(configuration: configuration)
        _ = try first.run(LuaChunk(name: "a", source: "leaked = 1"))
        let second = try LuaState(configuration: configuration)
        #expect(try second.run(LuaChunk(name: "b", source: "return leaked")) == [.nil])
    }

    @Test func countersAreReported() throws {
        let state = try LuaState()
        _ = try state.run(LuaChunk(name: "a", source: "local t = {} for i = 1, 100000 do t[i] = i end"))
        #expect(state.instructionsUsed >= 150_000)
        #expect(state.memoryPeak > 1_000_000)
    }

    @Test func ruleFilesMustReturnAFunction() throws {
        let state = try LuaState()
        let rule = try state.loadFunction(
            LuaChunk(name: "rules/r.lua", source: "return function(ctx) return {score = ctx.x} end"))
        #expect(try state.call(rule, arguments: [["x": 0.5]]) == [["score": 0.5]])
        #expect(throws: LuaError.badReturnValue(reason: "rules/bad.lua must return a function, got table")) {
            try LuaState().loadFunction(LuaChunk(name: "rules/bad.lua", source: "return {}"))
        }
    }
}
