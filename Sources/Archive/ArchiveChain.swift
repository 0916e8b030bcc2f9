import Crypto
import Foundation

/// The hash chain: each entry's hash covers the hash of the entry before, its
/// own id and every fact it holds, so an edit, a removal or a change of order
/// breaks the chain at that entry.
public enum ArchiveChain {
    /// The `previous_hash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of entry `id` holding `record`, after the entry whose hash is
    /// `previous`: SHA-256 of `rubric.archive/1`, `previous`, `id`, the
    /// record's canonical text and the report's bytes.
    public static func hash(previous: String, id: Int64, record: ArchivedAssessment) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("rubric.archive/1\n\(previous)\n\(id)\n".utf8))
        hasher.update(data: Data(record.canonicalText.utf8))
        // The report as it is: escaping 200 KB into the canonical text would cost more than the rest.
        hasher.update(data: Data(record.reportJSON.utf8))
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
