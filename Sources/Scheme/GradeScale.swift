import Diagnostics

/// A grade scale: grades listed from the lowest to the highest, each a half-open
/// interval of points (the highest usually closed at the maximum).
public struct GradeScale: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText?
    /// The spec's wording of the scale (errata fixed).
    public var clause: String?
    public var grades: [Grade]
    public var location: SourceLocation?

    public init(
        id: String, title: LocalizedText? = nil, clause: String? = nil, grades: [Grade],
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.clause = clause
        self.grades = grades
        self.location = location
    }

    /// The grade whose interval holds `points`, or `nil` (below the lowest grade).
    public func grade(for points: Points) -> Grade? {
        grades.first { $0.range.contains(points.decimal) }
    }

    /// The lowest grade: the floor a part must reach to be graded at all.
    public var lowest: Grade? {
        grades.min { $0.range.lower < $1.range.lower }
    }

    /// The grades from the lowest to the highest.
    public var ascending: [Grade] {
        grades.sorted { $0.range.lower < $1.range.lower }
    }

    /// The grade just above `grade`, or the lowest grade when `grade` is `nil`.
    public func grade(above grade: Grade?) -> Grade? {
        let ordered = ascending
        guard let grade else { return ordered.first }
        guard let index = ordered.firstIndex(where: { $0.id == grade.id }),
            index + 1 < ordered.count
        else { return nil }
        return ordered[index + 1]
    }
}
