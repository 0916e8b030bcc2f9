import Evidence
import Foundation
import Scheme

/// Everything about one leaf of one assessment, from its rule's return to the
/// report: what the rule (or the rubric) said, what it found along the way,
/// the auditor's override if any, and the points and band the scorer gave.
///
/// The engine makes one per leaf, applies any override with
/// ``apply(_:)``, and hands them all to ``Scorer``, which fills in
/// ``points``, ``band`` and the rule's own points.
public struct LeafResult: Sendable, Hashable, Identifiable {
    /// How the leaf counts.
    public enum Status: String, Sendable, Hashable {
        /// Judged with a fraction (by its rule or by an auditor).
        case scored
        /// Does not apply (by the rubric, the rule or an auditor).
        case notApplicable = "not_applicable"
        /// No automatic judgement (the leaf has no rule, or its rule left it to
        /// the auditor) and no override: 0 points provisionally.
        case manual
        /// The rule failed (see ``LeafResult/error``) and no auditor overrode
        /// it: 0 points provisionally.
        case error
    }

    /// What the rule itself said about the leaf, kept beside the auditor's
    /// value when an override replaces it.
    public struct RuleValue: Sendable, Hashable {
        public var status: Status
        /// The rule's fraction, when it scored the leaf.
        public var fraction: Decimal?
        /// The points the rule's value gives under the rubric's policies (set by ``Scorer``).
        public var points: Points?

        public init(status: Status, fraction: Decimal? = nil, points: Points? = nil) {
            self.status = status
            self.fraction = fraction
            self.points = points
        }
    }

    public var id: LeafID
    /// How the leaf counts: the auditor's value when overridden, else the rule's.
    public var status: Status
    /// The share of the weight earned, exactly, when `status` is scored.
    public var fraction: Decimal?
    /// The points counted (set by ``Scorer``): weight × fraction rounded by the
    /// rounding policy; 0 for an error or manual leaf; for a leaf that does not
    /// apply what the not-applicable policy gives (`nil` when it removes the leaf).
    public var points: Points?
    /// The scoring band of the fraction, when scored (set by ``Scorer``).
    public var band: Band?
    /// The findings of the `findings` builder, then those of the returned
    /// `findings` list (see docs/rule-contract.md).
    public var findings: [AuditFinding]
    /// The rule's one-line summary, when it gave one.
    public var summary: String?
    /// Why the rule (or the rubric) found the leaf not applicable or left it manual.
    public var reason: String?
    /// What `print` and `warn` wrote.
    public var log: String
    /// Why the rule failed, when it did.
    public var error: RuleError?
    /// Wall-clock seconds the evaluation took (0 when no rule ran).
    public var durationSeconds: Double
    /// Lua instructions the evaluation used (0 when no rule ran).
    public var instructions: Int64
    /// What the rule reported for its leaf's critical demands, by demand id
    /// (the `critical` table of its return value).
    public var reportedCritical: [String: CriticalOutcome.Outcome] = [:]
    /// The leaf's critical demands with their outcomes, in the rubric's order (set by ``Scorer``).
    public var critical: [CriticalOutcome] = []
    /// The rule's fraction before a missed critical demand capped it; `nil`
    /// when no cap lowered the fraction (set by ``Scorer``).
    public var uncappedFraction: Decimal?
    /// The documents the rule asked to read and got no text for (missing,
    /// corrupt, scanned, over the extraction budget), by id, in the order it asked.
    public var unreadableEvidence: [String] = []
    /// What the rule said before the engine left the leaf to the auditor because
    /// evidence it needed could not be read; nil otherwise.
    public var provisional: RuleValue?
    /// The auditor's override of the leaf, if any (see ``apply(_:)``).
    public private(set) var override: LeafOverride?
    /// The rule's value the override replaced; `nil` when not overridden.
    var replaced: RuleValue?

    public init(
        id: LeafID, status: Status, fraction: Decimal? = nil, findings: [AuditFinding] = [],
        summary: String? = nil, reason: String? = nil, log: String = "", error: RuleError? = nil,
        durationSeconds: Double = 0, instructions: Int64 = 0
    ) {
        self.id = id
        self.status = status
        self.fraction = fraction
        self.findings = findings
        self.summary = summary
        self.reason = reason
        self.log = log
        self.error = error
        self.durationSeconds = durationSeconds
        self.instructions = instructions
    }

    /// What the rule itself said: the leaf's own status, fraction and points,
    /// unless an auditor overrode it.
    public var rule: RuleValue {
        replaced ?? RuleValue(status: status, fraction: fraction, points: points)
    }

    /// Whether the leaf counts in its part (it does unless it is removed as not applicable).
    public var isCounted: Bool { points != nil }

    /// Whether the leaf still awaits a judgement (an error or manual leaf without override).
    public var isOpen: Bool { status == .error || status == .manual }

    /// Applies the auditor's `override`: the leaf counts with the auditor's
    /// value from now on, and ``rule`` keeps what the rule said. Points and
    /// band are left for ``Scorer``.
    public mutating func apply(_ override: LeafOverride) {
        if replaced == nil { replaced = RuleValue(status: status, fraction: fraction) }
        self.override = override
        if let fraction = override.fraction {
            status = .scored
            self.fraction = fraction
        } else {
            status = .notApplicable
            fraction = nil
        }
        points = nil
        band = nil
    }

    /// The decimals a rule's fraction keeps (0.0001 %): a rule computes in binary
    /// floating point, and `2/3` would otherwise reach the report as
    /// `0.6666666666666666`.
    public static let fractionDecimals = 6

    /// `value` rounded half-up to ``fractionDecimals`` decimals.
    public static func roundedFraction(_ value: Decimal) -> Decimal {
        guard !value.isNaN else { return value }
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, fractionDecimals, .plain)
        return rounded
    }

    /// A fraction as a percentage for people: rounded half-up to 0.1 %, without
    /// a trailing `.0` (`86.7%`, `90%`).
    public static func percentText(_ fraction: Decimal) -> String {
        var input = fraction * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 1, .plain)
        return "\(rounded)%"
    }

    /// A fraction given as a `Double`, exact through its shortest decimal text
    /// (`0.701` becomes exactly 0.701, never 0.70099999999999995…); NaN when
    /// `value` is not finite.
    public static func exactFraction(_ value: Double) -> Decimal {
        guard value.isFinite, let decimal = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
        else { return Decimal.nan }
        return decimal
    }
}
