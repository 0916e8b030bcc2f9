import Scheme

/// How a leaf's critical demand fared, as its rule reported it, and the band
/// that held the leaf because of it.
public struct CriticalOutcome: Sendable, Hashable {
    /// What the rule reported for the demand.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Every sampled project or period meets the demand.
        case met
        /// Some sampled project or period misses it.
        case missedSomewhere = "missed_somewhere"
        /// No sampled project or period meets it.
        case missedThroughout = "missed_throughout"
        /// The rule did not report the demand: it caps nothing.
        case notReported = "not_reported"
    }

    public var demand: CriticalDemand
    public var outcome: Outcome
    /// The band the leaf is held within while the demand is missed; `nil` when met or not reported.
    public var capBand: Band?

    public init(demand: CriticalDemand, outcome: Outcome, capBand: Band? = nil) {
        self.demand = demand
        self.outcome = outcome
        self.capBand = capBand
    }

    /// Whether the demand is missed (somewhere or throughout).
    public var isMissed: Bool { outcome == .missedSomewhere || outcome == .missedThroughout }
}
