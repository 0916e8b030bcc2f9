import Foundation
import LuaHost
import Testing

/// How long one script of a test may run before the test fails. The scripts of
/// these tests stop at their own budget or deadline within seconds; this bound
/// is what keeps the suite from hanging when that machinery is broken.
let testTimeLimit: Double = 120

/// A script that did not end within ``testTimeLimit``: the budget, the memory
/// limit and the deadline all failed to stop it.
struct TestTimeLimitExceeded: Error, CustomStringConvertible {
    var seconds: Double
    var description: String {
        "the script ran past the test's own time limit of \(Int(seconds)) s: the instruction budget and the deadline did not stop it"
    }
}

/// The result a worker thread hands back to the test.
private final class WorkerResult<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}

/// Runs `body` on a thread of its own (with a C stack as large as a main
/// thread's) and waits at most `seconds` for it. A body that does not finish
/// is abandoned, still running, and the test fails at once with
/// ``TestTimeLimitExceeded``: Swift Testing's `.timeLimit` cannot stop a
/// synchronous loop, so without this a runaway script would hang the suite.
func withinTestTimeLimit<T>(_ seconds: Double = testTimeLimit, _ body: @escaping () throws -> T) throws -> T {
    let result = WorkerResult<T>()
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) let work = body
    let thread = Thread {
        result.value = Result { try work() }
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success, let value = result.value else {
        throw TestTimeLimitExceeded(seconds: seconds)
    }
    return try value.get()
}

/// Runs `source` in a fresh sandboxed state and returns its results, within
/// the test's own time limit.
func run(
    _ source: String, limits: LuaLimits = .default, name: String = "test.lua",
    configure: @escaping (LuaState) throws -> Void = { _ in }
) throws -> [LuaValue] {
    try withinTestTimeLimit {
        let state = try LuaState(configuration: LuaConfiguration(limits: limits))
        try configure(state)
        return try state.run(LuaChunk(name: name, source: source))
    }
}

/// Runs `source` and returns the error it ends with, or nil when it succeeds.
func failure(
    _ source: String, limits: LuaLimits = .default,
    configure: @escaping (LuaState) throws -> Void = { _ in }
) -> LuaError? {
    do {
        _ = try run(source, limits: limits, configure: configure)
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Small limits that hostile scripts hit quickly.
let tightLimits = LuaLimits(instructionBudget: 2_000_000, memoryLimit: 8 << 20, timeout: 5)
