import Diagnostics
import EvidenceFormats
import EvidenceValues
import YAMLSupport
import Yams

/// Reads and checks a bundle manifest (`bundle.yaml`), reporting every problem at
/// once with its line and column. See docs/bundle-format.md for the format.
public struct ManifestLoader: Sendable {
    /// The manifest's file name at the bundle root.
    public static let fileName = "bundle.yaml"
    /// The largest manifest read, in bytes; a larger one is refused.
    public static let maximumBytes = 10 << 20
    /// The bundle format versions this loader reads.
    public static let supportedFormats = [1]

    /// The document types the rubric knows, in the rubric's order; nil skips the check.
    public var documentTypes: [String]?
    /// The scheme id of the rubric the bundle is assessed against; nil skips the check.
    public var schemeID: String?

    /// The record tables the rubric declares: their columns, with header aliases.
    public var recordTables: [String: [ColumnSpec]] = [:]

    public init(documentTypes: [String]? = nil, schemeID: String? = nil) {
        self.documentTypes = documentTypes
        self.schemeID = schemeID
    }

    /// Parses and checks a manifest's text. `file` is how findings name the manifest.
    public func load(yaml: String, file: String) -> ManifestLoadResult {
        var reader = ManifestReader(file: file, documentTypes: documentTypes, schemeID: schemeID)
        reader.recordTables = recordTables
        let manifest = reader.read(yaml: yaml)
        let findings = reader.findings.sortedByLocation()
        return ManifestLoadResult(manifest: findings.hasErrors ? nil : manifest, findings: findings)
    }
}

/// What loading a manifest gave: the manifest when there was no error, and every finding.
public struct ManifestLoadResult: Sendable {
    /// The manifest; nil when any finding is an error.
    public var manifest: BundleManifest?
    /// Every problem found, errors and warnings, ordered by line.
    public var findings: [Finding]

    /// The manifest, or a `FindingsError` with every finding when there is an error.
    public func get() throws(FindingsError) -> BundleManifest {
        guard let manifest else { throw FindingsError(findings) }
        return manifest
    }
}

/// The entries of a manifest's mapping, in file order, after the unknown-key check.
private typealias Fields = YAMLFields<ManifestNode>

extension YAMLFields<ManifestNode> {
    /// The value of `key`; nil when the key is absent or its value is null.
    fileprivate func value(_ key: String) -> ManifestNode? {
        guard let value = self[key] else { return nil }
        return value.isNull ? nil : value
    }
}

/// The walk over the YAML tree that builds the manifest and collects findings.
private struct ManifestReader {
    let file: String
    let documentTypes: [String]?
    /// The rubric's record tables (see `ManifestLoader.recordTables`).
    var recordTables: [String: [ColumnSpec]] = [:]
    /// `documentTypes`, for look-ups.
    let knownTypes: Set<String>?
    let schemeID: String?
    var findings: [Finding] = []
    /// First line of each id, keyed by kind and id; only looked up.
    var seenIDs: [String: Int] = [:]

    static let maximumFindings = 200

    init(file: String, documentTypes: [String]?, schemeID: String?) {
        self.file = file
        self.documentTypes = documentTypes
        knownTypes = documentTypes.map(Set.init)
        self.schemeID = schemeID
    }

    // MARK: Findings

