import Crypto
import Foundation

/// An Ed25519 public key that verifies reports, and its file format
/// (docs/signing.md): a header line `rubric-signing-public-key ed25519`,
/// then the 32-byte key in base64, each line ending with a newline.
public struct VerifyingKey: Sendable {
    /// The first line of a public key file.
    public static let header = "rubric-signing-public-key ed25519"

    /// The 32 raw key bytes (Crypto's key types are not `Sendable`; the bytes are).
    let raw: Data

    init(raw: Data) {
        self.raw = raw
    }

    /// The key from the text of its file. Throws ``SigningError/malformedKey(path:reason:)``.
    public init(fileText: String, path: String) throws(SigningError) {
        let raw = try KeyFileText.payload(of: fileText, header: Self.header, path: path)
        do {
            self.raw = try Curve25519.Signing.PublicKey(rawRepresentation: raw).rawRepresentation
        } catch {
            throw .malformedKey(path: path, reason: "not an Ed25519 public key (\(error))")
        }
    }

    /// Reads the key file at `url`.
    public init(contentsOf url: URL) throws(SigningError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        try self.init(fileText: String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// The text of the key's file.
    public var fileText: String {
        "\(Self.header)\n\(raw.base64EncodedString())\n"
    }

    /// `sha256:` and the SHA-256 of the 32 raw key bytes in lowercase hex: what a
    /// signature names its key by.
    public var fingerprint: String {
        "sha256:"
            + SHA256.hash(data: raw).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
    }

    /// Whether `signature` is this key's signature of `bytes`.
    func isValidSignature(_ signature: Data, for bytes: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: Data(bytes))
    }
}

/// The two-line text of a key file: its header, then the key in base64.
enum KeyFileText {
    static func payload(of text: String, header: String, path: String) throws(SigningError) -> Data {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard lines.count == 2, lines[0] == header else {
            throw .malformedKey(path: path, reason: "expected the line '\(header)' and a line of base64")
        }
        guard let data = Data(base64Encoded: lines[1]), data.count == 32 else {
            throw .malformedKey(path: path, reason: "the second line is not 32 bytes in base64")
        }
        return data
    }
}
