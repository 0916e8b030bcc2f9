import Foundation
import Reports

/// One assessment as the archive keeps it: the facts that say what was
/// assessed, against what and with what result, read from the JSON report
/// (`rubric.report/2`), and the report text itself, kept byte for byte.
///
/// ```swift
/// let record = try ArchivedAssessment(reportJSON: text, source: "report.json")
/// ```
public struct ArchivedAssessment: Sendable, Hashable {
    /// An overlay applied to the rubric.
    public struct Overlay: Sendable, Hashable {
        public var id: String
        public var sha256: String

        public init(id: String, sha256: String) {
            self.id = id
            self.sha256 = sha256
        }
    }

    /// A file of the evidence bundle (the manifest, documents, records).
    public struct File: Sendable, Hashable {
        public var path: String
        /// Nil when the file was missing.
        public var sha256: String?

        public init(path: String, sha256: String?) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// An auditor override.
    public struct Override: Sendable, Hashable {
        public var leaf: String
        public var auditor: String
        public var date: String
        public var justification: String
        /// The value as the overrides file gave it, as JSON text.
        public var value: String

        public init(leaf: String, auditor: String, date: String, justification: String, value: String) {
            self.leaf = leaf
            self.auditor = auditor
            self.date = date
            self.justification = justification
            self.value = value
        }
    }

    /// One part's points.
    public struct Part: Sendable, Hashable {
        public var id: String
        public var points: String?

        public init(id: String, points: String?) {
            self.id = id
            self.points = points
        }
    }

    /// A finding of a leaf's rule.
    public struct Finding: Sendable, Hashable {
        /// `nonconformity`, `observation` or `ok`.
        public var level: String
        public var message: String

        /// What makes two findings "the same" from one audit to the next: the
        /// level and the message (rules word a finding the same way each time).
        public var key: String { level + ": " + message }

        public init(level: String, message: String) {
            self.level = level
            self.message = message
        }
    }

    /// One leaf's judgement, with what it was judged by.
    public struct Leaf: Sendable, Hashable {
        public var id: String
        public var part: String
        public var weight: String
        /// The rule file's path as the rubric wrote it; nil for a manual leaf.
        public var rulePath: String?
        public var ruleSHA256: String?
        /// The leaf's parameters as JSON text (keys in the rubric's order).
        public var params: String
        public var status: String
        public var fraction: String?
        public var points: String?
        public var band: String?
        public var findings: [Finding]

        public init(
            id: String, part: String, weight: String, rulePath: String?, ruleSHA256: String?, params: String,
            status: String, fraction: String?, points: String?, band: String?, findings: [Finding]
        ) {
            self.id = id
            self.part = part
            self.weight = weight
            self.rulePath = rulePath
            self.ruleSHA256 = ruleSHA256
            self.params = params
            self.status = status
            self.fraction = fraction
            self.points = points
            self.band = band
            self.findings = findings
        }
    }

    /// The organization's unified social credit code: the key of its history.
    public var creditCode: String
    /// The organization's name as of this audit.
    public var organizationName: String
    /// `initial`, `surveillance` or `recertification`.
    public var assessmentType: String
    public var periodFrom: String
    public var periodTo: String
    public var asOf: String
    public var rubricID: String
    public var rubricVersion: String
    public var rubricSHA256: String
    public var overlays: [Overlay]
    public var manifestSHA256: String?
    public var zipSHA256: String?
    public var files: [File]
    public var overrides: [Override]
    /// `complete` or `incomplete`.
    public var status: String
    public var total: String
    /// The overall grade's id; nil without one.
    public var grade: String?
    public var parts: [Part]
    public var leaves: [Leaf]
    /// The JSON report, byte for byte.
    public var reportJSON: String