    func location(_ node: ManifestNode?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func report(_ severity: Finding.Severity, _ code: String, _ message: String, at node: ManifestNode?) {
        guard findings.count < ManifestReader.maximumFindings else { return }
        findings.append(Finding(severity, code: code, message: message, location: location(node)))
        if findings.count == ManifestReader.maximumFindings {
            findings.append(
                Finding(
                    .error, code: "too-many-findings",
                    message: "stopped after \(ManifestReader.maximumFindings) problems",
                    location: location(node)))
        }
    }

    mutating func error(_ code: String, _ message: String, at node: ManifestNode?) {
        report(.error, code, message, at: node)
    }

    // MARK: Top level

    mutating func read(yaml: String) -> BundleManifest? {
        let root: ManifestNode
        do {
            // Plain manifests (nearly all) are read without Yams; any other text,
            // and every syntax error, is left to Yams. The fast reader gives up
            // at anchors, aliases, merge keys and tags, so the guard, which
            // refuses them before Yams composes (and an alias expands) anything,
            // only reads the texts left to Yams. The basic resolver: the
            // reader interprets every scalar's text itself, so tags are never
            // needed, and the default resolver's regular expressions (run for
            // every key when Yams checks for duplicates) would cost more than
            // the rest of the reading.
            if let plain = ManifestYAML.parse(yaml) {
                root = plain
            } else if let refusal = YAMLGuard.check(yaml, file: file) {
                findings.append(refusal)
                return nil
            } else if let node = try Yams.compose(yaml: yaml, .basic) {
                root = ManifestNode(node)
            } else {
                error(
                    "manifest-empty",
                    "the manifest is empty; expected keys \(Self.topKeys.map { "`\($0)`" }.joined(separator: ", "))",
                    at: nil)
                return nil
            }
        } catch let yamlError as YamlError {
            findings.append(Self.finding(for: yamlError, file: file))
            return nil
        } catch {
            findings.append(
                Finding(
                    .error, code: "manifest-syntax", message: "the manifest is not valid YAML: \(error)",
                    location: SourceLocation(file: file)))
            return nil
        }
        guard let top = fields(root, of: "the manifest", allowed: Self.topKeys) else { return nil }

        var format = 1
        if let node = top.value("format") {
            if let text = scalar(node, "format"), let value = Int(text), ManifestLoader.supportedFormats.contains(value)
            {
                format = value
            } else if let text = node.text {
                error(
                    "format-version",
                    "format: this program reads bundle format \(ManifestLoader.supportedFormats.map(String.init).joined(separator: ", ")), not `\(text)`",
                    at: node)
            }
        }
        let organization = required(top, "organization", of: "the manifest").flatMap { readOrganization($0) }
        let assessment = required(top, "assessment", of: "the manifest").flatMap { readAssessment($0) }
        let projects = list(top, "projects").enumerated().compactMap { readProject($1, index: $0 + 1) }
        let projectIDs = projects.map(\.id)
        let documents = list(top, "documents").enumerated().compactMap {
            readDocument($1, index: $0 + 1, projectIDs: projectIDs)
        }
        let records = list(top, "records").enumerated().compactMap { readRecordTable($1, index: $0 + 1) }

        guard let organization, let assessment else { return nil }
        return BundleManifest(
            format: format, organization: organization, assessment: assessment,
            projects: projects, documents: documents, records: records)
    }

    static let topKeys = ["format", "organization", "assessment", "projects", "documents", "records"]

    static func finding(for yamlError: YamlError, file: String) -> Finding {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let extra = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return Finding(
                .error, code: "manifest-syntax", message: "the manifest is not valid YAML: \(problem)\(extra)",
                location: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Finding(
                .error, code: "duplicate-key",
                message: "a key appears twice in one mapping: \(duplicates.map { "`\($0)`" }.joined(separator: ", "))",
                location: at(context.mark))
        case .reader(let problem, _, _, _):
            return Finding(
                .error, code: "manifest-syntax", message: "the manifest cannot be read: \(problem)",
                location: SourceLocation(file: file))
        default:
            return Finding(
                .error, code: "manifest-syntax", message: "the manifest is not valid YAML: \(yamlError)",
                location: SourceLocation(file: file))
        }
    }

    // MARK: Sections

    mutating func readOrganization(_ node: ManifestNode) -> BundleManifest.Organization? {
        let what = "organization"
        guard let f = fields(node, of: what, allowed: ["name", "credit_code"]) else { return nil }
        let name = requiredString(f, "name", of: what)
        let code = requiredString(f, "credit_code", of: what)
        if let code, let codeNode = f.value("credit_code") {
            switch CreditCode.problem(with: code) {
            case .malformed?:
                error(
                    "credit-code",
                    "organization.credit_code: `\(code)` is not a unified social credit code (统一社会信用代码): expected 18 characters from 0-9 and A-Z without I, O, S, V, Z",
                    at: codeNode)
            case .checkCharacter(let expected)?:
                report(
                    .warning, "credit-code",
                    "organization.credit_code: the check character of `\(code)` should be `\(expected)` (GB 32100-2015); is the code mistyped?",
                    at: codeNode)
            case nil:
                break
            }
        }
        guard let name, let code else { return nil }
        return BundleManifest.Organization(name: name, creditCode: code)
    }

    mutating func readAssessment(_ node: ManifestNode) -> BundleManifest.Assessment? {
        let what = "assessment"
        guard let f = fields(node, of: what, allowed: ["scheme", "type", "audit_period", "as_of"]) else { return nil }
        let scheme = requiredString(f, "scheme", of: what)
        if let scheme, let schemeID, scheme != schemeID {
            error(
                "scheme-mismatch",
                "assessment.scheme: the bundle is for scheme `\(scheme)` but the rubric is for `\(schemeID)`",
                at: f.value("scheme"))
        }
        var type: BundleManifest.AssessmentType?
        if let text = requiredString(f, "type", of: what) {
            type = BundleManifest.AssessmentType(rawValue: text)
            if type == nil {
                let names = BundleManifest.AssessmentType.allCases.map(\.rawValue)
                error(
                    "bad-value",
                    "assessment.type: `\(text)` is not an assessment type; expected one of \(names.map { "`\($0)`" }.joined(separator: ", "))\(Suggestion.didYouMean(text, among: names))",
                    at: f.value("type"))
            }
        }
        var period: BundleManifest.DateRange?
        if let periodNode = required(f, "audit_period", of: what),
            let p = fields(periodNode, of: "assessment.audit_period", allowed: ["from", "to"])
        {
            let from = requiredDate(p, "from", of: "assessment.audit_period")
            let to = requiredDate(p, "to", of: "assessment.audit_period")
            if let from, let to {
                if from > to {
                    error(
                        "date-order", "assessment.audit_period: `from` (\(from)) is after `to` (\(to))", at: periodNode)
                } else {
                    period = BundleManifest.DateRange(from: from, to: to)
                }
            }
        }
        let asOf = requiredDate(f, "as_of", of: what)
        if let asOf, let period, asOf < period.from {
            error(
                "date-order", "assessment.as_of: \(asOf) is before the audit period starts (\(period.from))",
                at: f.value("as_of"))
        }
        guard let scheme, let type, let period, let asOf else { return nil }
        return BundleManifest.Assessment(scheme: scheme, type: type, auditPeriod: period, asOf: asOf)
    }

    static let projectKeys = ["id", "name", "customer", "contract_date", "start_date", "end_date", "hardware_procured"]

    mutating func readProject(_ node: ManifestNode, index: Int) -> Project? {
        var what = "projects #\(index)"
        guard let f = fields(node, of: what, allowed: Self.projectKeys) else { return nil }
        let id = requiredString(f, "id", of: what)
        if let id {
            what += " (\(id))"
            noteID(id, kind: "project", at: node)
        }
        let name = requiredString(f, "name", of: what)
        let customer = requiredString(f, "customer", of: what)
        let contract = requiredDate(f, "contract_date", of: what)
        let start = requiredDate(f, "start_date", of: what)
        let end = optionalDate(f, "end_date", of: what)
        let hardware = requiredBool(f, "hardware_procured", of: what)
        if let start, let end, end < start {
            error("date-order", "\(what): end_date (\(end)) is before start_date (\(start))", at: f.value("end_date"))
        }
        guard let id, let name, let customer, let contract, let start, let hardware else { return nil }
        return Project(
            id: id, name: name, customer: customer, contractDate: contract, startDate: start,
            endDate: end, hardwareProcured: hardware, location: location(node))
    }

    static let documentKeys = [
        "id", "type", "title", "path", "project", "date", "signatories", "sealed", "approved", "version",
    ]

    mutating func readDocument(_ node: ManifestNode, index: Int, projectIDs: [String]) -> DocumentEntry? {
        var what = "documents #\(index)"
        guard let f = fields(node, of: what, allowed: Self.documentKeys) else { return nil }
        let id = requiredString(f, "id", of: what)
        if let id {
            what += " (\(id))"
            noteID(id, kind: "document", at: node)
        }
        let type = requiredString(f, "type", of: what)
        if let type, let documentTypes, knownTypes?.contains(type) == false {
            error(
                "unknown-document-type",
                "\(what): `\(type)` is not a document type of the rubric\(Suggestion.didYouMean(type, among: documentTypes))",
                at: f.value("type"))
        }
        let title = requiredString(f, "title", of: what)
        let path = requiredPath(f, "path", of: what)
        let project = optionalString(f, "project", of: what)
        if let project, !projectIDs.contains(project) {
            error(
                "unknown-project",
                "\(what): project `\(project)` is not among the manifest's projects\(Suggestion.didYouMean(project, among: projectIDs))",
                at: f.value("project"))
        }
        let date = optionalDate(f, "date", of: what)
        let signatories = stringList(f, "signatories", of: what)
        let sealed = optionalBool(f, "sealed", of: what)
        let approved = optionalBool(f, "approved", of: what)
        let version = optionalString(f, "version", of: what)
        guard let id, let type, let title, let path else { return nil }
        return DocumentEntry(
            id: id, type: type, title: title, path: path, project: project, date: date,
            signatories: signatories, sealed: sealed, approved: approved, version: version,
            location: location(node))
    }

    mutating func readRecordTable(_ node: ManifestNode, index: Int) -> RecordTableSpec? {
        var what = "records #\(index)"
        guard
            let f = fields(
                node, of: what, allowed: ["name", "title", "path", "encoding", "columns", "sheet", "header_row"])
        else {
            return nil
        }
        let name = requiredString(f, "name", of: what)
        if let name {
            what += " (\(name))"
            noteID(name, kind: "record table", at: node)
        }
        let title = optionalString(f, "title", of: what)
        let path = requiredPath(f, "path", of: what)
        var encoding: TextEncoding?
        var encodingOK = true
        if let text = optionalString(f, "encoding", of: what) {
            encoding = TextEncoding(manifestName: text)
            if encoding == nil {
                encodingOK = false
                error(
                    "bad-value",
                    "\(what).encoding: `\(text)` is not an encoding this program reads; expected utf-8 or gb18030 (gbk and gb2312 are read as gb18030)",
                    at: f.value("encoding"))
            }
        }
        var columns: [ColumnSpec] = []
        var columnsOK = true
        let declared = name.flatMap { recordTables[$0] }
        if f.value("columns") == nil, let declared {
            // The rubric declares the table: its columns, read by alias.
            columns = declared.map { column in
                var column = column
                column.mayBeAbsent = !column.required
                return column
            }
        } else if let columnsNode = required(f, "columns", of: what) {
            let items = sequence(columnsNode, of: "\(what).columns") ?? []
            if items.isEmpty, case .sequence = columnsNode {
                error("bad-value", "\(what).columns: a table needs at least one column", at: columnsNode)
            }
            for (i, item) in items.enumerated() {
                if let name = item.value(forKey: "name")?.text {
                    noteID(name, kind: "\(what): column", at: item)
                }
                guard let column = readColumn(item, of: "\(what).columns #\(i + 1)") else {
                    columnsOK = false
                    continue
                }
                if columns.contains(where: { $0.name == column.name }) { columnsOK = false }
                var withAliases = column
                if let rubricColumn = declared?.first(where: { $0.name == column.name }) {
                    for alias in rubricColumn.aliases where !withAliases.aliases.contains(alias) {
                        withAliases.aliases.append(alias)
                    }
                }
                columns.append(withAliases)
            }
            if items.isEmpty { columnsOK = false }
        } else {
            columnsOK = false
        }
        let (sheet, headerRow, workbookOK) = readWorkbookPlace(f, path: path, of: what)
        guard let name, let path, encodingOK, columnsOK, workbookOK else { return nil }
        var spec = RecordTableSpec(
            name: name, path: path, title: title, encoding: encoding, columns: columns, location: location(node))
        spec.sheet = sheet
        spec.headerRow = headerRow
        return spec
    }

    /// `sheet:` and `header_row:`, which only a workbook (`.xlsx`) may have.
    mutating func readWorkbookPlace(_ f: Fields, path: String?, of what: String) -> (
        sheet: String?, headerRow: Int, ok: Bool
    ) {
        let sheet = optionalString(f, "sheet", of: what)
        var headerRow = 1
        var ok = true
        if let node = f.value("header_row"), let text = scalar(node, "\(what).header_row") {
            if let row = Int(text.trimmingWhitespace()), (1...1_048_576).contains(row) {
                headerRow = row
            } else {
                error("bad-value", "\(what).header_row: expected a row number from 1, found `\(text)`", at: node)
                ok = false
            }
        }
        let isWorkbook = path.map { [".xlsx", ".xls", ".et"].contains(where: $0.lowercased().hasSuffix) } ?? true
        for key in ["sheet", "header_row"] where !isWorkbook && f.value(key) != nil {
            error(
                "bad-value",
                "\(what).\(key): only a workbook (.xlsx) has sheets and a header row; this table is a CSV file",
                at: f.value(key))
            ok = false
        }
        return (sheet, headerRow, ok)
    }

    mutating func readColumn(_ node: ManifestNode, of what: String) -> ColumnSpec? {
        guard let f = fields(node, of: what, allowed: ["name", "type", "required", "aliases"]) else { return nil }
        let name = requiredString(f, "name", of: what)
        if let name, name.hasPrefix("_") {
            error(
                "bad-value",
                "\(what).name: column names may not start with `_` (`\(name)`); `_row` and the like are reserved for the program",
                at: f.value("name"))
        }
        var type: ColumnType?
        if let text = requiredString(f, "type", of: what) {
            type = ColumnType(rawValue: text)
            if type == nil {
                let names = ColumnType.allCases.map(\.rawValue)
                error(
                    "bad-value",
                    "\(what).type: `\(text)` is not a column type; expected one of \(names.map { "`\($0)`" }.joined(separator: ", "))\(Suggestion.didYouMean(text, among: names))",
                    at: f.value("type"))
            }
        }
        let isRequired = optionalBool(f, "required", of: what) ?? false
        let aliases = stringList(f, "aliases", of: what)
        guard let name, !name.hasPrefix("_"), let type else { return nil }
        return ColumnSpec(name: name, type: type, required: isRequired, aliases: aliases)
    }

    // MARK: Cross-references

    /// Reports an id already used by an earlier entry of the same kind (valid or not).
    mutating func noteID(_ id: String, kind: String, at node: ManifestNode) {
        let key = kind + "\u{0}" + id
        if let earlier = seenIDs[key] {
            error("duplicate-id", "\(kind) `\(id)` is declared twice (first at line \(earlier))", at: node)
        } else {
            seenIDs[key] = node.mark?.line ?? 0
        }
    }

    // MARK: Typed values

    /// The mapping's entries; reports a non-mapping and every unknown key.
    mutating func fields(_ node: ManifestNode, of what: String, allowed: [String]) -> Fields? {
        guard case .mapping(let pairs, _) = node else {
            error("bad-value", "\(what): expected a mapping of keys to values, found \(describe(node))", at: node)
            return nil
        }
        var named: [(key: String, keyNode: ManifestNode, value: ManifestNode)] = []
        named.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = pair.key.text else {
                error("bad-value", "\(what): keys must be plain text, found \(describe(pair.key))", at: pair.key)
                continue
            }
            named.append((key, pair.key, pair.value))
        }
        var unknown: [(node: ManifestNode, message: String)] = []
        let fields = Fields.checking(node, pairs: named, keys: allowed, what: what) { unknown.append(($0, $1)) }
        for key in unknown { error("unknown-key", key.message, at: key.node) }
        return fields
    }

