import Crypto
import Foundation

/// Name-based UUIDs, version 5 (RFC 9562 §5.5): the SHA-1 of a namespace UUID
/// and a name, so the same name always gives the same id. The OSCAL report
/// takes every id from these, so the same inputs give the same document.
///
/// ```swift
/// let id = UUIDv5(namespace: UUIDv5.url, name: "urn:rubric:oscal").text
/// ```
public struct UUIDv5: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes of the UUID.
    public let bytes: [UInt8]

    /// The RFC's namespace for names that are URLs: 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    public static let url = UUIDv5(
        bytes: [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])
    /// The RFC's namespace for domain names: 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
    public static let dns = UUIDv5(
        bytes: [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The version-5 UUID of `name` (its UTF-8 bytes) in `namespace`.
    public init(namespace: UUIDv5, name: String) {
        var hash = Array(Insecure.SHA1.hash(data: Data(namespace.bytes + Array(name.utf8))).prefix(16))
        hash[6] = hash[6] & 0x0F | 0x50
        hash[8] = hash[8] & 0x3F | 0x80
        bytes = hash
    }

    /// The UUID in lowercase hex, `xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx`.
    public var description: String {
        var text = ""
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text += "-" }
            text += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }
}
