import Engine
import Evidence
import Foundation
import Scheme
import Scoring

/// The assessment as OSCAL assessment results (`rubric assess --format oscal`,
/// OSCAL 1.1.2 JSON), documented in docs/oscal.md.
///
/// One result holds one observation per rule run (method `TEST`, the rule's
/// findings as its description, the evidence its findings cite as relevant
/// evidence with their SHA-256), one finding per leaf (its status as the
/// target's state, and the score, weight, band and status as props in the
/// ``namespace``), and one risk per non-conformity. A leaf the auditor
/// overrode has the auditor as its origin and remarks that keep the rule's
/// own value. Every id is a version-5 UUID (``UUIDv5``) of the report's
/// identity and the object's name, so the same inputs give the same document.
public enum OSCALReport {
    /// The namespace of the props this tool defines.
    public static let namespace = "urn:rubric:oscal"
    /// The OSCAL version the document follows.
    public static let oscalVersion = "1.1.2"

    /// The report of `context` as OSCAL JSON, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        document(ReportModel(context), manifest: context.bundle.manifest).text
    }

    /// The document as a JSON value.
    public static func document(_ report: ReportModel, manifest: BundleManifest) -> JSONValue {
        OSCALDocument(report: report, manifest: manifest).value
    }
}

/// The building of one OSCAL document: the ids and the pieces.
struct OSCALDocument {
    let report: ReportModel
    let manifest: BundleManifest
    /// The namespace of every id of this document.
    let root: UUIDv5
    let facts: ReportModel.Facts

    init(report: ReportModel, manifest: BundleManifest) {
        self.report = report
        self.manifest = manifest
        facts = report.facts
        let identity = [
            facts.scheme.id, facts.scheme.version, facts.rubricSHA256, facts.organization.creditCode,
            facts.manifestSHA256 ?? "", facts.zipSHA256 ?? "", facts.asOf.description, facts.generatedAt,
        ].joined(separator: "\n")
        root = UUIDv5(namespace: UUIDv5(namespace: .url, name: OSCALReport.namespace), name: identity)
    }

    /// The id of the object called `name` in this document.
    func id(_ name: String) -> JSONValue {
        .string(UUIDv5(namespace: root, name: name).description)
    }

    var value: JSONValue {
        var results: [(String, JSONValue)] = [
            ("uuid", id("result")),
            ("title", .string("\(facts.scheme.id) \(facts.scheme.version): \(facts.organization.name)")),
            ("description", .string(bilingual(facts.scheme.title) + " — " + facts.organization.name)),
            ("start", .string(facts.generatedAt)),
            ("end", .string(facts.generatedAt)),
            ("props", .array(resultProps)),
            (
                "local-definitions",
                .object([
                    (
                        "components",
                        .array([
                            .object([
                                ("uuid", id("component:rubric")),
                                ("type", .string("software")),
                                ("title", .string("rubric \(facts.engineVersion)")),
                                (
                                    "description",
                                    .string("The rubric engine: every indicator a sandboxed Lua rule.")
                                ),
                                ("status", .object([("state", .string("operational"))])),
                            ])
                        ])
                    )
                ])
            ),
            ("reviewed-controls", .object([("control-selections", .array([.object([("include-all", .object([]))])]))])),
        ]
        let observations = report.leaves.compactMap(observation)
        if !observations.isEmpty { results.append(("observations", .array(observations))) }
        let risks = report.leaves.flatMap(risks)
        if !risks.isEmpty { results.append(("risks", .array(risks))) }
        if !report.leaves.isEmpty { results.append(("findings", .array(report.leaves.map(finding)))) }
        return .object([
            (
                "assessment-results",
                .object([
                    ("uuid", id("assessment-results")),
                    ("metadata", metadata),
                    (
                        "import-ap",
                        .object([
                            ("href", .string("#" + uuidText("resource:rubric"))),
                            (
                                "remarks",
                                .string(
                                    "No separate assessment plan: the rubric \(facts.scheme.id) \(facts.scheme.version) "
                                        + "and its overlays (back matter) are the plan.")
                            ),
                        ])
                    ),
                    ("results", .array([.object(results)])),
                    ("back-matter", .object([("resources", .array(resources))])),
                ])
            )
        ])
    }

