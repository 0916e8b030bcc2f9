import Foundation

/// Every archived assessment of one organization, in order, with what a
/// certification body reads from them: the total, part and leaf points over
/// time, the grade path, and the nonconformities that repeat from one audit to
/// the next (the same leaf and finding key).
///
/// ```swift
/// let history = OrganizationHistory(creditCode: code, entries: try archive.entries(creditCode: code))
/// print(history.gradePath.joined(separator: " → "))
/// ```
public struct OrganizationHistory: Sendable, Hashable {
    /// A nonconformity found again in the audit right after one that had it.
    public struct Repeat: Sendable, Hashable {
        /// The entry where it is found again.
        public var entry: Int64
        public var leaf: String
        public var key: String
        /// How many audits in a row have had it (2 for the first repeat).
        public var run: Int

        public init(entry: Int64, leaf: String, key: String, run: Int) {
            self.entry = entry
            self.leaf = leaf
            self.key = key
            self.run = run
        }
    }

    /// A row of figures over time: one value per entry (nil where that audit lacks it).
    public struct Series: Sendable, Hashable {
        public var id: String
        public var values: [String?]
    }

    public var creditCode: String
    /// The assessments, by as-of date then entry.
    public var entries: [ArchiveEntry]
    /// Each part's points, audit by audit.
    public var parts: [Series]
    /// Each leaf's points, audit by audit.
    public var leaves: [Series]
    public var repeats: [Repeat]

    public init(creditCode: String, entries: [ArchiveEntry]) {
        self.creditCode = creditCode
        self.entries = entries
        parts = Self.series(entries) { record in record.parts.map { ($0.id, $0.points) } }
        leaves = Self.series(entries) { record in record.leaves.map { ($0.id, $0.points) } }
        var repeats: [Repeat] = []
        var runs: [String: Int] = [:] // "leaf\u{0}key" → audits in a row so far
        for entry in entries {
            var current: [String: Int] = [:]
            for leaf in entry.record.leaves {
                for finding in leaf.findings where finding.level == "nonconformity" {
                    let id = leaf.id + "\u{0}" + finding.key
                    guard current[id] == nil else { continue }
                    let run = (runs[id] ?? 0) + 1
                    current[id] = run
                    if run > 1 { repeats.append(Repeat(entry: entry.id, leaf: leaf.id, key: finding.key, run: run)) }
                }
            }
            runs = current
        }
        self.repeats = repeats
    }

    /// The overall grade of each audit, in order (`none` for an ungraded one).
    public var gradePath: [String] { entries.map { $0.record.grade ?? "none" } }

    /// Whether the nonconformity `key` of `leaf` in `entry` repeats the audit before.
    public func isRepeated(entry: Int64, leaf: String, key: String) -> Bool {
        repeats.contains { $0.entry == entry && $0.leaf == leaf && $0.key == key }
    }

    /// The ids in first-seen order, each with its value in every entry.
    private static func series(
        _ entries: [ArchiveEntry], _ values: (ArchivedAssessment) -> [(String, String?)]
    ) -> [Series] {
        var order: [String] = []
        var table: [String: [String?]] = [:]
        for (index, entry) in entries.enumerated() {
            for (id, value) in values(entry.record) {
                if table[id] == nil {
                    order.append(id)
                    table[id] = Array(repeating: nil, count: entries.count)
                }
                table[id, default: []][index] = value
            }
        }
        return order.map { Series(id: $0, values: table[$0] ?? []) }
    }
}
