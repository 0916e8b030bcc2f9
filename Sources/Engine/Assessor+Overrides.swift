import Evidence
import Scheme
import Scoring

extension Assessor {
    /// Evaluates every leaf against `bundle` as ``assess(bundle:)`` does, then
    /// scores with the auditor's `overrides`.
    ///
    /// Both sides stay visible: each evaluation keeps the rule's own status,
    /// fraction and reason, with the override in ``LeafEvaluation/override``;
    /// the scorecard's ``LeafScore`` keeps the rule's result in `outcome` and
    /// the auditor's in `override`. A manual or failed leaf counts only once
    /// overridden; until then the scorecard is incomplete.
    ///
    /// `overrides` must have been checked against this assessor's rubric
    /// (`OverrideSet.load(contentsOf:rubric:asOf:)` does).
    public func assess(bundle: EvidenceBundle, overrides: OverrideSet) -> Assessment {
        var assessment = assess(bundle: bundle)
        guard !overrides.isEmpty else { return assessment }
        var results: [LeafID: LeafOutcome] = [:]
        for index in assessment.leaves.indices {
            let evaluation = assessment.leaves[index]
            let override = overrides.override(for: evaluation.id)
            results[evaluation.id] = LeafOutcome(Self.result(of: evaluation), override: override?.auditorOverride)
            assessment.leaves[index].override = override
        }
        let scorecard = Scorer(rubric: loaded.rubric).score(results: results)
        for index in assessment.leaves.indices {
            guard let score = scorecard.leaf(assessment.leaves[index].id) else { continue }
            assessment.leaves[index].points = score.points
            assessment.leaves[index].band = score.band
        }
        assessment.scorecard = scorecard
        assessment.overrides = overrides.overrides
        return assessment
    }
}
