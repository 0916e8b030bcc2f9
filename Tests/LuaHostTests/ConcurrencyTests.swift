import Dispatch
import LuaHost
import Synchronization
import TestSupport
import Testing

@Suite("Many states on many threads")
struct ConcurrencyTests {
    @Test func eightStatesOnEightThreads() throws {
        let source = """
            local n = ...
            local sum = 0
            for i = 1, 200000 do sum = sum + (i % n) end
            local words = {}
            for w in string.rep('w' .. n .. ' ', 50):gmatch('%S+') do words[#words + 1] = w end
            return sum, #words, words[1]
            """
        let results = Mutex<[Int: [LuaValue]]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let state = try LuaState()
                let chunk = try state.load(LuaChunk(name: "c.lua", source: source))
                let values = try state.call(chunk, arguments: [.integer(Int64(index + 2))])
                results.withLock { $0[index] = values }
            } catch {
                failures.withLock { $0.append("\(index): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        for index in 0..<8 {
            let n = Int64(index + 2)
            let expected = (1...200_000).reduce(Int64(0)) { $0 + Int64($1) % n }
            #expect(results.withLock { $0[index] } == [.integer(expected), .integer(50), .string("w\(n)")])
        }
    }

    @Test func hostileAndHealthyStatesSideBySide() throws {
        // Eight states at once; even indices loop for ever and must be stopped by
        // their budget while the odd ones finish beside them.
        let outcomes = try withinTestTimeLimit { () -> [String] in
            let outcomes = Mutex<[Int: String]>([:])
            DispatchQueue.concurrentPerform(iterations: 8) { index in
                let source = index.isMultiple(of: 2) ? "while true do end" : "return 'ok'"
                let limits = LuaLimits(instructionBudget: 5_000_000, memoryLimit: 16 << 20, timeout: 10)
                do {
                    let values = try LuaState(configuration: LuaConfiguration(limits: limits))
                        .run(LuaChunk(name: "h.lua", source: source))
                    outcomes.withLock { $0[index] = values.first?.stringValue ?? "?" }
                } catch let error as LuaError {
                    outcomes.withLock { $0[index] = error.kind }
                } catch {
                    outcomes.withLock { $0[index] = "\(error)" }
                }
            }
            return outcomes.withLock { table in (0..<8).map { table[$0] ?? "none" } }
        }
        #expect(outcomes == (0..<8).map { $0.isMultiple(of: 2) ? "instruction_budget" : "ok" })
    }
}
