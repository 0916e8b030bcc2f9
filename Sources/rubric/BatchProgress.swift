import Foundation

/// The progress of `rubric batch` on standard error: a bar redrawn in place on
/// a terminal (done / total, rate, time left), plain lines otherwise (one per
/// tenth of the work, and the last).
final class BatchProgress: @unchecked Sendable {
    // Every field is guarded by `lock`.
    private let lock = NSLock()
    private let terminal: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drewBar = false

    init(terminal: Bool) {
        self.terminal = terminal
    }

    /// Called after each bundle.
    func update(done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        if terminal {
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write(
                "\r[\(bar)] \(done)/\(total)  \(String(format: "%.1f", rate))/s  \(Self.duration(left)) left \u{1B}[K")
            drewBar = true
        } else {
            let step = max(1, total / 10)
            guard done % step == 0 || done == total else { return }
            write(
                "rubric batch: \(done)/\(total) bundles, \(String(format: "%.1f", rate))/s, "
                    + "\(Self.duration(left)) left\n")
        }
    }

    /// Ends the bar's line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `1:05` (minutes and seconds) or `42 s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? String(format: "%d:%02d", whole / 60, whole % 60) : "\(whole) s"
    }
}
