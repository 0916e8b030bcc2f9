import Crypto
import Foundation

/// SHA-256 of files, in lowercase hex.
package enum FileDigest {
    /// The lowercase hex SHA-256 of the file's bytes and its size; large files
    /// are read in chunks so they need little memory.
    package static func sha256(of url: URL) throws -> (hex: String, size: Int64) {
        let read = try FileBytes.readAndHash(url, keepingUpTo: 0)
        return (read.hex, read.size)
    }

    package static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
