import Scheme

/// How one indicator (at any depth) scored: the exact sum of its leaves' points.
public struct IndicatorScore: Sendable, Hashable {
    public var id: IndicatorID
    public var partID: String
    public var title: LocalizedText
    /// 0 for a part's top-level indicators, 1 for their children, and so on.
    public var depth: Int
    public var isLeaf: Bool
    public var weight: Points
    /// The exact sum of the counted leaves' points.
    public var points: Points
    /// The sum of the counted leaves' weights (the weight less what was removed as not applicable).
    public var applicableWeight: Points

    public init(
        id: IndicatorID, partID: String, title: LocalizedText, depth: Int, isLeaf: Bool, weight: Points,
        points: Points, applicableWeight: Points
    ) {
        self.id = id
        self.partID = partID
        self.title = title
        self.depth = depth
        self.isLeaf = isLeaf
        self.weight = weight
        self.points = points
        self.applicableWeight = applicableWeight
    }

    /// applicableWeight − points.
    public var pointsLost: Points { applicableWeight - points }
}
