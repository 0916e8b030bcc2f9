import Scheme
import Scoring

/// The result of assessing one bundle against a rubric: the scorecard, whose
/// leaves are every leaf's result (with any override applied), in rubric order.
public struct Assessment: Sendable, Hashable {
    /// The points and grades, from ``Scorer``, with every leaf's result.
    public var scorecard: Scorecard

    public init(scorecard: Scorecard) {
        self.scorecard = scorecard
    }

    /// Every leaf's result, in the rubric's document order.
    public var leaves: [LeafResult] {
        get { scorecard.leaves }
        set { scorecard.leaves = newValue }
    }

    /// The result of leaf `id`, if the rubric has that leaf.
    public func leaf(_ id: LeafID) -> LeafResult? {
        scorecard.leaf(id)
    }

    /// Every auditor override applied, each taken from the leaf it changed: in
    /// the order of the overrides file (by line), those made in code last, in
    /// rubric order.
    public var overrides: [LeafOverride] {
        let applied = leaves.compactMap(\.override)
        return applied.enumerated().sorted { a, b in
            let lineA = a.element.location?.line ?? Int.max
            let lineB = b.element.location?.line ?? Int.max
            return lineA != lineB ? lineA < lineB : a.offset < b.offset
        }.map(\.element)
    }

    /// Whether every leaf has a judgement (no error, no manual leaf left open).
    public var isComplete: Bool { scorecard.status == .complete }
}
