import Diagnostics

/// A demand of a leaf's clause that is an important area in the sense of
/// Appendix C: an explicit minimum (5.5.1, a trial run of at least 7 working
/// days) or an explicitly named sub-point (5.8.2, the after-sales survey).
///
/// While the rule reports the demand missed, the leaf's fraction is held
/// within a band: `missedSomewhere` while some sampled project or period
/// misses it, `missedThroughout` while none meets it (NOTES.md, "Critical
/// demands"). Rubric data: an overlay replaces a leaf's list as a whole.
public struct CriticalDemand: Sendable, Hashable {
    /// The key the rule reports the demand's outcome under (`trial_run_days`).
    public var id: String
    public var label: LocalizedText
    /// The id of the highest band the leaf can reach while the demand is missed somewhere.
    public var missedSomewhere: String
    /// The id of the highest band the leaf can reach while the demand is missed throughout.
    public var missedThroughout: String
    public var location: SourceLocation?

    public init(
        id: String, label: LocalizedText, missedSomewhere: String, missedThroughout: String,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.label = label
        self.missedSomewhere = missedSomewhere
        self.missedThroughout = missedThroughout
        self.location = location
    }
}