    mutating func required(_ f: Fields, _ key: String, of what: String) -> ManifestNode? {
        guard let node = f.value(key) else {
            error("missing-key", "\(what): missing required key `\(key)`", at: f.node)
            return nil
        }
        return node
    }

    // `what` names the value in a finding; it is only spelled out for one.
    mutating func scalar(_ node: ManifestNode, _ what: @autoclosure () -> String) -> String? {
        guard let text = node.text else {
            error("bad-value", "\(what()): expected a single value, found \(describe(node))", at: node)
            return nil
        }
        return text
    }

    mutating func requiredString(_ f: Fields, _ key: String, of what: String) -> String? {
        guard let node = required(f, key, of: what), let text = scalar(node, "\(what).\(key)") else { return nil }
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty {
            error("missing-key", "\(what).\(key): the value is empty", at: node)
            return nil
        }
        return trimmed
    }

    mutating func optionalString(_ f: Fields, _ key: String, of what: String) -> String? {
        guard let node = f.value(key), let text = scalar(node, "\(what).\(key)") else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    mutating func requiredPath(_ f: Fields, _ key: String, of what: String) -> String? {
        guard let path = requiredString(f, key, of: what) else { return nil }
        if let problem = BundlePath.problem(with: path) {
            error("bad-path", "\(what).\(key): `\(path)` \(problem)", at: f.value(key))
            return nil
        }
        return path
    }

    mutating func date(_ node: ManifestNode, _ what: @autoclosure () -> String) -> CalendarDate? {
        guard let text = scalar(node, what()) else { return nil }
        guard let date = CalendarDate(iso: text.trimmingWhitespace()) else {
            error("bad-date", "\(what()): expected a date YYYY-MM-DD, found `\(text)`", at: node)
            return nil
        }
        return date
    }

    mutating func requiredDate(_ f: Fields, _ key: String, of what: String) -> CalendarDate? {
        guard let node = required(f, key, of: what) else { return nil }
        return date(node, "\(what).\(key)")
    }

    mutating func optionalDate(_ f: Fields, _ key: String, of what: String) -> CalendarDate? {
        guard let node = f.value(key) else { return nil }
        return date(node, "\(what).\(key)")
    }

    mutating func bool(_ node: ManifestNode, _ what: @autoclosure () -> String) -> Bool? {
        guard let text = scalar(node, what()) else { return nil }
        // The words a CSV cell of a boolean column takes (one vocabulary for both).
        switch text.trimmingWhitespace().lowercased() {
        case "true", "yes", "y", "1", "是": return true
        case "false", "no", "n", "0", "否": return false
        default:
            error(
                "bad-value", "\(what()): expected a yes/no value (true/false, yes/no, 是/否 or 1/0), found `\(text)`",
                at: node)
            return nil
        }
    }

    mutating func requiredBool(_ f: Fields, _ key: String, of what: String) -> Bool? {
        guard let node = required(f, key, of: what) else { return nil }
        return bool(node, "\(what).\(key)")
    }

    mutating func optionalBool(_ f: Fields, _ key: String, of what: String) -> Bool? {
        guard let node = f.value(key) else { return nil }
        return bool(node, "\(what).\(key)")
    }

    mutating func sequence(_ node: ManifestNode, of what: @autoclosure () -> String) -> [ManifestNode]? {
        guard case .sequence(let items, _) = node else {
            error("bad-value", "\(what()): expected a list, found \(describe(node))", at: node)
            return nil
        }
        return items
    }

    /// The items of an optional list (empty when the key is absent).
    mutating func list(_ f: Fields, _ key: String) -> [ManifestNode] {
        guard let node = f.value(key) else { return [] }
        return sequence(node, of: key) ?? []
    }

    mutating func stringList(_ f: Fields, _ key: String, of what: String) -> [String] {
        guard let node = f.value(key) else { return [] }
        if case .scalar = node, let single = scalar(node, "\(what).\(key)") {
            // A single name is a list of one.
            let trimmed = single.trimmingWhitespace()
            return trimmed.isEmpty ? [] : [trimmed]
        }
        guard let items = sequence(node, of: "\(what).\(key)") else { return [] }
        return items.compactMap { item in
            scalar(item, "\(what).\(key)").map { $0.trimmingWhitespace() }
        }.filter { !$0.isEmpty }
    }

    func describe(_ node: ManifestNode) -> String {
        switch node {
        case .scalar(let text, _, _): "the value `\(text)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
