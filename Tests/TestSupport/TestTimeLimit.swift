import Foundation

/// How long one piece of work of a test may run before the test fails. The
/// scripts of the tests stop at their own budget or deadline within seconds;
/// this bound is what keeps the suite from hanging when that machinery is broken.
public let testTimeLimit: Double = 120

/// Work that did not end within the test's own time limit.
public struct TestTimeLimitExceeded: Error, CustomStringConvertible {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }
    public var description: String {
        "the work ran past the test's own time limit of \(Int(seconds)) s: the instruction budget and the deadline did not stop it"
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
/// synchronous loop (a test that spun under `.timeLimit(.minutes(1))` hung its
/// process until it was killed), so without this a runaway script would hang
/// the suite.
public func withinTestTimeLimit<T>(_ seconds: Double = testTimeLimit, _ body: @escaping () throws -> T) throws -> T {
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
