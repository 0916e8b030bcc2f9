import Evidence
import Scheme

extension Assessor {
    /// Evaluates the single leaf `id` against `bundle` in a fresh state, as
    /// ``assess(bundle:)`` would, without scoring the rest of the rubric. The
    /// band is the rubric's band of the fraction (when scored); points are
    /// left unset. Returns nil when the rubric has no leaf `id`.
    ///
    /// ```swift
    /// let evaluation = assessor.evaluate(leaf: "1.1", bundle: bundle)
    /// ```
    public func evaluate(leaf id: LeafID, bundle: EvidenceBundle) -> LeafEvaluation? {
        guard let leaf = loaded.rubric.leaf(id) else { return nil }
        var evaluation = evaluate(leaf, bundle: bundle)
        if evaluation.status == .scored, let fraction = evaluation.fraction {
            evaluation.band = loaded.rubric.band(for: fraction)
        }
        return evaluation
    }
}
