import Diagnostics
import EvidenceFormats
import EvidenceValues

/// The read-only view of a bundle that every rule gets, as plain values a Lua
/// binding converts one to one (`ev.*` in Lua; see docs/evidence-api.md).
///
/// Every call builds fresh values: a rule that changes what it got changes
/// nothing for anyone else. Lists come in manifest or file order.
public struct EvidenceView: Sendable {
    public let bundle: EvidenceBundle
    /// The date helpers (`dates.*`), with the working-day calendar.
    public let dates: DateHelpers
    /// The rule's parameters from the rubric (`ev.params()`).
    public let parameters: EvidenceValue
    /// How decimal cells reach rules unless a call says otherwise.
    public var decimals: DecimalForm
    /// The date the assessment is made as of, when it is not the manifest's
    /// (`rubric assess --as-of`); nil means the manifest's.
    public let asOfOverride: CalendarDate?

    /// A view of `bundle`. `asOf`, when given, replaces the manifest's as-of
    /// date in `ev.as_of()` and `ev.bundle().assessment.as_of`.
    public init(
        bundle: EvidenceBundle, calendar: WorkingDayCalendar?, parameters: EvidenceValue = .table([]),
        decimals: DecimalForm = .number, asOf: CalendarDate? = nil
    ) {
        self.bundle = bundle
        self.asOfOverride = asOf
        self.dates = DateHelpers(calendar: calendar)
        self.parameters = parameters
        self.decimals = decimals
    }

    private var manifest: BundleManifest { bundle.manifest }

    // MARK: The bundle

    /// `ev.bundle()`: the organization, the assessment, the format and the manifest's SHA-256.
    public func bundleInfo() -> EvidenceValue {
        let organization = manifest.organization
        let assessment = manifest.assessment
        return .fields([
            "format": .integer(Int64(manifest.format)),
            "organization": .fields([
                "name": .string(organization.name),
                "credit_code": .string(organization.creditCode),
            ]),
            "assessment": .fields([
                "scheme": .string(assessment.scheme),
                "type": .string(assessment.type.rawValue),
                "audit_period": auditPeriod(),
                "as_of": asOf(),
            ]),
            "manifest_sha256": .optional(bundle.files.first?.sha256),
            "source_sha256": .optional(bundle.sourceSHA256),
        ])
    }

    /// `ev.as_of()`: the date the assessment is made as of, `YYYY-MM-DD`: the
    /// one the view was made with, else the manifest's.
    public func asOf() -> EvidenceValue { .string((asOfOverride ?? manifest.assessment.asOf).description) }

    /// `ev.audit_period()`: `{from = "YYYY-MM-DD", to = "YYYY-MM-DD"}`, both included.
    public func auditPeriod() -> EvidenceValue {
        let period = manifest.assessment.auditPeriod
        return .fields(["from": .string(period.from.description), "to": .string(period.to.description)])
    }

    /// `ev.params()`: the rule's parameters from the rubric.
    public func params() -> EvidenceValue { parameters }

    // MARK: Projects

    /// `ev.projects()`: the sampled projects in manifest order.
    public func projects() -> EvidenceValue {
        .array(manifest.projects.map(Self.value(of:)))
    }

    /// `ev.project(id)`: one project, or `null` for an unknown id.
    public func project(_ id: String) -> EvidenceValue {
        manifest.project(id: id).map(Self.value(of:)) ?? .null
    }

    static func value(of project: Project) -> EvidenceValue {
        .fields([
            "id": .string(project.id),
            "name": .string(project.name),
            "customer": .string(project.customer),
            "contract_date": .string(project.contractDate.description),
            "start_date": .string(project.startDate.description),
            "end_date": .optional(project.endDate?.description),
            "hardware_procured": .boolean(project.hardwareProcured),
        ])
    }

    // MARK: Documents

    /// Which documents `documents(type:project:)` keeps by project.
    public enum ProjectFilter: Sendable, Hashable {
        /// Any document (no filter).
        case any
        /// The documents of this project.
        case project(String)
        /// Organization-wide documents only (no project); `project = false` in Lua.
        case none
    }

    /// `ev.documents{type = , project = }`: the documents of a type and/or a project, in manifest order.
    /// A project id the manifest does not declare, or a type outside the rubric's vocabulary (when
    /// the bundle was opened with one), is an error: a misspelt filter must not look like missing evidence.
    public func documents(type: String? = nil, project: ProjectFilter = .any) throws(FindingsError) -> EvidenceValue {
        try documents(types: type.map { [$0] }, project: project)
    }

