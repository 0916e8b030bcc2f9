import Diagnostics
import Foundation
import YAMLSupport
import Yams

/// Reads a rubric file's YAML into a `Rubric`, reporting every structural problem
/// (unknown keys, missing fields, wrong types, invalid values) through its reader.
///
/// Parsing carries on past problems: an unreadable value is replaced by a placeholder
/// and marked unknown, so that the validator can still check everything else.
struct RubricParser {
    let reader: YAMLReader
    /// The folder that relative paths in the file are relative to.
    let directory: URL

    /// The keys each mapping of the format allows.
    enum Keys {
        static let root = [
            "scheme", "limits", "policies", "document_types", "substance", "bands", "grade_scales", "overall",
            "parts", "record_tables", "document_keywords",
        ]
        static let substance = ["markers", "placeholder_lines", "min_chars"]
        static let scheme = ["id", "version", "title", "spec"]
        static let spec = ["title", "source", "notes"]
        static let limits = ["instructions", "memory_bytes", "timeout_seconds"]
        static let policies = ["part_floor", "not_applicable", "rounding", "scans"]
        static let policy = ["setting", "note"]
        static let roundingPolicy = ["setting", "step", "note"]
        static let documentType = ["id", "label", "description"]
        static let band = ["id", "range", "label", "criteria", "reconstructed", "note"]
        static let criterion = ["zh", "en", "reconstructed"]
        static let gradeScale = ["id", "title", "clause", "grades"]
        static let grade = ["id", "label", "range"]
        static let overall = ["title", "clause", "grade_scale"]
        static let part = ["id", "title", "clause", "points", "grade_scale", "indicators"]
        static let leafOnly = [
            "rule", "params", "documents", "tables", "limits", "applicable", "applicability_note", "critical",
        ]
        static let critical = ["id", "label", "missed_somewhere", "missed_throughout"]
        static let indicator = ["id", "title", "clause", "weight", "indicators"] + leafOnly
    }

    // MARK: Rubric

    func rubric(_ root: Node) -> Rubric? {
        guard
            let fields = reader.mapping(
                root, "the rubric", keys: Keys.root,
                required: ["scheme", "bands", "grade_scales", "overall", "parts"])
        else { return nil }
        let scheme =
            fields["scheme"].flatMap(schemeInfo)
            ?? SchemeInfo(
                id: "", version: "", title: LocalizedText(zh: "", en: ""),
                spec: .init(title: LocalizedText(zh: "", en: "")))
        var rubric = Rubric(scheme: scheme, overall: OverallResult(gradeScaleID: ""), parts: [])
        if let node = fields["limits"] { rubric.limits = limits(node, "the rubric's `limits`") ?? RuleLimits() }
        if let node = fields["policies"] { applyPolicies(node, to: &rubric.policies) }
        if let node = fields["document_types"], let items = reader.sequence(node, "`document_types`") {
            rubric.documentTypes = items.compactMap(documentType)
        }
        if let node = fields["substance"] { rubric.substance = substance(node) }
        if let node = fields["record_tables"] { rubric.recordTables = recordTables(node) }
        if let node = fields["document_keywords"] { applyDocumentKeywords(node, to: &rubric) }
        if let node = fields["bands"], let items = reader.sequence(node, "`bands`") {
            rubric.bands = items.compactMap(band)
        }
        if let node = fields["grade_scales"], let items = reader.sequence(node, "`grade_scales`") {
            rubric.gradeScales = items.compactMap(gradeScale)
        }
        if let node = fields["overall"], let overall = overall(node) { rubric.overall = overall }
        if let node = fields["parts"], let items = reader.sequence(node, "`parts`") {
            rubric.parts = items.compactMap(part)
        }
        return rubric
    }

