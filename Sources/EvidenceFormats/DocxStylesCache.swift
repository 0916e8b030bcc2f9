import Crypto
import Foundation

/// Parsed `word/styles.xml` parts, shared by every `.docx` read in the process
/// and keyed by the SHA-256 of the part as stored (or, where it cannot be
/// found in the archive's bytes, as unpacked). Documents made from one template (an
/// organization's, or a generator's) carry the same styles part, which can
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

    /// The styles of an unpacked styles part, parsed on first sight.
    func styles(of data: Data) -> DocxStyles {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return styles(forKey: hasher.finalize()) { data }
    }

    /// The styles of the styles part `stored` in the `.docx` bytes `archive`,
    /// known by its packed bytes (the same packed bytes always unpack to the
    /// same part), so a part seen before is not even unpacked: `unpack` runs
    /// only for a new one.
    func styles<Failure: Error>(
        stored: ZipStoredEntry, in archive: Data,
        unpack: () throws(Failure) -> Data
    ) throws(Failure) -> DocxStyles {
        var hasher = SHA256()
        let size = stored.uncompressedSize
        hasher.update(data: [
            0x01, UInt8(stored.method & 0xFF), UInt8(stored.method >> 8),
            UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24),
        ])
        archive.withUnsafeBytes { raw in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[stored.packed]))
        }
        return try styles(forKey: hasher.finalize(), unpack)
    }

    private func styles<Failure: Error>(forKey key: SHA256.Digest, _ data: () throws(Failure) -> Data) throws(Failure)
        -> DocxStyles
    {
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached { return cached }
        let parsed = DocxStyles.parse(try data())
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = parsed
        lock.unlock()
        return parsed
    }
}
