import Foundation

/// A certification scheme as data: parts and their indicator trees, scoring bands,
/// grade scales, policies, the document-type vocabulary and default rule limits.
public struct Rubric: Sendable, Hashable {
    public var scheme: SchemeInfo
    /// Rubric-wide default limits for every rule.
    public var limits: RuleLimits
    public var policies: Policies
    public var documentTypes: [DocumentType]
    /// What makes an evidence document hollow; `nil` when the rubric says nothing.
    public var substance: SubstancePolicy?
    /// The record tables the rules read, with their columns and header aliases.
    public var recordTables: [RecordTableDeclaration] = []
    /// The scoring bands, from the lowest to the highest.
    public var bands: [Band]
    public var gradeScales: [GradeScale]
    public var overall: OverallResult
    public var parts: [Part]

    public init(
        scheme: SchemeInfo, limits: RuleLimits = RuleLimits(), policies: Policies = Policies(),
        documentTypes: [DocumentType] = [], bands: [Band] = [], gradeScales: [GradeScale] = [],
        overall: OverallResult, parts: [Part]
    ) {
        self.scheme = scheme
        self.limits = limits
        self.policies = policies
        self.documentTypes = documentTypes
        self.bands = bands
        self.gradeScales = gradeScales
        self.overall = overall
        self.parts = parts
    }

    /// Every leaf, in document order, with limits resolved over the rubric defaults.
    public var leaves: [Leaf] {
        var result: [Leaf] = []
        func walk(_ indicator: Indicator, part: Part, ancestors: [IndicatorID]) {
            if indicator.isLeaf {
                var leaf =
                    Leaf(
                        id: indicator.id, partID: part.id, ancestors: ancestors, title: indicator.title,
                        clause: indicator.clause, weight: indicator.weight, rule: indicator.rule,
                        params: indicator.params, documents: indicator.documents,
                        limits: indicator.limits.over(limits), applicability: indicator.applicability,
                        critical: indicator.critical, location: indicator.location)
                leaf.tables = indicator.tables
                result.append(leaf)
            } else {
                for child in indicator.children {
                    walk(child, part: part, ancestors: ancestors + [indicator.id])
                }
            }
        }
        for part in parts {
            for indicator in part.indicators { walk(indicator, part: part, ancestors: []) }
        }
        return result
    }

    /// Every indicator of every part, depth first, in document order.
    public var allIndicators: [Indicator] {
        parts.flatMap(\.allIndicators)
    }

    /// The indicator with this id, at any depth.
    public func indicator(_ id: IndicatorID) -> Indicator? {
        func find(in indicators: [Indicator]) -> Indicator? {
            for indicator in indicators {
                if indicator.id == id { return indicator }
                if let found = find(in: indicator.children) { return found }
            }
            return nil
        }
        for part in parts {
            if let found = find(in: part.indicators) { return found }
        }
        return nil
    }

    /// The leaf with this id.
    public func leaf(_ id: LeafID) -> Leaf? {
        leaves.first { $0.id == id }
    }

    public func part(_ id: String) -> Part? {
        parts.first { $0.id == id }
    }

    public func gradeScale(_ id: String) -> GradeScale? {
        gradeScales.first { $0.id == id }
    }

    /// The grade scale of the overall result.
    public var overallGradeScale: GradeScale? {
        gradeScale(overall.gradeScaleID)
    }

    public func documentType(_ id: String) -> DocumentType? {
        documentTypes.first { $0.id == id }
    }

    /// The band a fraction in [0, 1] falls in.
    public func band(for fraction: Decimal) -> Band? {
        bands.first { $0.range.contains(fraction) }
    }

    /// The sum of the parts' points: the highest total possible.
    public var maximumTotal: Points {
        parts.map(\.points).sum()
    }
}
