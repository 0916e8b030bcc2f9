import Engine
import Scheme
import Scoring

/// The outcome of one ``RuleTest``.
public struct RuleTestResult: Sendable, Hashable {
    public var name: String
    public var leaf: LeafID
    /// One "what: expected X, got Y" line per unmet expectation; empty when passed.
    public var differences: [String]
    /// The evaluation, when the bundle could be opened.
    public var evaluation: LeafResult?

    /// Whether every expectation was met.
    public var passed: Bool { differences.isEmpty }

    public init(name: String, leaf: LeafID, differences: [String], evaluation: LeafResult? = nil) {
        self.name = name
        self.leaf = leaf
        self.differences = differences
        self.evaluation = evaluation
    }
}
