import Scheme

/// How one part scored and graded.
public struct PartScore: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    /// The points the part is scored out of.
    public var maximum: Points
    /// The exact sum of the counted leaves' points.
    public var rawPoints: Points
    /// The sum of the counted leaves' weights.
    public var applicableWeight: Points
    /// The part's figure: `rawPoints`, or when rescaled
    /// `rawPoints / applicableWeight × maximum` rounded by the rounding policy.
    /// Grades and the total use this figure.
    public var points: Points
    public var isRescaled: Bool
    /// The part's grade on its own scale, `nil` below the lowest grade.
    public var grade: Grade?
    /// The lowest grade of the part's scale (the floor of the part-floor policy).
    public var floor: Grade?

    public init(
        id: String, title: LocalizedText, maximum: Points, rawPoints: Points, applicableWeight: Points,
        points: Points, isRescaled: Bool, grade: Grade?, floor: Grade?
    ) {
        self.id = id
        self.title = title
        self.maximum = maximum
        self.rawPoints = rawPoints
        self.applicableWeight = applicableWeight
        self.points = points
        self.isRescaled = isRescaled
        self.grade = grade
        self.floor = floor
    }

    /// Whether the part reaches the lowest grade of its scale.
    public var reachesFloor: Bool { grade != nil }

    /// Whether any leaf of the part counts (a part where nothing applies cannot be assessed).
    public var isAssessable: Bool { applicableWeight > .zero }
}