    /// The `substance` section: placeholder markers and the substantive text per document type.
    func substance(_ node: Node) -> SubstancePolicy? {
        guard let fields = reader.mapping(node, "`substance`", keys: Keys.substance) else { return nil }
        var policy = SubstancePolicy(location: reader.location(node))
        if let node = fields["markers"] { policy.markers = reader.strings(node, "`markers` of `substance`") ?? [] }
        if let node = fields["placeholder_lines"] {
            policy.placeholderLines = reader.strings(node, "`placeholder_lines` of `substance`") ?? []
        }
        if let node = fields["min_chars"], let value = reader.parameter(node, "`min_chars` of `substance`") {
            guard let map = value.mapValue else {
                reader.report(
                    .error, FindingCode.wrongType,
                    "`min_chars` of `substance` must map document type ids (and `default`) to counts", at: node)
                return policy
            }
            for entry in map {
                guard let count = entry.value.intValue, count >= 0 else {
                    reader.report(
                        .error, FindingCode.invalidValue,
                        "`min_chars.\(entry.key)` of `substance` must be a whole number of characters, 0 or more",
                        at: node)
                    continue
                }
                if entry.key == "default" {
                    policy.defaultMinimum = count
                } else {
                    policy.minimumCharacters[entry.key] = count
                }
            }
        }
        return policy
    }

    func schemeInfo(_ node: Node) -> SchemeInfo? {
        guard
            let fields = reader.mapping(
                node, "`scheme`", keys: Keys.scheme,
                required: ["id", "version", "title", "spec"])
        else { return nil }
        var spec = SchemeInfo.Spec(title: LocalizedText(zh: "", en: ""))
        if let specNode = fields["spec"],
            let specFields = reader.mapping(specNode, "`spec` of `scheme`", keys: Keys.spec, required: ["title"])
        {
            if let title = specFields["title"].flatMap({ reader.localized($0, "`title` of `spec`") }) {
                spec.title = title
            }
            spec.source = specFields["source"].flatMap { reader.string($0, "`source` of `spec`") }
            spec.notes = specFields["notes"].flatMap { reader.string($0, "`notes` of `spec`") }
        }
        return SchemeInfo(
            id: fields["id"].flatMap { reader.identifier($0, "`id` of `scheme`") } ?? "",
            version: fields["version"].flatMap { reader.identifier($0, "`version` of `scheme`") } ?? "",
            title: fields["title"].flatMap { reader.localized($0, "`title` of `scheme`") }
                ?? LocalizedText(zh: "", en: ""),
            spec: spec)
    }

    // MARK: Limits and policies

    /// Reads limits; every field optional.
    func limits(_ node: Node, _ what: String) -> RuleLimits? {
        guard let fields = reader.mapping(node, what, keys: Keys.limits) else { return nil }
        var limits = RuleLimits()
        limits.instructions = fields["instructions"].flatMap { reader.positiveInteger($0, "`instructions` of \(what)") }
        limits.memoryBytes = fields["memory_bytes"].flatMap { reader.positiveInteger($0, "`memory_bytes` of \(what)") }
        limits.timeoutSeconds = fields["timeout_seconds"].flatMap {
            reader.positiveDecimal($0, "`timeout_seconds` of \(what)")
        }
        return limits
    }

    /// Sets each policy the node names (the base rubric and overlays alike).
    func applyPolicies(_ node: Node, to policies: inout Policies) {
        guard let fields = reader.mapping(node, "`policies`", keys: Keys.policies) else { return }
        if let node = fields["part_floor"],
            let policy = simplePolicy(node, "part_floor", as: Policies.PartFloor.self, current: policies.partFloor)
        {
            policies.partFloor = policy
        }
        if let node = fields["not_applicable"],
            let policy = simplePolicy(
                node, "not_applicable", as: Policies.NotApplicable.self,
                current: policies.notApplicable)
        {
            policies.notApplicable = policy
        }
        if let node = fields["rounding"] { rounding(node, into: &policies.rounding) }
        if let node = fields["scans"],
            let policy = simplePolicy(node, "scans", as: Policies.Scans.self, current: policies.scans)
        {
            policies.scans = policy
        }
    }

