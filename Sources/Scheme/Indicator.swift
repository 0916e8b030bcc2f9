import Diagnostics

/// An indicator of a part: a node of the indicator tree.
///
/// An indicator with `children` is an aggregate whose weight must equal the sum of its
/// children's weights; an indicator without children is a leaf, the unit a rule judges.
public struct Indicator: Sendable, Hashable {
    public var id: IndicatorID
    public var title: LocalizedText
    /// The clause text of the spec (Chinese, verbatim).
    public var clause: String?
    /// The indicator's weight in points.
    public var weight: Points
    public var children: [Indicator]

    // Leaf-only properties.

    /// The rule file; `nil` means the leaf is assessed manually.
    public var rule: RuleReference?
    /// Free-form parameters handed to the rule (thresholds and the like).
    public var params: ParameterMap
    /// The document types (ids of the vocabulary) the rule reads.
    public var documents: [String]
    /// The record tables (names under `record_tables`) the rule reads.
    public var tables: [String] = []
    /// Resource limits overriding the rubric-wide defaults.
    public var limits: RuleLimits
    public var applicability: Applicability
    /// The clause's critical demands, which cap the leaf while missed.
    public var critical: [CriticalDemand] = []

    public var location: SourceLocation?
    /// Where the weight was last set (the base rubric or an overlay).
    public var weightLocation: SourceLocation?
    /// Where each entry of `documents` was set, for findings.
    var documentLocations: [SourceLocation] = []
    /// Where each entry of `tables` was set, for findings.
    var tableLocations: [SourceLocation] = []
    /// Whether the weight could not be read (so sums involving it are not checked).
    var isWeightUnknown = false

    public init(
        id: IndicatorID, title: LocalizedText, clause: String? = nil, weight: Points,
        children: [Indicator] = [], rule: RuleReference? = nil, params: ParameterMap = [:],
        documents: [String] = [], limits: RuleLimits = RuleLimits(),
        applicability: Applicability = .applicable, location: SourceLocation? = nil,
        weightLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.clause = clause
        self.weight = weight
        self.children = children
        self.rule = rule
        self.params = params
        self.documents = documents
        self.limits = limits
        self.applicability = applicability
        self.location = location
        self.weightLocation = weightLocation
    }

    public var isLeaf: Bool { children.isEmpty }

    /// This indicator and all its descendants, depth first, in document order.
    public var subtree: [Indicator] {
        [self] + children.flatMap(\.subtree)
    }

    /// The leaves under this indicator (itself if it is a leaf), in document order.
    public var leaves: [Indicator] {
        isLeaf ? [self] : children.flatMap(\.leaves)
    }
}
