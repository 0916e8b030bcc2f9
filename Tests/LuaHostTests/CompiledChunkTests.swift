import LuaHost
import TestSupport
import Testing

/// Chunks compiled once by the host (`LuaCompiledChunk`, and the modules of a
/// `LuaModuleLibrary`) behave exactly as their text: same results, same error
/// messages, lines and tracebacks, same limits.
@Suite("Chunks compiled once")
struct CompiledChunkTests {
    static let rule = LuaChunk(
        name: "rules/4.1.lua",
        source: """
            local util = require('util')
            local function inner(x)
              local result = util.fail(x)
              return result
            end
            return function(context)
              if context == 'ok' then return util.double(21) end
              local result = inner(context)
              return result
            end
            """)
    static let modules = LuaModuleLibrary(modules: [
        "util": """
        local M = {}
        function M.double(x) return 2 * x end
        function M.fail(x)
          error('failed with ' .. tostring(x))
        end
        return M
        """
    ])

    /// The error of calling the rule with `argument`, loaded as text or compiled.
    func error(compiled: Bool, argument: String) throws -> LuaError? {
        let state = try LuaState(configuration: LuaConfiguration(modules: Self.modules))
        let function =
            compiled
            ? try state.loadFunction(LuaCompiledChunk(compiling: Self.rule))
            : try state.loadFunction(Self.rule)
        do {
            _ = try state.call(function, arguments: [.string(argument)])
            return nil
        } catch {
            return error
        }
    }

    @Test func resultsAndErrorsMatchTheText() throws {
        let state = try LuaState(configuration: LuaConfiguration(modules: Self.modules))
        let function = try state.loadFunction(LuaCompiledChunk(compiling: Self.rule))
        #expect(try state.call(function, arguments: ["ok"]) == [42])

        let text = try #require(try error(compiled: false, argument: "x"))
        let compiled = try #require(try error(compiled: true, argument: "x"))
        #expect(compiled.message == text.message)
        #expect(compiled.context.file == "lib/util.lua")
        #expect(compiled.context.line == 4)
        #expect(compiled.context.traceback == text.context.traceback)
        #expect(compiled.context.traceback?.contains("rules/4.1.lua:3") == true)
    }

    @Test func aSyntaxErrorIsTheTextsSyntaxError() throws {
        let chunk = LuaChunk(name: "rules/bad.lua", source: "return function()\n  return 1 +\nend")
        let compiled = LuaCompiledChunk(compiling: chunk)
        #expect(!compiled.compiled)
        var messages: [String] = []
        for useCompiled in [false, true] {
            let state = try LuaState()
            do {
                if useCompiled {
                    _ = try state.loadFunction(compiled)
                } else {
                    _ = try state.loadFunction(chunk)
                }
            } catch {
                messages.append(error.message)
                #expect(error.context.line == 3)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
    }

    @Test func theInstructionBudgetStillHolds() throws {
        var configuration = LuaConfiguration()
        configuration.limits.instructionBudget = 100_000
        let state = try LuaState(configuration: configuration)
        let endless = LuaCompiledChunk(
            compiling: LuaChunk(name: "e.lua", source: "return function() while true do end end"))
        let function = try state.loadFunction(endless)
        #expect(throws: LuaError.self) { try withinTestTimeLimit { try state.call(function) } }
    }

    @Test func scriptsStillCannotLoadBinaryChunks() throws {
        let state = try LuaState()
        do {
            _ = try state.run(LuaChunk(name: "b.lua", source: "return load('\\27Lua' .. string.rep('x', 40))"))
            Issue.record("a binary chunk was loaded")
        } catch {
            #expect(error.kind == "sandbox_violation")
        }
    }
}