    /// Reads the facts from a JSON report. `source` names the report in errors.
    public init(reportJSON: String, source: String) throws(ArchiveError) {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(reportJSON.utf8)) as? [String: Any] else {
                throw ArchiveError("\(source): not a JSON object")
            }
            root = object
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError("\(source): not JSON: \(error.localizedDescription)")
        }
        let reader = Reader(source: source)
        let schema = try reader.string(root, "schema")
        guard schema == JSONReport.schema else {
            throw ArchiveError(
                "\(source): a report of schema '\(schema)'; the archive takes '\(JSONReport.schema)' "
                    + "(assess the bundle again with this version of rubric)")
        }
        let rubric = try reader.object(root, "rubric")
        let bundle = try reader.object(root, "bundle")
        let organization = try reader.object(bundle, "organization")
        let assessment = try reader.object(bundle, "assessment")
        let period = try reader.object(assessment, "audit_period")
        let result = try reader.object(root, "result")
        creditCode = try reader.string(organization, "credit_code")
        organizationName = try reader.string(organization, "name")
        assessmentType = try reader.string(assessment, "type")
        periodFrom = try reader.string(period, "from")
        periodTo = try reader.string(period, "to")
        asOf = try reader.string(root, "as_of")
        rubricID = try reader.string(rubric, "id")
        rubricVersion = try reader.string(rubric, "version")
        rubricSHA256 = try reader.string(rubric, "sha256")
        overlays = try reader.array(rubric, "overlays").map { overlay throws(ArchiveError) in
            Overlay(id: try reader.string(overlay, "id"), sha256: try reader.string(overlay, "sha256"))
        }
        manifestSHA256 = reader.optionalString(bundle, "manifest_sha256")
        zipSHA256 = reader.optionalString(bundle, "zip_sha256")
        files = try reader.array(bundle, "files").map { file throws(ArchiveError) in
            File(path: try reader.string(file, "path"), sha256: reader.optionalString(file, "sha256"))
        }
        overrides = try reader.array(root, "overrides").map { entry throws(ArchiveError) in
            Override(
                leaf: try reader.string(entry, "leaf"), auditor: try reader.string(entry, "auditor"),
                date: try reader.string(entry, "date"), justification: try reader.string(entry, "justification"),
                value: Reader.canonicalJSON(entry["value"]))
        }
        status = try reader.string(result, "status")
        total = try reader.string(result, "total")
        grade = (result["grade"] as? [String: Any]).flatMap { $0["id"] as? String }
        parts = try reader.array(root, "parts").map { part throws(ArchiveError) in
            Part(id: try reader.string(part, "id"), points: reader.optionalString(part, "points"))
        }
        leaves = try reader.array(root, "leaves").map { leaf throws(ArchiveError) in
            let ruleFile = leaf["rule_file"] as? [String: Any]
            return Leaf(
                id: try reader.string(leaf, "id"), part: try reader.string(leaf, "part"),
                weight: try reader.string(leaf, "weight"), rulePath: ruleFile.flatMap { $0["path"] as? String },
                ruleSHA256: ruleFile.flatMap { $0["sha256"] as? String }, params: Reader.canonicalJSON(leaf["params"]),
                status: try reader.string(leaf, "status"), fraction: reader.optionalString(leaf, "fraction"),
                points: reader.optionalString(leaf, "points"),
                band: (leaf["band"] as? [String: Any]).flatMap { $0["id"] as? String },
                findings: try reader.array(leaf, "findings").map { finding throws(ArchiveError) in
                    Finding(level: try reader.string(finding, "level"), message: try reader.string(finding, "message"))
                })
        }
        self.reportJSON = reportJSON
    }

    /// A record from its stored parts (the archive reads them back this way).
    public init(
        creditCode: String, organizationName: String, assessmentType: String, periodFrom: String, periodTo: String,
        asOf: String, rubricID: String, rubricVersion: String, rubricSHA256: String, overlays: [Overlay],
        manifestSHA256: String?, zipSHA256: String?, files: [File], overrides: [Override], status: String,
        total: String, grade: String?, parts: [Part], leaves: [Leaf], reportJSON: String
    ) {
        self.creditCode = creditCode
        self.organizationName = organizationName
        self.assessmentType = assessmentType
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.asOf = asOf
        self.rubricID = rubricID
        self.rubricVersion = rubricVersion
        self.rubricSHA256 = rubricSHA256
        self.overlays = overlays
        self.manifestSHA256 = manifestSHA256
        self.zipSHA256 = zipSHA256
        self.files = files
        self.overrides = overrides
        self.status = status
        self.total = total
        self.grade = grade
        self.parts = parts
        self.leaves = leaves
        self.reportJSON = reportJSON
    }

    /// Leaf `id`, if the report has it.
    public func leaf(_ id: String) -> Leaf? { leaves.first { $0.id == id } }

    /// Every fact of the record but the report in a fixed order, as the hash
    /// chain covers it (with the report's own bytes after it).
    public var canonicalText: String {
        func optional(_ text: String?) -> JSONValue { .string(text) }
        let document: JSONValue = .object([
            ("credit_code", .string(creditCode)), ("organization_name", .string(organizationName)),
            ("assessment_type", .string(assessmentType)), ("period_from", .string(periodFrom)),
            ("period_to", .string(periodTo)), ("as_of", .string(asOf)), ("rubric_id", .string(rubricID)),
            ("rubric_version", .string(rubricVersion)), ("rubric_sha256", .string(rubricSHA256)),
            ("overlays", .array(overlays.map { .array([.string($0.id), .string($0.sha256)]) })),
            ("manifest_sha256", optional(manifestSHA256)), ("zip_sha256", optional(zipSHA256)),
            ("files", .array(files.map { .array([.string($0.path), optional($0.sha256)]) })),
            (
                "overrides",
                .array(
                    overrides.map {
                        .array([
                            .string($0.leaf), .string($0.auditor), .string($0.date), .string($0.justification),
                            .string($0.value),
                        ])
                    })
            ),
            ("status", .string(status)), ("total", .string(total)), ("grade", optional(grade)),
            ("parts", .array(parts.map { .array([.string($0.id), optional($0.points)]) })),
            (
                "leaves",
                .array(
                    leaves.map { leaf in
                        .array([
                            .string(leaf.id), .string(leaf.part), .string(leaf.weight), optional(leaf.rulePath),
                            optional(leaf.ruleSHA256), .string(leaf.params), .string(leaf.status),
                            optional(leaf.fraction), optional(leaf.points), optional(leaf.band),
                            .array(leaf.findings.map { .array([.string($0.level), .string($0.message)]) }),
                        ])
                    })
            ),
        ])
        return document.text
    }
}

/// Typed access to a parsed JSON report, with errors that name the report and the key.
private struct Reader {
    let source: String

    func object(_ parent: [String: Any], _ key: String) throws(ArchiveError) -> [String: Any] {
        guard let value = parent[key] as? [String: Any] else { throw missing(key, "an object") }
        return value
    }

    func array(_ parent: [String: Any], _ key: String) throws(ArchiveError) -> [[String: Any]] {
        guard let value = parent[key] as? [[String: Any]] else { throw missing(key, "an array of objects") }
        return value
    }

    func string(_ parent: [String: Any], _ key: String) throws(ArchiveError) -> String {
        guard let value = parent[key] as? String else { throw missing(key, "a string") }
        return value
    }

    func optionalString(_ parent: [String: Any], _ key: String) -> String? {
        parent[key] as? String
    }

    private func missing(_ key: String, _ kind: String) -> ArchiveError {
        ArchiveError("\(source): the report's '\(key)' is not \(kind)")
    }

    /// A parsed JSON value as compact text with sorted keys (nil as `null`).
    static func canonicalJSON(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
