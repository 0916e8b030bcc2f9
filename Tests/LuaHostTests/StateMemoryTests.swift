import Foundation
import Glibc
import LuaHost
import Testing

/// How a state's memory is run: the collector is stopped while the host sets a
/// fresh state up and runs as soon as a script does; a sandboxed state is
/// dropped whole when it closes, blocks beyond its arena included; a state with
/// an unsafe library is closed by Lua, so finalizers (io's files) still run.
@Suite("State memory: the collector and closing")
struct StateMemoryTests {
    /// 4 MiB: far less than the garbage the scripts below make.
    static let smallMemory = LuaLimits(instructionBudget: 100_000_000, memoryLimit: 4 << 20, timeout: 10)

    /// About 40 MB of short-lived strings and tables.
    static let garbage = """
        for i = 1, 20000 do
          local t = {string.rep('x', 2000, tostring(i))}
        end
        """

    @Test func theCollectorRunsForAScript() throws {
        #expect(try run(Self.garbage + "\nreturn 'done'", limits: Self.smallMemory) == ["done"])
    }

    @Test func theCollectorRunsForARuleFilesMainChunk() throws {
        // A rule file's main chunk is the first script of its state.
        let state = try LuaState(configuration: LuaConfiguration(limits: Self.smallMemory))
        let rule = try state.loadFunction(
            LuaChunk(name: "rule.lua", source: Self.garbage + "\nreturn function() return 1 end"))
        #expect(try state.call(rule) == [1])
    }

    @Test func droppedStatesFreeWhatDidNotFitTheirArena() throws {
        // Each state holds about 6 MB, most of it beyond its 1 MiB arena, when
        // it is dropped: 100 states would keep 600 MB if those blocks leaked.
        /// The process's resident memory (/proc/self/statm), in bytes.
        func resident() throws -> Int {
            let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
            return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
        }
        let before = try resident()
        for _ in 0..<100 {
            let state = try LuaState()
            let held = try state.run(
                LuaChunk(
                    name: "hold.lua",
                    source: """
                        held = {}
                        for i = 1, 200 do held[i] = string.rep('z', 30000, tostring(i)) end
                        return #held
                        """))
            #expect(held == [200])
        }
        // Other suites run at the same time: the margin is wide, a leak is wider.
        #expect(try resident() - before < 200 << 20)
    }

    @Test func aStateWithIoIsClosedByLuaSoFilesAreClosed() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rubric-state-memory-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let state = try LuaState(configuration: LuaConfiguration(unsafeLibraries: .io))
            try state.setGlobal("path", .string(path))
            // Written to the file's buffer, neither flushed nor closed; kept alive by a global.
            _ = try state.run(
                LuaChunk(
                    name: "write.lua",
                    source: """
                        kept = io.open(path, 'w')
                        kept:write('flushed by the finalizer')
                        """))
        }
        // Dropping the state ran lua_close, whose finalizer closed (and flushed) the file.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "flushed by the finalizer")
    }
}
