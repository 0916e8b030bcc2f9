import Foundation

/// The work of a batch, a bounded queue: hands out bundle indices in input
/// order, at most `window` ahead of the oldest unfinished bundle, and hands
/// finished rows on in input order (holding at most `window` of them).
final class BatchQueue: @unchecked Sendable {
    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var nextIndex = 0
    private var done = 0
    /// The first index whose row has not been handed on.
    private var emitted = 0
    private var waiting: [Int: BatchRow] = [:]
    private var totals: BatchCounts
    private let progress: @Sendable (Int, Int) -> Void
    private let rows: @Sendable (BatchRow) -> Void

    init(
        count: Int, window: Int, counts: BatchCounts, progress: @escaping @Sendable (Int, Int) -> Void,
        rows: @escaping @Sendable (BatchRow) -> Void
    ) {
        self.count = count
        self.window = max(1, window)
        totals = counts
        self.progress = progress
        self.rows = rows
    }

    /// The next bundle to assess, or nil when every one has been taken. Waits
    /// while the worker would run more than `window` ahead.
    func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while nextIndex < count && nextIndex >= emitted + window {
            condition.wait()
        }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        condition.broadcast() // the prefetcher may go on
        return nextIndex - 1
    }

    /// Waits until bundle `index` is at most `window` bundles ahead of the next
    /// one a worker takes; false when it has been taken already (prefetching it
    /// would be too late).
    func waitToPrefetch(_ index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while index >= nextIndex + window {
            condition.wait()
        }
        return index >= nextIndex
    }

    /// Takes bundle `index`'s row; hands on every row now ready, in order.
    func finish(_ index: Int, row: BatchRow) {
        condition.lock()
        defer { condition.unlock() }
        waiting[index] = row
        while let ready = waiting.removeValue(forKey: emitted) {
            totals.add(ready)
            rows(ready)
            emitted += 1
        }
        done += 1
        progress(done, count)
        condition.broadcast()
    }

    /// The counts of every row handed on.
    var counts: BatchCounts {
        condition.lock()
        defer { condition.unlock() }
        return totals
    }
}
