import Diagnostics
import Engine
import Scheme
import Scoring

/// The outcome of one ``RuleTest``.
public struct RuleTestResult: Sendable, Hashable {
    /// One expectation of a test and whether the evaluation met it.
    public struct Check: Sendable, Hashable {
        /// What was checked and against what: `status scored`, `band high`, ...
        public var expectation: String
        /// The "what: expected X, got Y" line when unmet; nil when met.
        public var difference: String?

        /// Whether the evaluation met the expectation.
        public var passed: Bool { difference == nil }

        public init(expectation: String, difference: String? = nil) {
            self.expectation = expectation
            self.difference = difference
        }
    }

    public var name: String
    public var leaf: LeafID
    /// One "what: expected X, got Y" line per unmet expectation; empty when passed.
    public var differences: [String]
    /// Every expectation checked, met or not, in the order of the test's keys;
    /// empty when the bundle could not be opened.
    public var checks: [Check]
    /// The evaluation, when the bundle could be opened.
    public var evaluation: LeafResult?
    /// Where the test is written, when known.
    public var location: SourceLocation?
    /// How long the test took, in seconds.
    public var durationSeconds: Double

    /// Whether every expectation was met.
    public var passed: Bool { differences.isEmpty }

    public init(
        name: String, leaf: LeafID, differences: [String], checks: [Check] = [], evaluation: LeafResult? = nil,
        location: SourceLocation? = nil, durationSeconds: Double = 0
    ) {
        self.name = name
        self.leaf = leaf
        self.differences = differences
        self.checks = checks
        self.evaluation = evaluation
        self.location = location
        self.durationSeconds = durationSeconds
    }
}
