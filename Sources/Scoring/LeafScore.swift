import Foundation
import Scheme

/// How one leaf scored.
public struct LeafScore: Sendable, Hashable {
    /// The leaf's status after any override.
    public enum Status: String, Sendable, Hashable {
        /// Judged with a fraction (by its rule or by an auditor).
        case scored
        /// Does not apply (by the rubric, the rule or an auditor).
        case notApplicable = "not_applicable"
        /// The rule failed and no auditor overrode it: 0 points provisionally.
        case error
        /// No automatic judgement and no auditor override: 0 points provisionally.
        case manual
    }

    public var id: LeafID
    public var partID: String
    public var title: LocalizedText
    public var weight: Points
    public var status: Status
    /// The fraction scored, when `status` is `scored`.
    public var fraction: Decimal?
    /// The points counted: weight × fraction rounded by the policy; `nil` when the leaf
    /// does not apply and the policy removes it (rescale).
    public var points: Points?
    /// The band of Appendix C the fraction falls in, when scored.
    public var band: Band?
    /// The outcome given for the leaf (`nil` when none was given).
    public var outcome: LeafOutcome?
    /// The override that decided the leaf, if any.
    public var override: AuditorOverride?
    /// The error message, manual note or not-applicable reason.
    public var message: String?

    public init(id: LeafID, partID: String, title: LocalizedText, weight: Points, status: Status,
                fraction: Decimal?, points: Points?, band: Band?, outcome: LeafOutcome?,
                override: AuditorOverride?, message: String?) {
        self.id = id
        self.partID = partID
        self.title = title
        self.weight = weight
        self.status = status
        self.fraction = fraction
        self.points = points
        self.band = band
        self.outcome = outcome
        self.override = override
        self.message = message
    }

    /// Whether the leaf counts in its part (it does unless it is removed as not applicable).
    public var isCounted: Bool { points != nil }

    /// Whether the leaf still awaits a judgement (an error or manual leaf without override).
    public var isOpen: Bool { status == .error || status == .manual }

    /// The points the leaf could still earn: weight − points when counted, else 0.
    public var pointsLost: Points {
        guard let points else { return .zero }
        return weight - points
    }
}
