import Diagnostics

/// A leaf indicator as the engine needs it: flattened out of the tree, with its part,
/// its ancestors and its limits resolved over the rubric-wide defaults.
public struct Leaf: Sendable, Hashable, Identifiable {
    public var id: LeafID
    public var partID: String
    /// The ids of the enclosing indicators, outermost first (`["5.1"]` for `5.1.2`).
    public var ancestors: [IndicatorID]
    public var title: LocalizedText
    public var clause: String?
    public var weight: Points
    /// The rule file; `nil` means the leaf is assessed manually (status manual).
    public var rule: RuleReference?
    public var params: ParameterMap
    public var documents: [String]
    /// The record tables the rule reads (`tables:` of the leaf).
    public var tables: [String] = []
    /// The leaf's limits over the rubric defaults.
    public var limits: RuleLimits
    public var applicability: Applicability
    /// The clause's critical demands, which cap the leaf while missed.
    public var critical: [CriticalDemand] = []
    public var location: SourceLocation?

    public init(
        id: LeafID, partID: String, ancestors: [IndicatorID], title: LocalizedText,
        clause: String?, weight: Points, rule: RuleReference?, params: ParameterMap,
        documents: [String], limits: RuleLimits, applicability: Applicability,
        critical: [CriticalDemand] = [], location: SourceLocation?
    ) {
        self.id = id
        self.partID = partID
        self.ancestors = ancestors
        self.title = title
        self.clause = clause
        self.weight = weight
        self.rule = rule
        self.params = params
        self.documents = documents
        self.limits = limits
        self.applicability = applicability
        self.critical = critical
        self.location = location
    }

    /// Whether no rule judges the leaf, so an auditor must.
    public var isManual: Bool { rule == nil }
}
