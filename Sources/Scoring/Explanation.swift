import Scheme

/// Why the result is what it is: the points lost per indicator, and what it would
/// take to reach the next overall grade.
public struct Explanation: Sendable, Hashable {
    /// The top-level indicators that lost points, in document order.
    public var losses: [IndicatorLoss]
    /// The way to the next overall grade; `nil` at the highest grade.
    public var whatIf: WhatIf?

    public init(losses: [IndicatorLoss], whatIf: WhatIf?) {
        self.losses = losses
        self.whatIf = whatIf
    }
}

/// The points a top-level indicator lost, leaf by leaf.
public struct IndicatorLoss: Sendable, Hashable {
    public var id: IndicatorID
    public var title: LocalizedText
    public var applicableWeight: Points
    public var points: Points
    public var pointsLost: Points
    /// The leaves that lost points, in document order.
    public var leaves: [LeafLoss]

    public init(
        id: IndicatorID, title: LocalizedText, applicableWeight: Points, points: Points,
        pointsLost: Points, leaves: [LeafLoss]
    ) {
        self.id = id
        self.title = title
        self.applicableWeight = applicableWeight
        self.points = points
        self.pointsLost = pointsLost
        self.leaves = leaves
    }
}

/// The points one leaf lost and why (its band, or its status).
public struct LeafLoss: Sendable, Hashable {
    public var id: LeafID
    public var pointsLost: Points
    public var status: LeafResult.Status
    public var band: Band?
    public var reason: LocalizedText

    public init(id: LeafID, pointsLost: Points, status: LeafResult.Status, band: Band?, reason: LocalizedText) {
        self.id = id
        self.pointsLost = pointsLost
        self.status = status
        self.band = band
        self.reason = reason
    }
}
