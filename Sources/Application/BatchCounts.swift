import Reports

/// The closing counts of `rubric batch`: how many bundles ended how, and the
/// grades of the assessed ones. Constant in size however many bundles there are.
public struct BatchCounts: Sendable, Hashable {
    /// The ids of the rubric's overall grades, from the highest to the lowest.
    public var gradeIDs: [String]
    public private(set) var assessed = 0
    public private(set) var incomplete = 0
    public private(set) var failed = 0
    /// Assessed bundles by grade id; `""` for those without a grade.
    private var grades: [String: Int] = [:]

    public init(gradeIDs: [String]) {
        self.gradeIDs = gradeIDs
    }

    /// Counts one bundle's row.
    public mutating func add(_ row: BatchRow) {
        switch row.status {
        case .assessed:
            assessed += 1
            grades[row.grade, default: 0] += 1
        case .incomplete: incomplete += 1
        case .failed: failed += 1
        }
    }

    /// Every bundle counted.
    public var bundles: Int { assessed + incomplete + failed }

    /// The grades of the assessed bundles: each grade of the rubric (highest
    /// first) with its count, then `ungraded`.
    public var gradeCounts: [(grade: String, count: Int)] {
        gradeIDs.map { (grade: $0, count: grades[$0] ?? 0) } + [(grade: "ungraded", count: grades[""] ?? 0)]
    }

    /// 0 when every bundle is assessed, else 2 (incomplete or failed), as `rubric assess`.
    public var outcome: RunOutcome {
        incomplete == 0 && failed == 0 ? .assessed : .incomplete
    }

    /// The closing lines: `N bundles: A assessed, I incomplete, F failed` and the grade counts.
    public var closingText: String {
        let counts = gradeCounts.map { "\($0.grade) \($0.count)" }.joined(separator: ", ")
        return "\(bundles) bundles: \(assessed) assessed, \(incomplete) incomplete, \(failed) failed\n"
            + "grades of the assessed: \(counts)\n"
    }

    /// `{"bundles", "assessed", "incomplete", "failed", "grades": {id: n, ..., "ungraded": n}}`.
    public var json: JSONValue {
        .object([
            ("bundles", .int(bundles)),
            ("assessed", .int(assessed)),
            ("incomplete", .int(incomplete)),
            ("failed", .int(failed)),
            ("grades", .object(gradeCounts.map { ($0.grade, .int($0.count)) })),
        ])
    }
}
