import Diagnostics
import Evidence
import Foundation
import Scheme

/// An auditor's judgement of one leaf, with who made it, when and why: one
/// entry of an overrides file (see docs/overrides.md). The engine applies it
/// to the leaf's ``LeafResult`` before scoring, and it stays there.
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

    public init(
        leaf: LeafID, setting: Setting, justification: String, auditor: String, date: CalendarDate,
        expires: CalendarDate? = nil, location: SourceLocation? = nil
    ) {
        self.leaf = leaf
        self.setting = setting
        self.justification = justification
        self.auditor = auditor
        self.date = date
        self.expires = expires
        self.location = location
    }

    /// The fraction the leaf counts with: the one given, or a band's lower
    /// end; `nil` when the auditor found the leaf not applicable.
    public var fraction: Decimal? {
        switch setting {
        case .fraction(let fraction): fraction
        case .band(_, let fraction): fraction
        case .notApplicable: nil
        }
    }
}
