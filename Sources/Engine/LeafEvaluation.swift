import Evidence
import Foundation
import Scheme

/// What the engine found for one leaf: the rule's judgement, what it said
/// along the way, and what it cost.
public struct LeafEvaluation: Sendable, Hashable, Identifiable {
    /// How the leaf came out.
    public enum Status: String, Sendable, Hashable {
        /// The rule gave a fraction.
        case scored
        /// The leaf does not apply (the rule said so, or the rubric).
        case notApplicable = "not_applicable"
        /// No automatic judgement: the leaf has no rule, or its rule left it to the auditor.
        case manual
        /// The rule failed; see ``LeafEvaluation/error``.
        case error
    }

    public var id: LeafID
    public var status: Status
    /// The share of the weight earned, exactly, when scored.
    public var fraction: Decimal?
    /// The points the scorer gave (0 for error and manual; nil for a leaf
    /// removed as not applicable under the rescale policy).
    public var points: Points?
    /// The scoring band of the fraction, when scored.
    public var band: Band?
    /// The findings of the `findings` builder, then those of the returned
    /// `findings` list (see docs/rule-contract.md).
    public var findings: [AuditFinding]
    /// The rule's one-line summary, when it gave one.
    public var summary: String?
    /// Why the leaf is not applicable or manual.
    public var reason: String?
    /// What `print` and `warn` wrote.
    public var log: String
    /// Why the rule failed, when the status is ``Status/error``.
    public var error: RuleError?
    /// Wall-clock seconds the evaluation took (0 when no rule ran).
    public var durationSeconds: Double
    /// Lua instructions the evaluation used (0 when no rule ran).
    public var instructions: Int64
    /// The auditor's override of the leaf, if any. `status`, `fraction` and
    /// `reason` stay the rule's own; `points` and `band` are the scorer's,
    /// after the override.
    public var override: LeafOverride? = nil

    public init(id: LeafID, status: Status, fraction: Decimal? = nil, points: Points? = nil, band: Band? = nil,
                findings: [AuditFinding] = [], summary: String? = nil, reason: String? = nil, log: String = "",
                error: RuleError? = nil, durationSeconds: Double = 0, instructions: Int64 = 0) {
        self.id = id
        self.status = status
        self.fraction = fraction
        self.points = points
        self.band = band
        self.findings = findings
        self.summary = summary
        self.reason = reason
        self.log = log
        self.error = error
        self.durationSeconds = durationSeconds
        self.instructions = instructions
    }
}
