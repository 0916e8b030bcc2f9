/// One bundle's result as the impact analysis compares it: from a batch row,
/// a batch summary file or an archive entry.
public struct BundleOutcome: Sendable, Hashable {
    /// The bundle as the batch named it (empty for an archive entry).
    public var bundle: String
    /// The organization's credit code (empty in a summary file).
    public var creditCode: String
    /// `assessed`, `incomplete` or `failed` (an archive entry: `complete` or `incomplete`).
    public var status: String
    public var total: String?
    /// The overall grade's id; nil without one.
    public var grade: String?
    /// Each leaf's fraction (`0.75`), or its status when it has none, by leaf id.
    public var leaves: [String: String]

    public init(
        bundle: String, creditCode: String, status: String, total: String?, grade: String?, leaves: [String: String]
    ) {
        self.bundle = bundle
        self.creditCode = creditCode
        self.status = status
        self.total = total
        self.grade = grade
        self.leaves = leaves
    }

    /// The outcome of an archived assessment.
    public init(_ record: ArchivedAssessment) {
        self.init(
            bundle: "", creditCode: record.creditCode, status: record.status, total: record.total, grade: record.grade,
            leaves: Dictionary(
                record.leaves.map { ($0.id, $0.fraction ?? $0.status) }, uniquingKeysWith: { first, _ in first }))
    }
}