    /// `ev.documents{type = {"a", "b"}, project = ...}`: the documents of any of
    /// `types` (all types when nil), in manifest order.
    public func documents(types: [String]?, project: ProjectFilter = .any) throws(FindingsError) -> EvidenceValue {
        if let types, let vocabulary = bundle.options.documentTypes {
            for type in types where !vocabulary.contains(type) {
                throw .single(
                    "unknown-document-type",
                    "ev.documents: `\(type)` is not a document type of the rubric\(Suggestion.didYouMean(type, among: vocabulary))"
                )
            }
        }
        if case .project(let id) = project, manifest.project(id: id) == nil {
            let ids = manifest.projects.map(\.id)
            throw .single(
                "unknown-project",
                "ev.documents: no project `\(id)` in the manifest\(Suggestion.didYouMean(id, among: ids)); projects: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))"
            )
        }
        let candidates = types.map(manifest.documents(ofTypes:)) ?? manifest.documents
        let selected = candidates.filter { document in
            switch project {
            case .any: return true
            case .project(let id): return document.project == id
            case .none: return document.project == nil
            }
        }
        return .array(selected.map(value(of:)))
    }

    /// `ev.document(id)`: one document's metadata, or `null` for an unknown id.
    public func document(_ id: String) -> EvidenceValue {
        manifest.document(id: id).map(value(of:)) ?? .null
    }

    func value(of document: DocumentEntry) -> EvidenceValue {
        let file = bundle.file(forDocument: document.id)
        return .fields([
            "id": .string(document.id),
            "type": .string(document.type),
            "title": .string(document.title),
            "path": .string(document.path),
            "format": .string(document.format.rawValue),
            "project": .optional(document.project),
            "date": .optional(document.date?.description),
            "signatories": .array(document.signatories.map(EvidenceValue.string)),
            "sealed": .optional(document.sealed),
            "approved": .optional(document.approved),
            "version": .optional(document.version),
            "exists": .boolean(file?.exists ?? false),
            "sha256": .optional(file?.sha256),
        ])
    }

    /// What a call that reads a document's content gives: the value, or `null` and why
    /// the document could not be read (`local text, why = ev.text(id)` in Lua).
    public struct DocumentRead: Sendable, Hashable {
        public var value: EvidenceValue
        /// Why the document could not be read; nil when it was read.
        public var problem: String?
    }

    private func read(_ id: String, _ shape: (DocumentContent) -> EvidenceValue) throws(FindingsError) -> DocumentRead {
        switch try bundle.text(ofDocument: id) {
        case .readable(let content): return DocumentRead(value: shape(content), problem: nil)
        case .unreadable(let finding): return DocumentRead(value: .null, problem: finding.message)
        }
    }

    /// `ev.text(id)`: all the text of a document.
    public func text(_ id: String) throws(FindingsError) -> DocumentRead {
        try read(id) { .string($0.text) }
    }

    /// `ev.headings(id)`: `{{level = 1, text = "..."}, ...}` in document order.
    public func headings(_ id: String) throws(FindingsError) -> DocumentRead {
        try read(id) { content in
            .array(content.headings.map { .fields(["level": .integer(Int64($0.level)), "text": .string($0.text)]) })
        }
    }

    /// `ev.paragraphs(id)`: the paragraphs (not headings, not tables) in document order.
    public func paragraphs(_ id: String) throws(FindingsError) -> DocumentRead {
        try read(id) { .array($0.paragraphs.map(EvidenceValue.string)) }
    }

    /// `ev.tables(id)`: the tables in document order, each a list of rows, each a list of cell texts.
    public func tables(_ id: String) throws(FindingsError) -> DocumentRead {
        try read(id) { content in
            .array(content.tables.map { table in .array(table.map { row in .array(row.map(EvidenceValue.string)) }) })
        }
    }

    /// `ev.sha256(id)`: the lowercase hex SHA-256 of a document's file, or `null` when it is missing.
    public func sha256(_ id: String) throws(FindingsError) -> EvidenceValue {
        .optional(try fileOf(id).sha256)
    }

    /// `ev.exists(id)`: whether a document's file is in the bundle.
    public func exists(_ id: String) throws(FindingsError) -> EvidenceValue {
        .boolean(try fileOf(id).exists)
    }

    private func fileOf(_ id: String) throws(FindingsError) -> BundleFile {
        guard let file = bundle.file(forDocument: id) else {
            throw .single(
                "unknown-document",
                "no document `\(id)` in the manifest\(Suggestion.didYouMean(id, among: manifest.documents.map(\.id)))")
        }
        return file
    }

    // MARK: Records

    /// `ev.record_tables()`: the declared record tables with their columns, in manifest order.
    public func recordTables() -> EvidenceValue {
        .array(manifest.records.map(value(of:)))
    }

