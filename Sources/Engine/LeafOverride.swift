import Diagnostics
import Evidence
import Foundation
import Scheme
import Scoring

/// One entry of an overrides file: an auditor's judgement of one leaf, with
/// who made it, when and why (see docs/overrides.md).
public struct LeafOverride: Sendable, Hashable {
    /// What the auditor set, as the file wrote it.
    public enum Setting: Sendable, Hashable {
        /// `fraction: 0.8`: the share of the leaf's weight earned, exact, in [0, 1].
        case fraction(Decimal)
        /// `band: high`: a scoring band of the rubric, by id, and the fraction it
        /// stands for (the band's lower end).
        case band(id: String, fraction: Decimal)
        /// `status: not_applicable`: the leaf does not apply.
        case notApplicable
    }

    /// The leaf overridden.
    public var leaf: LeafID
    public var setting: Setting
    /// Why the auditor decided so (required, never empty).
    public var justification: String
    /// Who decided (name or id of the auditor).
    public var auditor: String
    /// When the auditor decided.
    public var date: CalendarDate
    /// The last day the override holds, if it expires.
    public var expires: CalendarDate?
    /// Where the entry is in the overrides file.
    public var location: SourceLocation?

    public init(leaf: LeafID, setting: Setting, justification: String, auditor: String, date: CalendarDate,
                expires: CalendarDate? = nil, location: SourceLocation? = nil) {
        self.leaf = leaf
        self.setting = setting
        self.justification = justification
        self.auditor = auditor
        self.date = date
        self.expires = expires
        self.location = location
    }

    /// The value the scorer uses: a band becomes its fraction.
    public var value: AuditorOverride.Value {
        switch setting {
        case .fraction(let fraction): .fraction(fraction)
        case .band(_, let fraction): .fraction(fraction)
        case .notApplicable: .notApplicable
        }
    }

    /// The override as the scorer takes it.
    public var auditorOverride: AuditorOverride {
        AuditorOverride(value, auditor: auditor, reason: justification)
    }
}
