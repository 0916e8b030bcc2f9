import Diagnostics
import EvidenceFormats

/// The outcome of reading a document's text: its content, or a finding that says
/// why it could not be read (a missing file, a corrupt `.docx`, no `pdftotext`).
public enum DocumentText: Sendable, Hashable {
    case readable(DocumentContent)
    case unreadable(Finding)

    /// The content, or nil when the document could not be read.
    public var content: DocumentContent? {
        if case .readable(let content) = self { content } else { nil }
    }

    /// Why the document could not be read, or nil.
    public var problem: Finding? {
        if case .unreadable(let finding) = self { finding } else { nil }
    }
}