    /// `ev.record_table(name)`: one declared table as `ev.record_tables()` lists it, or
    /// `null` when the bundle does not declare it (so a rule can tell "not provided").
    public func recordTable(declared name: String) -> EvidenceValue {
        manifest.recordTable(named: name).map(value(of:)) ?? .null
    }

    private func value(of spec: RecordTableSpec) -> EvidenceValue {
        let file = bundle.file(forRecords: spec.name)
        return .fields([
            "name": .string(spec.name),
            "title": .optional(spec.title),
            "path": .string(spec.path),
            "columns": .array(
                spec.columns.map { column in
                    .fields([
                        "name": .string(column.name), "type": .string(column.type.rawValue),
                        "required": .boolean(column.required),
                    ])
                }),
            "exists": .boolean(file?.exists ?? false),
            "sha256": .optional(file?.sha256),
        ])
    }

    /// `ev.records(name[, {columns = {...}, decimals = "string"}])`: the rows in file order, each a
    /// table of its typed cells plus `_row`, the 1-based row number evidence references use.
    /// Throws for an unknown table or column, a missing file, or any error in the file.
    public func records(_ name: String, columns: [String]? = nil, decimals: DecimalForm? = nil) throws(FindingsError)
        -> EvidenceValue
    {
        let table = try table(named: name)
        let selected = try columnIndices(table, columns, function: "records")
        var rows: [EvidenceValue] = []
        rows.reserveCapacity(table.rowCount)
        for row in stride(from: 1, through: table.rowCount, by: 1) {
            rows.append(Self.rowValue(table, row: row, columns: selected, decimals: decimals ?? self.decimals))
        }
        return .array(rows)
    }

    /// The typed table behind `ev.records`, for a binding that converts rows straight
    /// into Lua tables one at a time (with `rowValue`) instead of building the whole list.
    public func recordTable(_ name: String) throws(FindingsError) -> RecordTable {
        try table(named: name)
    }

    /// The record table `name`; its errors name files relative to the bundle root, so
    /// that what rules see (and reports quote) does not depend on where the bundle lies.
    private func table(named name: String) throws(FindingsError) -> RecordTable {
        do {
            return try bundle.records(named: name)
        } catch {
            let rootPath = bundle.root.standardizedFileURL.resolvingSymlinksInPath().path + "/"
            let plainRoot = bundle.root.path + "/"
            throw FindingsError(
                error.findings.map { finding in
                    var finding = finding
                    if let file = finding.location?.file {
                        for prefix in [rootPath, plainRoot] where file.hasPrefix(prefix) {
                            finding.location?.file = String(file.dropFirst(prefix.count))
                            break
                        }
                    }
                    return finding
                })
        }
    }

    /// The column indices `ev.records` keeps for a `columns` option (nil: all), checked.
    public func columnIndices(_ table: RecordTable, _ names: [String]?) throws(FindingsError) -> [Int] {
        try columnIndices(table, names, function: "records")
    }

    /// One row as `ev.records` gives it: `_row`, then the selected cells in column order.
    public static func rowValue(_ table: RecordTable, row: Int, columns: [Int], decimals: DecimalForm) -> EvidenceValue
    {
        var fields: [EvidenceField] = [EvidenceField("_row", .integer(Int64(row)))]
        fields.reserveCapacity(columns.count + 1)
        for c in columns {
            fields.append(
                EvidenceField(table.columns[c].name, table.value(row: row, column: c).evidenceValue(decimals: decimals))
            )
        }
        return .table(fields)
    }

    /// `ev.column(name, column)`: one column's values in row order (`null` for empty
    /// cells, so Lua sees holes). Cheaper than `records` for sums and percentiles.
    public func column(_ name: String, _ column: String, decimals: DecimalForm? = nil) throws(FindingsError)
        -> EvidenceValue
    {
        let table = try table(named: name)
        let form = decimals ?? self.decimals
        let c = try columnIndices(table, [column], function: "column")[0]
        var values: [EvidenceValue] = []
        values.reserveCapacity(table.rowCount)
        for row in stride(from: 1, through: table.rowCount, by: 1) {
            values.append(table.value(row: row, column: c).evidenceValue(decimals: form))
        }
        return .array(values)
    }

    private func columnIndices(_ table: RecordTable, _ names: [String]?, function: String) throws(FindingsError)
        -> [Int]
    {
        guard let names else { return Array(table.columns.indices) }
        var indices: [Int] = []
        for name in names {
            guard let index = table.spec.columnIndex(named: name) else {
                let declared = table.columns.map(\.name)
                throw .single(
                    "unknown-column",
                    "ev.\(function): record table `\(table.name)` has no column `\(name)`\(Suggestion.didYouMean(name, among: declared)); columns: \(declared.joined(separator: ", "))"
                )
            }
            indices.append(index)
        }
        return indices
    }
}