    func uuidText(_ name: String) -> String {
        UUIDv5(namespace: root, name: name).description
    }

    // MARK: - Metadata and back matter

    var metadata: JSONValue {
        var parties: [JSONValue] = [
            .object([
                ("uuid", id("party:organization")),
                ("type", .string("organization")),
                ("name", .string(facts.organization.name)),
                ("props", .array([prop("credit-code", facts.organization.creditCode)])),
            ])
        ]
        for auditor in auditors {
            parties.append(
                .object([
                    ("uuid", id("party:auditor:\(auditor)")), ("type", .string("person")), ("name", .string(auditor)),
                ]))
        }
        return .object([
            ("title", .string("评估结果 Assessment results: \(bilingual(facts.scheme.title)), \(facts.organization.name)")),
            ("last-modified", .string(facts.generatedAt)),
            ("version", .string("\(facts.scheme.id) \(facts.scheme.version)")),
            ("oscal-version", .string(OSCALReport.oscalVersion)),
            ("parties", .array(parties)),
        ])
    }

    /// The auditors of the overrides, each once, in order.
    var auditors: [String] {
        var seen: Set<String> = []
        return report.overrides.map(\.override.auditor).filter { seen.insert($0).inserted }
    }

    var resultProps: [JSONValue] {
        let scorecard = report.scorecard
        var props = [
            prop("as-of", facts.asOf.description),
            prop("audit-period-from", facts.assessment.auditPeriod.from.description),
            prop("audit-period-to", facts.assessment.auditPeriod.to.description),
            prop("status", scorecard.status.rawValue),
            prop("total", scorecard.total.description),
            prop("max", scorecard.maximum.description),
            prop("provisional", report.isProvisional ? "true" : "false"),
            prop("rubric-sha256", facts.rubricSHA256),
        ]
        if let grade = scorecard.grade { props.append(prop("grade", grade.id)) }
        return props
    }

    /// The rubric, its overlays, the rule files and the bundle's files, each with its SHA-256.
    var resources: [JSONValue] {
        var resources = [
            resource(
                "resource:rubric", title: "\(facts.scheme.id) \(facts.scheme.version) rubric.yaml",
                href: "rubric.yaml", sha256: facts.rubricSHA256)
        ]
        for overlay in facts.overlays {
            resources.append(
                resource(
                    "resource:overlay:\(overlay.relativePath)", title: "overlay \(overlay.id)",
                    href: overlay.relativePath, sha256: overlay.sha256))
        }
        var rules: Set<String> = []
        for leaf in report.leaves {
            guard let rule = leaf.ruleFile, rules.insert(rule.path).inserted else { continue }
            resources.append(
                resource("resource:rule:\(rule.path)", title: "rule \(rule.path)", href: rule.path, sha256: rule.sha256)
            )
        }
        for file in report.evidence {
            resources.append(
                resource("resource:file:\(file.path)", title: title(of: file), href: file.path, sha256: file.sha256))
        }
        return resources
    }

    func resource(_ name: String, title: String, href: String, sha256: String?) -> JSONValue {
        var link: [(String, JSONValue)] = [("href", .string(Self.uriReference(href)))]
        if let sha256 {
            link.append(("hashes", .array([.object([("algorithm", .string("SHA-256")), ("value", .string(sha256))])])))
        }
        var members: [(String, JSONValue)] = [("uuid", id(name)), ("title", .string(title))]
        members.append(("rlinks", .array([.object(link)])))
        if sha256 == nil { members.append(("remarks", .string("The file is missing from the bundle."))) }
        return .object(members)
    }

    func title(of file: BundleFile) -> String {
        switch file.role {
        case .manifest: return "manifest \(file.path)"
        case .document(let id):
            let title = manifest.documents.first { $0.id == id }?.title ?? ""
            return title.isEmpty ? "document \(id)" : "document \(id): \(title)"
        case .records(let name):
            let title = manifest.records.first { $0.name == name }?.title ?? ""
            return title.isEmpty ? "records \(name)" : "records \(name): \(title)"
        }
    }

