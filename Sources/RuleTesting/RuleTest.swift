import Diagnostics
import Engine
import Evidence
import Foundation
import Scheme
import Scoring

/// One rule test: a leaf, the bundle to evaluate it against, and what is
/// expected of the evaluation. See docs/rule-tests.md.
public struct RuleTest: Sendable, Hashable {
    /// Where the bundle comes from.
    public enum BundleSource: Sendable, Hashable {
        /// A bundle folder or `.zip`, resolved against the test file's folder.
        case path(URL)
        /// An inline manifest (the YAML text of `bundle.yaml`), written to a
        /// temporary folder when the test runs.
        case inline(String)
    }

    /// One expected finding: its level and a substring of its message.
    public struct ExpectedFinding: Sendable, Hashable, CustomStringConvertible {
        public var level: AuditFinding.Level?
        public var messageContains: String?

        public init(level: AuditFinding.Level? = nil, messageContains: String? = nil) {
            self.level = level
            self.messageContains = messageContains
        }

        /// Whether `finding` matches.
        public func matches(_ finding: AuditFinding) -> Bool {
            if let level, finding.level != level { return false }
            if let messageContains, !finding.message.contains(messageContains) { return false }
            return true
        }

        public var description: String {
            let level = level?.rawValue ?? "any level"
            guard let messageContains else { return level }
            return "\(level) containing \"\(messageContains)\""
        }
    }

    /// What the evaluation must show; nil parts are not checked.
    ///
    /// `score`, `scoreBetween` and `band` judge the leaf's fraction as a
    /// report shows it: after a missed critical demand capped it.
    /// `uncappedScore` and `uncappedBand` judge the rule's own fraction,
    /// before any cap; `critical` the outcome the rule reported per demand.
    public struct Expectation: Sendable, Hashable {
        public var status: LeafResult.Status?
        /// The exact fraction, after critical-demand caps.
        public var score: Decimal?
        /// The fraction's inclusive bounds, after critical-demand caps.
        public var scoreBetween: ClosedRange<Decimal>?
        /// The id of the rubric band of the fraction, after critical-demand caps.
        public var band: String?
        /// The rule's own exact fraction, before critical-demand caps.
        public var uncappedScore: Decimal?
        /// The id of the rubric band of the rule's own fraction, before caps.
        public var uncappedBand: String?
        /// The outcome of each named critical demand, by demand id.
        public var critical: [String: CriticalOutcome.Outcome]?
        /// Findings that must be present (each matched by a different one);
        /// an empty list means no findings at all.
        public var findings: [ExpectedFinding]?

        public init(
            status: LeafResult.Status? = nil, score: Decimal? = nil,
            scoreBetween: ClosedRange<Decimal>? = nil, band: String? = nil,
            uncappedScore: Decimal? = nil, uncappedBand: String? = nil,
            critical: [String: CriticalOutcome.Outcome]? = nil,
            findings: [ExpectedFinding]? = nil
        ) {
            self.status = status
            self.score = score
            self.scoreBetween = scoreBetween
            self.band = band
            self.uncappedScore = uncappedScore
            self.uncappedBand = uncappedBand
            self.critical = critical
            self.findings = findings
        }
    }

    public var leaf: LeafID
    public var name: String
    public var bundle: BundleSource
    public var expect: Expectation
    /// Where the test is written (file and line).
    public var location: SourceLocation

    public init(leaf: LeafID, name: String, bundle: BundleSource, expect: Expectation, location: SourceLocation) {
        self.leaf = leaf
        self.name = name
        self.bundle = bundle
        self.expect = expect
        self.location = location
    }
}
