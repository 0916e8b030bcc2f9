import Diagnostics
import Foundation
import YAMLSupport
import Yams

/// Reads an overlay file and applies its changes to a rubric, reporting every problem
/// (unknown keys, entries that name nothing) through its reader.
///
/// Within one overlay the sections apply in this order: `limits`, `policies`,
/// `document_types`, `bands`, `grade_scales`, `parts`, `add_indicators`, `indicators`
/// (so that `indicators` can also change an indicator the same overlay adds).
struct OverlayApplier {
    let reader: YAMLReader
    /// The overlay's folder, which the paths it gives are relative to.
    let directory: URL
    var parser: RubricParser { RubricParser(reader: reader, directory: directory) }

    enum Keys {
        static let root = [
            "overlay", "limits", "policies", "document_types", "bands", "grade_scales", "parts",
            "add_indicators", "indicators", "record_tables", "document_keywords",
        ]
        static let header = ["id", "title", "scheme", "description"]
        static let band = ["range", "label", "criteria", "reconstructed", "note"]
        static let gradeScale = ["title", "clause", "grades"]
        static let part = ["title", "clause", "points", "grade_scale"]
        static let indicator = ["title", "clause", "weight"] + RubricParser.Keys.leafOnly
        static let placement = ["part", "parent"]
    }

    /// The overlay's `overlay:` header.
    struct Header {
        var id: String
        var title: LocalizedText?
        var description: String?
    }

    /// Applies the overlay in `root` to `rubric`; returns its header (`nil` if unreadable).
    func apply(_ root: Node, to rubric: inout Rubric) -> Header? {
        guard let fields = reader.mapping(root, "the overlay", keys: Keys.root, required: ["overlay"]) else {
            return nil
        }
        var header: Header?
        if let node = fields["overlay"] { header = self.header(node, scheme: rubric.scheme.id) }
        if let node = fields["limits"], let limits = parser.limits(node, "the overlay's `limits`") {
            rubric.limits = limits.over(rubric.limits)
        }
        if let node = fields["policies"] { parser.applyPolicies(node, to: &rubric.policies) }
        if let node = fields["document_types"], let items = reader.sequence(node, "`document_types`") {
            for documentType in items.compactMap(parser.documentType) {
                if let index = rubric.documentTypes.firstIndex(where: { $0.id == documentType.id }) {
                    rubric.documentTypes[index] = documentType
                } else {
                    rubric.documentTypes.append(documentType)
                }
            }
        }
        if let node = fields["record_tables"] {
            // A table the rubric declares gets the overlay's columns and aliases added; a new one is added.
            for table in parser.recordTables(node) {
                if let index = rubric.recordTables.firstIndex(where: { $0.name == table.name }) {
                    rubric.recordTables[index] = rubric.recordTables[index].extended(by: table)
                } else {
                    rubric.recordTables.append(table)
                }
            }
        }
        if let node = fields["document_keywords"] { parser.applyDocumentKeywords(node, to: &rubric) }
        if let node = fields["bands"] { applyBands(node, to: &rubric) }
        if let node = fields["grade_scales"] { applyGradeScales(node, to: &rubric) }
        if let node = fields["parts"] { applyParts(node, to: &rubric) }
        if let node = fields["add_indicators"] { addIndicators(node, to: &rubric) }
        if let node = fields["indicators"] { applyIndicators(node, to: &rubric) }
        return header
    }

