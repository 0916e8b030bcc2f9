import Diagnostics

/// A part of the scheme (4 服务管理要求, 5 服务特性要求): its points and its indicators.
public struct Part: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    /// The spec's wording of the part's evaluation (errata fixed).
    public var clause: String?
    /// The points the part is scored out of; its top-level indicators must sum to it.
    public var points: Points
    /// The id of the grade scale that grades the part.
    public var gradeScaleID: String
    public var indicators: [Indicator]
    public var location: SourceLocation?
    /// Where the points were last set.
    public var pointsLocation: SourceLocation?
    /// Whether the points could not be read (so sums involving them are not checked).
    var isPointsUnknown = false

    public init(
        id: String, title: LocalizedText, clause: String? = nil, points: Points,
        gradeScaleID: String, indicators: [Indicator], location: SourceLocation? = nil,
        pointsLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.clause = clause
        self.points = points
        self.gradeScaleID = gradeScaleID
        self.indicators = indicators
        self.location = location
        self.pointsLocation = pointsLocation
    }

    /// Every indicator of the part, depth first, in document order.
    public var allIndicators: [Indicator] {
        indicators.flatMap(\.subtree)
    }
}