    /// A relative path as a URI reference: every byte outside the unreserved
    /// characters and `/` percent-encoded.
    static func uriReference(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    // MARK: - Observations, findings, risks

    /// The observation of a leaf's rule run; nil for a leaf without a rule.
    func observation(_ leaf: ReportModel.Leaf) -> JSONValue? {
        guard let rule = leaf.ruleFile else { return nil }
        let result = leaf.result
        var lines = [result.summary ?? "", result.reason ?? ""].filter { !$0.isEmpty }
        lines += result.findings.map { "\($0.level.rawValue): \($0.message)" }
        if let error = result.error { lines.append("error: \(error.kind): \(error.message)") }
        var props = [prop("leaf", leaf.id.rawValue), prop("rule-status", result.rule.status.rawValue)]
        if let sha256 = rule.sha256 { props.append(prop("rule-sha256", sha256)) }
        if let fraction = result.rule.fraction {
            props.append(prop("rule-fraction", ReportContext.fractionText(fraction)))
        }
        var members: [(String, JSONValue)] = [
            ("uuid", id("observation:\(leaf.id.rawValue)")),
            ("title", .string("\(leaf.id.rawValue) rule \(rule.path)")),
            (
                "description",
                .string(lines.isEmpty ? "The rule ran and said nothing more." : lines.joined(separator: "\n"))
            ),
            ("props", .array(props)),
            ("methods", .array([.string("TEST")])),
            ("origins", .array([toolOrigin])),
        ]
        let evidence = relevantEvidence(leaf)
        if !evidence.isEmpty { members.append(("relevant-evidence", .array(evidence))) }
        members.append(("collected", .string(facts.generatedAt)))
        return .object(members)
    }

    /// The bundle files the leaf's findings cite, each once, in order.
    func relevantEvidence(_ leaf: ReportModel.Leaf) -> [JSONValue] {
        var seen: Set<String> = []
        var evidence: [JSONValue] = []
        for reference in leaf.result.findings.flatMap(\.references) {
            guard let file = file(of: reference), seen.insert(file.path).inserted else { continue }
            var props = [prop("path", file.path)]
            if let sha256 = file.sha256 { props.append(prop("sha256", sha256)) }
            evidence.append(
                .object([
                    ("href", .string("#" + uuidText("resource:file:\(file.path)"))),
                    ("description", .string(title(of: file))),
                    ("props", .array(props)),
                ]))
        }
        return evidence
    }

    func file(of reference: EvidenceReference) -> BundleFile? {
        report.evidence.first { file in
            switch (reference, file.role) {
            case (.document(let id), .document(let fileID)): id == fileID
            case (.record(let name, _), .records(let fileName)): name == fileName
            default: false
            }
        }
    }

    var toolOrigin: JSONValue {
        .object([("actors", .array([.object([("type", .string("tool")), ("actor-uuid", id("component:rubric"))])]))])
    }

    func nonconformities(_ leaf: ReportModel.Leaf) -> [AuditFinding] {
        leaf.result.findings.filter { $0.level == .nonconformity }
    }

    func finding(_ leaf: ReportModel.Leaf) -> JSONValue {
        let result = leaf.result
        let leafID = leaf.id.rawValue
        // The auditor's value decides an overridden leaf; the rule's findings stay as risks.
        let nonconforming = leaf.override == nil && !nonconformities(leaf).isEmpty
        let failed = nonconforming || result.isOpen || (result.status == .scored && result.fraction == 0)
        let reason = result.isOpen ? "other" : (failed ? "fail" : "pass")
        var props = [
            prop("leaf", leafID), prop("status", result.status.rawValue), prop("weight", leaf.weight.description),
        ]
        if let points = result.points { props.append(prop("score", points.description)) }
        if let fraction = result.fraction { props.append(prop("fraction", ReportContext.fractionText(fraction))) }
        if let band = result.band { props.append(prop("band", band.id)) }
        var members: [(String, JSONValue)] = [
            ("uuid", id("finding:\(leafID)")),
            ("title", .string("\(leafID) \(bilingual(leaf.title))")),
            (
                "description",
                .string(
                    [result.summary, result.reason].compactMap { $0 }.first { !$0.isEmpty }
                        ?? "\(leafID): \(result.status.rawValue)")
            ),
            ("props", .array(props)),
        ]
        if let override = leaf.override {
            members.append(
                (
                    "origins",
                    .array([
                        .object([
                            (
                                "actors",
                                .array([
                                    .object([
                                        ("type", .string("party")),
                                        ("actor-uuid", id("party:auditor:\(override.auditor)")),
                                    ])
                                ])
                            )
                        ])
                    ])
                ))
        } else {
            members.append(("origins", .array([toolOrigin])))
        }
        members.append(
            (
                "target",
                .object([
                    ("type", .string("objective-id")),
                    ("target-id", .string("leaf-\(leafID)")),
                    (
                        "status",
                        .object([
                            ("state", .string(failed ? "not-satisfied" : "satisfied")), ("reason", .string(reason)),
                        ])
                    ),
                ])
            ))
        if leaf.ruleFile != nil {
            members.append(
                ("related-observations", .array([.object([("observation-uuid", id("observation:\(leafID)"))])])))
        }
        let risks = nonconformities(leaf).indices.map { index in
            JSONValue.object([("risk-uuid", id("risk:\(leafID):\(index)"))])
        }
        if !risks.isEmpty { members.append(("related-risks", .array(risks))) }
        if let override = leaf.override { members.append(("remarks", .string(remarks(override, rule: result.rule)))) }
        return .object(members)
    }

    /// What the auditor set, why, and the rule's own value.
    func remarks(_ override: LeafOverride, rule: LeafResult.RuleValue) -> String {
        let value: String
        switch override.setting {
        case .fraction(let fraction): value = "fraction \(ReportContext.fractionText(fraction))"
        case .band(let id, let fraction): value = "band \(id) (fraction \(ReportContext.fractionText(fraction)))"
        case .notApplicable: value = "not applicable"
        }
        var ruleValue = "status \(rule.status.rawValue)"
        if let fraction = rule.fraction { ruleValue += ", fraction \(ReportContext.fractionText(fraction))" }
        if let points = rule.points { ruleValue += ", points \(points)" }
        return "Overridden by the auditor \(override.auditor) on \(override.date): \(value); justification: "
            + "\(override.justification); the rule's own value: \(ruleValue)."
    }

    func risks(_ leaf: ReportModel.Leaf) -> [JSONValue] {
        let leafID = leaf.id.rawValue
        return nonconformities(leaf).enumerated().map { index, finding in
            let evidence = finding.references.compactMap(file(of:)).map(\.path)
            var statement = "\(leafID) \(bilingual(leaf.title)): \(finding.message)"
            if !evidence.isEmpty { statement += "\nEvidence: " + evidence.joined(separator: ", ") }
            var props = [prop("leaf", leafID)]
            if leaf.override != nil { props.append(prop("overridden", "true")) }
            var members: [(String, JSONValue)] = [
                ("uuid", id("risk:\(leafID):\(index)")),
                ("title", .string("\(leafID) 不符合 nonconformity \(index + 1)")),
                ("description", .string(finding.message)),
                ("statement", .string(statement)),
                ("props", .array(props)),
                ("status", .string("open")),
                ("origins", .array([toolOrigin])),
            ]
            if leaf.ruleFile != nil {
                members.append(
                    ("related-observations", .array([.object([("observation-uuid", id("observation:\(leafID)"))])])))
            }
            return .object(members)
        }
    }

    // MARK: - Small pieces

    /// A prop in the tool's namespace; a value OSCAL cannot hold (empty, or
    /// with space at either end) is trimmed, and an empty one written as `-`.
    func prop(_ name: String, _ value: String) -> JSONValue {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return .object([
            ("name", .string(name)), ("ns", .string(OSCALReport.namespace)),
            ("value", .string(trimmed.isEmpty ? "-" : trimmed)),
        ])
    }

    /// `中文 / English`, or the one that is there.
    func bilingual(_ text: LocalizedText) -> String {
        [text.zh, text.en].filter { !$0.isEmpty }.joined(separator: " / ")
    }
}