    private func header(_ node: Node, scheme: String) -> Header? {
        guard let fields = reader.mapping(node, "`overlay`", keys: Keys.header, required: ["id", "scheme"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of `overlay`") })
        else { return nil }
        if let schemeNode = fields["scheme"], let target = reader.identifier(schemeNode, "`scheme` of `overlay`"),
            target != scheme
        {
            reader.report(
                .error, FindingCode.schemeMismatch,
                "the overlay is written for scheme `\(target)`, but the rubric is scheme `\(scheme)`",
                at: schemeNode)
        }
        return Header(
            id: id,
            title: fields["title"].flatMap { reader.localized($0, "`title` of `overlay`") },
            description: fields["description"].flatMap { reader.string($0, "`description` of `overlay`") })
    }

    /// The entries of a mapping keyed by id: `(id, key node, value node)`.
    private func entries(_ node: Node, _ what: String) -> [(String, Node, Node)] {
        guard case .mapping(let mapping) = node else {
            reader.report(
                .error, FindingCode.wrongType,
                "\(what) must be a mapping of ids to changes, not \(reader.kind(node))", at: node)
            return []
        }
        return mapping.compactMap { key, value in
            guard let id = reader.identifier(key, "an id in \(what)") else { return nil }
            return (id, key, value)
        }
    }

    private func unknown(
        _ kind: String, _ id: String, among ids: [String], at node: Node,
        code: String = FindingCode.unknownReference
    ) {
        reader.report(
            .error, code,
            "the overlay changes \(kind) `\(id)`, but the rubric has no such \(kind)"
                + Suggestion.didYouMean(id, among: ids), at: node)
    }

    private func applyBands(_ node: Node, to rubric: inout Rubric) {
        for (id, keyNode, value) in entries(node, "`bands`") {
            guard let index = rubric.bands.firstIndex(where: { $0.id == id }) else {
                unknown("band", id, among: rubric.bands.map(\.id), at: keyNode)
                continue
            }
            let what = "band \(id)"
            guard let fields = reader.mapping(value, what, keys: Keys.band) else { continue }
            if let node = fields["range"], let range = reader.interval(node, "`range` of \(what)", percent: true) {
                rubric.bands[index].range = range
                rubric.bands[index].location = reader.location(node)
            }
            if let node = fields["label"], let label = reader.localized(node, "`label` of \(what)") {
                rubric.bands[index].label = label
            }
            parser.applyBandDetails(fields, what, to: &rubric.bands[index])
        }
    }

    private func applyGradeScales(_ node: Node, to rubric: inout Rubric) {
        for (id, keyNode, value) in entries(node, "`grade_scales`") {
            guard let index = rubric.gradeScales.firstIndex(where: { $0.id == id }) else {
                unknown("grade scale", id, among: rubric.gradeScales.map(\.id), at: keyNode)
                continue
            }
            let what = "grade scale \(id)"
            guard let fields = reader.mapping(value, what, keys: Keys.gradeScale) else { continue }
            parser.applyGradeScaleDetails(fields, what, to: &rubric.gradeScales[index])
        }
    }

    private func applyParts(_ node: Node, to rubric: inout Rubric) {
        for (id, keyNode, value) in entries(node, "`parts`") {
            guard let index = rubric.parts.firstIndex(where: { $0.id == id }) else {
                unknown("part", id, among: rubric.parts.map(\.id), at: keyNode)
                continue
            }
            let what = "part \(id)"
            guard let fields = reader.mapping(value, what, keys: Keys.part) else { continue }
            if let node = fields["title"], let title = reader.localized(node, "`title` of \(what)") {
                rubric.parts[index].title = title
            }
            if let node = fields["clause"] { rubric.parts[index].clause = reader.string(node, "`clause` of \(what)") }
            if let node = fields["points"], let points = reader.points(node, "`points` of \(what)") {
                rubric.parts[index].points = points
                rubric.parts[index].pointsLocation = reader.location(node)
            }
            if let node = fields["grade_scale"], let scale = reader.identifier(node, "`grade_scale` of \(what)") {
                rubric.parts[index].gradeScaleID = scale
            }
        }
    }

    private func addIndicators(_ node: Node, to rubric: inout Rubric) {
        guard let items = reader.sequence(node, "`add_indicators`") else { return }
        for item in items {
            guard let indicator = parser.indicator(item, extraKeys: Keys.placement),
                case .mapping(let mapping) = item
            else { continue }
            let partNode = mapping["part"]
            let parentNode = mapping["parent"]
            switch (partNode, parentNode) {
            case (let partNode?, nil):
                guard let partID = reader.identifier(partNode, "`part` of indicator \(indicator.id)") else { continue }
                guard let index = rubric.parts.firstIndex(where: { $0.id == partID }) else {
                    reader.report(
                        .error, FindingCode.unknownReference,
                        "indicator \(indicator.id) is added to part `\(partID)`, but the rubric has no such part"
                            + Suggestion.didYouMean(partID, among: rubric.parts.map(\.id)), at: partNode)
                    continue
                }
                rubric.parts[index].indicators.append(indicator)
            case (nil, let parentNode?):
                guard let parentID = reader.identifier(parentNode, "`parent` of indicator \(indicator.id)") else {
                    continue
                }
                let found = rubric.modifyIndicator(IndicatorID(parentID)) { parent in
                    if parent.isLeaf { dropLeafData(of: &parent, at: parentNode) }
                    parent.children.append(indicator)
                }
                if !found {
                    reader.report(
                        .error, FindingCode.unknownIndicator,
                        "indicator \(indicator.id) is added under indicator `\(parentID)`, but the rubric has no such indicator"
                            + Suggestion.didYouMean(parentID, among: rubric.allIndicators.map(\.id.rawValue)),
                        at: parentNode)
                }
            default:
                reader.report(
                    .error, FindingCode.missingField,
                    "added indicator \(indicator.id) needs exactly one of `part` (a part id) or `parent` (an indicator id)",
                    at: item)
            }
        }
    }

    /// A leaf that gains children becomes an aggregate: what only a leaf can have goes.
    private func dropLeafData(of indicator: inout Indicator, at node: Node) {
        let had = [
            indicator.rule != nil ? "rule" : nil, indicator.params.isEmpty ? nil : "params",
            indicator.documents.isEmpty ? nil : "documents", indicator.tables.isEmpty ? nil : "tables",
            indicator.limits.isEmpty ? nil : "limits",
            indicator.applicability.isApplicable ? nil : "applicable",
            indicator.critical.isEmpty ? nil : "critical",
        ].compactMap { $0 }
        guard !had.isEmpty else { return }
        reader.report(
            .warning, FindingCode.leafOnlyKey,
            "indicator \(indicator.id) becomes an aggregate, so its "
                + had.map { "`\($0)`" }.joined(separator: ", ") + " no longer apply", at: node)
        indicator.rule = nil
        indicator.params = ParameterMap()
        indicator.documents = []
        indicator.documentLocations = []
        indicator.tables = []
        indicator.tableLocations = []
        indicator.limits = RuleLimits()
        indicator.applicability = .applicable
        indicator.critical = []
    }

    private func applyIndicators(_ node: Node, to rubric: inout Rubric) {
        for (id, keyNode, value) in entries(node, "`indicators`") {
            let what = "indicator \(id)"
            guard let current = rubric.indicator(IndicatorID(id)) else {
                unknown(
                    "indicator", id, among: rubric.allIndicators.map(\.id.rawValue), at: keyNode,
                    code: FindingCode.unknownIndicator)
                continue
            }
            guard let fields = reader.mapping(value, what, keys: Keys.indicator) else { continue }
            var changed = current
            if let node = fields["title"], let title = reader.localized(node, "`title` of \(what)") {
                changed.title = title
            }
            if let node = fields["clause"] { changed.clause = reader.string(node, "`clause` of \(what)") }
            if let node = fields["weight"], let weight = reader.points(node, "`weight` of \(what)") {
                changed.weight = weight
                changed.weightLocation = reader.location(node)
                changed.isWeightUnknown = false
            }
            if current.isLeaf {
                parser.applyLeafFields(fields, what, to: &changed)
            } else {
                for key in RubricParser.Keys.leafOnly {
                    if let keyNode = fields.keyNode(key) {
                        reader.report(
                            .error, FindingCode.leafOnlyKey,
                            "`\(key)` is allowed only on a leaf, but \(what) has indicators under it",
                            at: keyNode)
                    }
                }
            }
            _ = rubric.modifyIndicator(current.id) { $0 = changed }
        }
    }
}

extension Rubric {
    /// Changes the first indicator with this id, at any depth; `false` if there is none.
    mutating func modifyIndicator(_ id: IndicatorID, _ change: (inout Indicator) -> Void) -> Bool {
        func visit(_ indicators: inout [Indicator]) -> Bool {
            for index in indicators.indices {
                if indicators[index].id == id {
                    change(&indicators[index])
                    return true
                }
                if visit(&indicators[index].children) { return true }
            }
            return false
        }
        for index in parts.indices where visit(&parts[index].indicators) {
            return true
        }
        return false
    }
}
