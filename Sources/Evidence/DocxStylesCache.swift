import Crypto
import Foundation

/// Parsed `word/styles.xml` parts, shared by every `.docx` read in the process
/// and keyed by the part's SHA-256. Documents made from one template (an
/// organisation's, or a generator's) carry the same styles part, which can
/// be hundreds of kilobytes of XML; it is parsed once.
///
/// Bounded: when full, it is emptied and starts again, so memory stays flat in
/// a long batch. Thread-safe.
final class DocxStylesCache: @unchecked Sendable {
    /// The cache every `.docx` read uses.
    static let shared = DocxStylesCache(capacity: 32)

    private let capacity: Int
    private let lock = NSLock()
    private var entries: [SHA256.Digest: DocxStyles] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The styles of `data`, parsed on first sight.
    func styles(of data: Data) -> DocxStyles {
        let key = SHA256.hash(data: data)
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached }
        let parsed = DocxStyles.parse(data)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = parsed
        lock.unlock()
        return parsed
    }
}
