import Evidence
import RuleAPI
import Scheme
import Scoring

extension Assessor {
    /// Evaluates the single leaf `id` against `bundle` in a fresh state, as
    /// ``assess(bundle:)`` would, without scoring the rest of the rubric. The
    /// band is the rubric's band of the fraction (when scored); points are
    /// left unset. The bundle's documents are extracted first, as for a whole
    /// assessment. Returns nil when the rubric has no leaf `id`.
    ///
    /// ```swift
    /// let result = assessor.evaluate(leaf: "1.1", bundle: bundle)
    /// ```
    /// `trace`, when given, records every call the rule makes to the evidence API.
    public func evaluate(leaf id: LeafID, bundle: EvidenceBundle, trace: RuleCallTrace? = nil) -> LeafResult? {
        guard let leaf = loaded.rubric.leaf(id) else { return nil }
        bundle.extractDocuments()
        var result = evaluate(leaf, bundle: bundle, trace: trace)
        if result.status == .scored, let fraction = result.fraction {
            result.band = loaded.rubric.band(for: fraction)
        }
        return result
    }
}