    /// `name: setting` or `name: {setting: …, note: {zh, en}}`.
    private func simplePolicy<Setting: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ node: Node, _ name: String, as type: Setting.Type, current: Policy<Setting>
    ) -> Policy<Setting>? where Setting.RawValue == String {
        let what = "the policy `\(name)`"
        if case .scalar = node {
            guard let setting = reader.setting(node, what, as: type) else { return nil }
            return Policy(setting, note: nil, location: reader.location(node))
        }
        guard let fields = reader.mapping(node, what, keys: Keys.policy, required: ["setting"]),
            let settingNode = fields["setting"],
            let setting = reader.setting(settingNode, "`setting` of \(what)", as: type)
        else { return nil }
        let note = fields["note"].flatMap { reader.localized($0, "`note` of \(what)") }
        return Policy(setting, note: note, location: reader.location(settingNode))
    }

    private func rounding(_ node: Node, into policy: inout Policy<Policies.Rounding>) {
        let what = "the policy `rounding`"
        var rounding = policy.setting
        var settingNode = node
        if case .scalar = node {
            guard let mode = reader.setting(node, what, as: Policies.Rounding.Mode.self) else { return }
            rounding.mode = mode
            policy = Policy(rounding, note: nil, location: reader.location(node))
            return
        }
        guard let fields = reader.mapping(node, what, keys: Keys.roundingPolicy) else { return }
        if let node = fields["setting"] {
            settingNode = node
            if let mode = reader.setting(node, "`setting` of \(what)", as: Policies.Rounding.Mode.self) {
                rounding.mode = mode
            }
        }
        if let node = fields["step"], let step = reader.points(node, "`step` of \(what)") {
            if step > .zero {
                rounding.step = step
            } else {
                reader.report(.error, FindingCode.invalidValue, "`step` of \(what) must be at least 0.01", at: node)
            }
        }
        let note = fields["note"].flatMap { reader.localized($0, "`note` of \(what)") }
        policy = Policy(rounding, note: note ?? policy.note, location: reader.location(settingNode))
    }

    // MARK: Vocabulary, bands, grades

    func documentType(_ node: Node) -> DocumentType? {
        let what = describe(node, "document type")
        guard let fields = reader.mapping(node, what, keys: Keys.documentType, required: ["id", "label"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of \(what)") }),
            let label = fields["label"].flatMap({ reader.localized($0, "`label` of \(what)") })
        else { return nil }
        let description = fields["description"].flatMap { reader.localized($0, "`description` of \(what)") }
        return DocumentType(id: id, label: label, description: description, location: reader.location(node))
    }

    func band(_ node: Node) -> Band? {
        let what = describe(node, "band")
        guard let fields = reader.mapping(node, what, keys: Keys.band, required: ["id", "range", "label"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of \(what)") }),
            let range = fields["range"].flatMap({ reader.interval($0, "`range` of \(what)", percent: true) }),
            let label = fields["label"].flatMap({ reader.localized($0, "`label` of \(what)") })
        else { return nil }
        var band = Band(id: id, range: range, label: label, location: reader.location(node))
        applyBandDetails(fields, what, to: &band)
        return band
    }

    /// The optional details of a band, shared with overlays.
    func applyBandDetails(_ fields: Fields, _ what: String, to band: inout Band) {
        if let node = fields["criteria"], let items = reader.sequence(node, "`criteria` of \(what)") {
            band.criteria = items.compactMap { item in
                let itemWhat = "a criterion of \(what)"
                guard let criterion = reader.mapping(item, itemWhat, keys: Keys.criterion, required: ["zh", "en"]),
                    let zh = criterion["zh"].flatMap({ reader.string($0, "`zh` of \(itemWhat)") }),
                    let en = criterion["en"].flatMap({ reader.string($0, "`en` of \(itemWhat)") })
                else { return nil }
                let reconstructed =
                    criterion["reconstructed"].flatMap {
                        reader.bool($0, "`reconstructed` of \(itemWhat)")
                    } ?? false
                return Band.Criterion(text: LocalizedText(zh: zh, en: en), reconstructed: reconstructed)
            }
        }
        if let node = fields["reconstructed"], let value = reader.bool(node, "`reconstructed` of \(what)") {
            band.reconstructed = value
        }
        if let node = fields["note"] { band.note = reader.string(node, "`note` of \(what)") }
    }

    func gradeScale(_ node: Node) -> GradeScale? {
        let what = describe(node, "grade scale")
        guard let fields = reader.mapping(node, what, keys: Keys.gradeScale, required: ["id", "grades"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of \(what)") })
        else { return nil }
        var scale = GradeScale(id: id, grades: [], location: reader.location(node))
        applyGradeScaleDetails(fields, what, to: &scale)
        return scale
    }

    /// Title, clause and grades of a scale, shared with overlays (grades are replaced as a whole).
    func applyGradeScaleDetails(_ fields: Fields, _ what: String, to scale: inout GradeScale) {
        if let node = fields["title"] { scale.title = reader.localized(node, "`title` of \(what)") }
        if let node = fields["clause"] { scale.clause = reader.string(node, "`clause` of \(what)") }
        if let node = fields["grades"], let items = reader.sequence(node, "`grades` of \(what)") {
            scale.grades = items.compactMap { grade($0, in: what) }
        }
    }

    func grade(_ node: Node, in scale: String) -> Grade? {
        let what = describe(node, "grade") + " of \(scale)"
        guard let fields = reader.mapping(node, what, keys: Keys.grade, required: ["id", "label", "range"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of \(what)") }),
            let label = fields["label"].flatMap({ reader.localized($0, "`label` of \(what)") }),
            let range = fields["range"].flatMap({ reader.interval($0, "`range` of \(what)", percent: false) })
        else { return nil }
        return Grade(id: id, label: label, range: range, location: reader.location(node))
    }

    func overall(_ node: Node) -> OverallResult? {
        guard let fields = reader.mapping(node, "`overall`", keys: Keys.overall, required: ["grade_scale"]) else {
            return nil
        }
        return OverallResult(
            title: fields["title"].flatMap { reader.localized($0, "`title` of `overall`") },
            clause: fields["clause"].flatMap { reader.string($0, "`clause` of `overall`") },
            gradeScaleID: fields["grade_scale"].flatMap { reader.identifier($0, "`grade_scale` of `overall`") } ?? "",
            location: reader.location(fields["grade_scale"] ?? node))
    }

    // MARK: Parts and indicators

    func part(_ node: Node) -> Part? {
        let what = describe(node, "part")
        guard
            let fields = reader.mapping(
                node, what, keys: Keys.part,
                required: ["id", "title", "points", "grade_scale", "indicators"])
        else { return nil }
        let pointsNode = fields["points"]
        let points = pointsNode.flatMap { reader.points($0, "`points` of \(what)") }
        var part = Part(
            id: fields["id"].flatMap { reader.identifier($0, "`id` of \(what)") } ?? "",
            title: fields["title"].flatMap { reader.localized($0, "`title` of \(what)") }
                ?? LocalizedText(zh: "", en: ""),
            clause: fields["clause"].flatMap { reader.string($0, "`clause` of \(what)") },
            points: points ?? .zero,
            gradeScaleID: fields["grade_scale"].flatMap { reader.identifier($0, "`grade_scale` of \(what)") } ?? "",
            indicators: [],
            location: reader.location(node),
            pointsLocation: reader.location(pointsNode ?? node))
        part.isPointsUnknown = points == nil
        if let node = fields["indicators"], let items = reader.sequence(node, "`indicators` of \(what)") {
            part.indicators = items.compactMap { indicator($0) }
        }
        return part
    }

    /// An indicator and its children. `extraKeys` are keys the caller reads itself
    /// (an overlay's `part` and `parent`).
    func indicator(_ node: Node, extraKeys: [String] = []) -> Indicator? {
        let what = describe(node, "indicator")
        guard
            let fields = reader.mapping(
                node, what, keys: Keys.indicator + extraKeys,
                required: ["id", "title", "weight"])
        else { return nil }
        let weightNode = fields["weight"]
        let weight = weightNode.flatMap { reader.points($0, "`weight` of \(what)") }
        var indicator = Indicator(
            id: IndicatorID(fields["id"].flatMap { reader.identifier($0, "`id` of \(what)") } ?? ""),
            title: fields["title"].flatMap { reader.localized($0, "`title` of \(what)") }
                ?? LocalizedText(zh: "", en: ""),
            weight: weight ?? .zero,
            location: reader.location(node),
            weightLocation: reader.location(weightNode ?? node))
        indicator.isWeightUnknown = weight == nil
        if let node = fields["clause"] { indicator.clause = reader.string(node, "`clause` of \(what)") }
        if let node = fields["indicators"], let items = reader.sequence(node, "`indicators` of \(what)") {
            indicator.children = items.compactMap { self.indicator($0) }
            if items.isEmpty {
                reader.report(
                    .error, FindingCode.invalidValue,
                    "`indicators` of \(what) is empty; leave the key out for a leaf", at: node)
            }
            for key in Keys.leafOnly {
                if let keyNode = fields.keyNode(key) {
                    reader.report(
                        .error, FindingCode.leafOnlyKey,
                        "`\(key)` is allowed only on a leaf, but \(what) has `indicators`", at: keyNode)
                }
            }
        } else {
            applyLeafFields(fields, what, to: &indicator)
        }
        return indicator
    }

    /// The leaf-only fields: rule, params, documents, tables, limits, applicability. Shared with
    /// overlays, where params and limits merge key by key and the others replace.
    func applyLeafFields(_ fields: Fields, _ what: String, to indicator: inout Indicator) {
        if let node = fields["rule"] {
            if reader.isNull(node) {
                indicator.rule = nil
            } else if let path = reader.identifier(node, "`rule` of \(what)") {
                indicator.rule = RuleReference(
                    path: path, url: directory.appendingPathComponent(path).standardizedFileURL,
                    location: reader.location(node))
            }
        }
        if let node = fields["params"], let value = reader.parameter(node, "`params` of \(what)") {
            if let map = value.mapValue {
                indicator.params = indicator.params.merging(map)
            } else if value != .null {
                reader.report(
                    .error, FindingCode.wrongType, "`params` of \(what) must be a mapping of names to values",
                    at: node)
            }
        }
        if let node = fields["documents"], let documents = reader.strings(node, "`documents` of \(what)") {
            indicator.documents = documents
            indicator.documentLocations = documentLocations(node)
        }
        if let node = fields["tables"], let tables = reader.strings(node, "`tables` of \(what)") {
            indicator.tables = tables
            indicator.tableLocations = documentLocations(node)
        }
        if let node = fields["limits"], let limits = limits(node, "`limits` of \(what)") {
            indicator.limits = RuleLimits(
                instructions: limits.instructions ?? indicator.limits.instructions,
                memoryBytes: limits.memoryBytes ?? indicator.limits.memoryBytes,
                timeoutSeconds: limits.timeoutSeconds ?? indicator.limits.timeoutSeconds)
        }
        if let node = fields["critical"], let items = reader.sequence(node, "`critical` of \(what)") {
            indicator.critical = items.compactMap { criticalDemand($0, of: what) }
        }
        let note = fields["applicability_note"].flatMap { reader.string($0, "`applicability_note` of \(what)") }
        if let node = fields["applicable"], let applicable = reader.bool(node, "`applicable` of \(what)") {
            indicator.applicability = applicable ? .applicable : .notApplicable(reason: note)
        } else if let note, case .notApplicable = indicator.applicability {
            indicator.applicability = .notApplicable(reason: note)
        }
    }

    /// One entry of a leaf's `critical` list.
    func criticalDemand(_ node: Node, of leaf: String) -> CriticalDemand? {
        let what = describe(node, "critical demand") + " of \(leaf)"
        guard
            let fields = reader.mapping(
                node, what, keys: Keys.critical, required: ["id", "label", "missed_somewhere", "missed_throughout"]),
            let id = fields["id"].flatMap({ reader.identifier($0, "`id` of \(what)") }),
            let label = fields["label"].flatMap({ reader.localized($0, "`label` of \(what)") }),
            let somewhere = fields["missed_somewhere"].flatMap({
                reader.identifier($0, "`missed_somewhere` of \(what)")
            }),
            let throughout = fields["missed_throughout"].flatMap({
                reader.identifier($0, "`missed_throughout` of \(what)")
            })
        else { return nil }
        return CriticalDemand(
            id: id, label: label, missedSomewhere: somewhere, missedThroughout: throughout,
            location: reader.location(node))
    }

    private func documentLocations(_ node: Node) -> [SourceLocation] {
        guard case .sequence(let sequence) = node else { return [] }
        return sequence.map { reader.location($0) }
    }

    /// `indicator 4.1` when the mapping's id can be read, else `an indicator`.
    func describe(_ node: Node, _ kind: String) -> String {
        if case .mapping(let mapping) = node, let id = mapping["id"]?.scalar?.string {
            return "\(kind) \(id)"
        }
        return ("aeiou".contains(kind.first ?? "x") ? "an " : "a ") + kind
    }
}
