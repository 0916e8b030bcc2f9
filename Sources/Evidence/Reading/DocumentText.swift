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

    /// The codes of problems that are nobody's fault in the bundle: the
    /// document is there but this run could not read it (a scan without a text
    /// layer, an image, text over the extraction budget, no extractor
    /// installed). A rule that needed such a document leaves its leaf to the
    /// auditor instead of judging it; a missing or corrupt file stays evidence
    /// the rules judge.
    public static let auditorCodes: Set<String> = ["document-scanned", "document-over-budget", "extractor-missing"]

    /// Whether the document could not be read for one of the ``auditorCodes``.
    public var needsAuditor: Bool {
        problem.map { Self.auditorCodes.contains($0.code) } ?? false
    }

    /// Why the document could not be read, or nil.
    public var problem: Finding? {
        if case .unreadable(let finding) = self { finding } else { nil }
    }
}
