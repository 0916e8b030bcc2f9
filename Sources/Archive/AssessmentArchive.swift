/// An archived assessment with its place in the archive.
public struct ArchiveEntry: Sendable, Hashable {
    /// The entry's id: its position in the hash chain (1, 2, 3…).
    public var id: Int64
    public var record: ArchivedAssessment

    public init(id: Int64, record: ArchivedAssessment) {
        self.id = id
        self.record = record
    }
}

/// What `rubric archive verify` found: the entries checked, the head of the
/// chain and every problem.
public struct ArchiveVerification: Sendable, Hashable {
    /// One broken link.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            /// The entry's content no longer gives its hash.
            case changed
            /// The entry does not follow the one before it: an entry was removed or the order changed.
            case removedOrReordered = "removed or reordered"
        }

        public var entry: Int64
        public var kind: Kind
        public var detail: String

        public var description: String { "entry \(entry): \(kind.rawValue): \(detail)" }
    }

    public var count: Int
    /// The hash of the last entry (64 zeros for an empty archive): kept elsewhere,
    /// it also shows entries removed from the end.
    public var headHash: String
    public var problems: [Problem]

    public var isIntact: Bool { problems.isEmpty }
}

/// The archive as the commands use it. ``SQLiteArchive`` keeps it in one SQLite
/// file; another back end (a PostgreSQL server that a body's auditors share)
/// implements the same requirements and the commands do not change (docs/archive.md).
public protocol AssessmentArchive: Sendable {
    /// Appends `record` in a transaction of its own, chained to the last entry. Returns its id.
    func append(_ record: ArchivedAssessment) throws(ArchiveError) -> Int64
    /// The entry `id`, or nil.
    func entry(_ id: Int64) throws(ArchiveError) -> ArchiveEntry?
    /// Every entry of the organization with this credit code, by as-of date then id.
    func entries(creditCode: String) throws(ArchiveError) -> [ArchiveEntry]
    /// The latest entry (by as-of date, then id) of every organization.
    func latestEntries() throws(ArchiveError) -> [ArchiveEntry]
    /// How many entries the archive holds.
    func count() throws(ArchiveError) -> Int
    /// Checks the hash chain entry by entry.
    func verify() throws(ArchiveError) -> ArchiveVerification
}
