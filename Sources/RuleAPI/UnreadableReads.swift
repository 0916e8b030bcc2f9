import Evidence
import Foundation

/// The documents a rule asked to read (`ev.text`, `ev.headings`, `ev.paragraphs`,
/// `ev.tables`) and got no text for, and among them those this run could not
/// read although the file is there (``DocumentText/needsAuditor``: scanned,
/// over the extraction budget, no extractor). The engine leaves a leaf whose rule needed such a
/// document to the auditor unless the rule gave full marks anyway.
public final class UnreadableReads: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    private var auditorIDs: [String] = []

    public init() {}

    /// Notes that the rule asked for document `id` of `bundle` and got no text.
    func note(_ id: String, in bundle: EvidenceBundle) {
        let needsAuditor = (try? bundle.text(ofDocument: id))?.needsAuditor == true
        lock.withLock {
            if !ids.contains(id) { ids.append(id) }
            if needsAuditor, !auditorIDs.contains(id) { auditorIDs.append(id) }
        }
    }

    /// The ids of the documents the rule got no text for, in the order it first asked for them.
    public var documents: [String] { lock.withLock { ids } }

    /// The ids of those documents that need the auditor, in the same order.
    public var documentsNeedingAuditor: [String] { lock.withLock { auditorIDs } }
}
