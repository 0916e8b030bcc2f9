import Scheme
import Scoring

/// The result of assessing one bundle against a rubric: every leaf's
/// evaluation, in rubric order, and the scorecard they aggregate into.
public struct Assessment: Sendable, Hashable {
    /// One evaluation per leaf, in the rubric's document order.
    public var leaves: [LeafEvaluation]
    /// The points and grades, from ``Scorer``.
    public var scorecard: Scorecard
    /// Every auditor override applied, in the order of the overrides file.
    public var overrides: [LeafOverride] = []

    public init(leaves: [LeafEvaluation], scorecard: Scorecard) {
        self.leaves = leaves
        self.scorecard = scorecard
    }

    /// The evaluation of leaf `id`, if the rubric has that leaf.
    public func leaf(_ id: LeafID) -> LeafEvaluation? {
        leaves.first { $0.id == id }
    }

    /// Whether every leaf has a judgement (no error, no manual leaf left open).
    public var isComplete: Bool { scorecard.status == .complete }
}
