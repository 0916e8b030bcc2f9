import LuaHost
import TestSupport
import Testing

/// The rule of LuaHost.swift: no longjmp crosses a Swift frame, even when the
/// state is out of memory while Swift pushes or reads values.
@Suite("No longjmp through Swift, under memory pressure")
struct LongjmpSafetyTests {
    static let limits = LuaLimits(instructionBudget: 50_000_000, memoryLimit: 4 << 20, timeout: 10)

    /// A host function that returns a large value (about 1.5 MB of strings).
    static let big = LuaHostFunction("big") { _ in
        [.array((0..<3000).map { .string(String(repeating: "x", count: 500) + "\($0)") })]
    }

    @Test func hostPushesSucceedAtTheMemoryCap() throws {
        // Fill memory to just under the cap, then ask the host for a big value.
        let source = """
            local keep = {}
            while true do
              local ok = pcall(function() keep[#keep + 1] = string.rep('y', 1000) end)
              if not ok then break end
            end
            local v = big()
            return #v
            """
        let state = try LuaState(configuration: LuaConfiguration(limits: Self.limits))
        try state.setGlobal("big", .function(Self.big))
        do {
            _ = try withinTestTimeLimit { try state.run(LuaChunk(name: "m.lua", source: source)) }
            Issue.record("expected the memory limit to stop the script")
        } catch let error as LuaError {
            #expect(error.kind == "memory_limit")
        }
        // The host survived and keeps working.
        #expect(try run("return 2 * 21") == [42])
    }

    @Test func hostFunctionErrorsUnderMemoryPressure() throws {
        let failing = LuaHostFunction("failing") { _ in
            throw LuaHostError(String(repeating: "e", count: 200_000))
        }
        let source = """
            local keep = {}
            for i = 1, 100000 do
              local ok = pcall(function() keep[#keep + 1] = string.rep('y', 1000) end)
              if not ok then break end
            end
            keep = nil
            return pcall(failing)
            """
        let state = try LuaState(configuration: LuaConfiguration(limits: Self.limits))
        try state.setGlobal("failing", .function(failing))
        #expect(throws: LuaError.self) { try state.run(LuaChunk(name: "f.lua", source: source)) }
        #expect(try run("return 'alive'") == ["alive"])
    }

    @Test func settingLargeGlobalsNearTheCap() throws {
        let state = try LuaState(configuration: LuaConfiguration(limits: Self.limits))
        let value = LuaValue.array((0..<20000).map { .string("row \($0) " + String(repeating: "z", count: 200)) })
        try state.setGlobal("rows", value) // about 5 MB: above the cap, pushed by the host anyway
        do {
            let results = try state.run(LuaChunk(name: "g.lua", source: "return #rows"))
            #expect(results == [20000])
        } catch {
            #expect(error.kind == "memory_limit")
        }
    }

    @Test func manyHostCallsInAFullState() throws {
        let echo = LuaHostFunction("echo") { args in [try args.value(1)] }
        let source = """
            local keep = {}
            local calls = 0
            while true do
              local ok = pcall(function()
                keep[#keep + 1] = echo({n = #keep, s = string.rep('q', 300)})
                calls = calls + 1
              end)
              if not ok then break end
            end
            return calls
            """
        let state = try LuaState(configuration: LuaConfiguration(limits: Self.limits))
        try state.setGlobal("echo", .function(echo))
        #expect(throws: LuaError.self) {
            try withinTestTimeLimit { try state.run(LuaChunk(name: "e.lua", source: source)) }
        }
        #expect(state.memoryPeak > 3 << 20)
    }
}
