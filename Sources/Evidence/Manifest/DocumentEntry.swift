import Diagnostics
import EvidenceValues

/// A document of the bundle as the manifest declares it (文档).
public struct DocumentEntry: Sendable, Hashable {
    /// Identifier, unique in the manifest, used by rules and in evidence references.
    public var id: String
    /// Document type from the rubric's vocabulary, such as `acceptance_report`.
    public var type: String
    public var title: String
    /// Path of the file, relative to the bundle root, with `/` separators.
    public var path: String
    /// The project the document belongs to; nil for organization-wide documents.
    public var project: String?
    /// Date of the document (issue, signature or meeting date).
    public var date: CalendarDate?
    /// Who signed the document (签字人), in manifest order.
    public var signatories: [String]
    /// Whether the document bears a seal (盖章); nil when the manifest does not say.
    public var sealed: Bool?
    /// Whether the document is approved (审批); nil when the manifest does not say.
    public var approved: Bool?
    /// Version label as written (`V1.2`).
    public var version: String?
    /// Where the document is declared in the manifest.
    public var location: SourceLocation?

    public init(
        id: String, type: String, title: String, path: String, project: String? = nil,
        date: CalendarDate? = nil, signatories: [String] = [], sealed: Bool? = nil,
        approved: Bool? = nil, version: String? = nil, location: SourceLocation? = nil
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.path = path
        self.project = project
        self.date = date
        self.signatories = signatories
        self.sealed = sealed
        self.approved = approved
        self.version = version
        self.location = location
    }

    /// The kind of file, from the path's extension.
    public var format: DocumentFormat { DocumentFormat(path: path) }
}

/// The file formats whose text can be read.
public enum DocumentFormat: String, Sendable, Hashable {
    case markdown
    case text
    case docx
    case pdf
    /// An Excel workbook: its text is the text of its sheets.
    case xlsx
    /// Word 97, WPS, RTF, Excel 97 and WPS spreadsheet files (`.doc`, `.wps`, `.rtf`,
    /// `.xls`, `.et`), read after conversion by LibreOffice when it is installed.
    case legacyOffice
    /// Any other file (a scan, a spreadsheet): it exists and has a SHA-256, but no text.
    case other

    public init(path: String) {
        let name = path.lowercased()
        if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
            self = .markdown
        } else if name.hasSuffix(".txt") {
            self = .text
        } else if name.hasSuffix(".docx") {
            self = .docx
        } else if name.hasSuffix(".pdf") {
            self = .pdf
        } else if name.hasSuffix(".xlsx") {
            self = .xlsx
        } else if [".doc", ".wps", ".rtf", ".xls", ".et"].contains(where: { name.hasSuffix($0) }) {
            self = .legacyOffice
        } else {
            self = .other
        }
    }
}
