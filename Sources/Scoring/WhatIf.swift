import Scheme

/// What it would take to reach the next overall grade: the gap, the part floors still
/// to reach, and the smallest set of leaves whose improvement to full marks gets there.
public struct WhatIf: Sendable, Hashable {
    /// The overall grade now (`nil`: none).
    public var currentGrade: Grade?
    /// The next grade up.
    public var targetGrade: Grade
    /// The least total inside the target grade.
    public var targetTotal: Points
    /// targetTotal − total, at least 0 (it is 0 when only part floors block the grade).
    public var gap: Points
    /// Parts below their floor, which the part-floor policy requires to be reached too.
    public var partFloors: [PartFloorGap]
    /// Whether improving leaves to full marks can reach the target at all.
    public var isReachable: Bool
    /// The smallest set of leaves to improve to full marks, in the order chosen
    /// (empty when unreachable).
    public var improvements: [LeafImprovement]
    /// The total after those improvements.
    public var totalAfter: Points

    public init(
        currentGrade: Grade?, targetGrade: Grade, targetTotal: Points, gap: Points,
        partFloors: [PartFloorGap], isReachable: Bool, improvements: [LeafImprovement],
        totalAfter: Points
    ) {
        self.currentGrade = currentGrade
        self.targetGrade = targetGrade
        self.targetTotal = targetTotal
        self.gap = gap
        self.partFloors = partFloors
        self.isReachable = isReachable
        self.improvements = improvements
        self.totalAfter = totalAfter
    }
}

/// A part below the lowest grade of its scale.
public struct PartFloorGap: Sendable, Hashable {
    public var partID: String
    public var points: Points
    /// The least figure inside the part's lowest grade.
    public var floor: Points
    public var gap: Points

    public init(partID: String, points: Points, floor: Points, gap: Points) {
        self.partID = partID
        self.points = points
        self.floor = floor
        self.gap = gap
    }
}

/// One leaf raised to full marks in a what-if.
public struct LeafImprovement: Sendable, Hashable {
    public var id: LeafID
    public var partID: String
    /// The leaf's points now.
    public var from: Points
    /// Its weight (full marks).
    public var to: Points

    public init(id: LeafID, partID: String, from: Points, to: Points) {
        self.id = id
        self.partID = partID
        self.from = from
        self.to = to
    }
}
