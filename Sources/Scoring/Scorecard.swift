import Scheme

/// The scored result of one assessment against a rubric.
public struct Scorecard: Sendable, Hashable {
    /// Whether every leaf has a judgement.
    public enum Status: String, Sendable, Hashable {
        case complete
        /// Some leaf is an error or manual without an auditor override (or a part has
        /// nothing that applies); points and grades are provisional.
        case incomplete
    }

    public var schemeID: String
    public var schemeVersion: String
    public var status: Status
    /// Every leaf's result, scored (points and band filled in), in document order.
    public var leaves: [LeafResult]
    /// Every indicator at every depth, in document order.
    public var indicators: [IndicatorScore]
    public var parts: [PartScore]
    /// The exact sum of the parts' figures.
    public var total: Points
    /// The sum of the parts' points (the highest total possible).
    public var maximum: Points
    /// The overall grade under the policies (`nil`: no grade).
    public var grade: Grade?
    /// The grade the total alone would get (the literal reading of section 7).
    public var gradeBySumAlone: Grade?
    /// Where a policy acted, in Chinese with English.
    public var policyNotes: [PolicyNote]
    public var explanation: Explanation
    /// Leaves awaiting a judgement (errors, manual leaves without override), in document order.
    public var openLeaves: [LeafID]
    /// Ids of results given for no leaf of the rubric (sorted); they are ignored.
    public var unknownResults: [LeafID]

    public init(
        schemeID: String, schemeVersion: String, status: Status, leaves: [LeafResult],
        indicators: [IndicatorScore], parts: [PartScore], total: Points, maximum: Points, grade: Grade?,
        gradeBySumAlone: Grade?, policyNotes: [PolicyNote], explanation: Explanation, openLeaves: [LeafID],
        unknownResults: [LeafID]
    ) {
        self.schemeID = schemeID
        self.schemeVersion = schemeVersion
        self.status = status
        self.leaves = leaves
        self.indicators = indicators
        self.parts = parts
        self.total = total
        self.maximum = maximum
        self.grade = grade
        self.gradeBySumAlone = gradeBySumAlone
        self.policyNotes = policyNotes
        self.explanation = explanation
        self.openLeaves = openLeaves
        self.unknownResults = unknownResults
    }

    /// The result of leaf `id`, if the rubric has that leaf.
    public func leaf(_ id: LeafID) -> LeafResult? {
        leaves.first { $0.id == id }
    }

    public func indicator(_ id: IndicatorID) -> IndicatorScore? {
        indicators.first { $0.id == id }
    }

    public func part(_ id: String) -> PartScore? {
        parts.first { $0.id == id }
    }
}
