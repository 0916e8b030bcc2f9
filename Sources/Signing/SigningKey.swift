import Crypto
import Foundation

/// An Ed25519 private key that signs reports, and its file format
/// (docs/signing.md): a header line `rubric-signing-key ed25519`, then the
/// 32-byte seed in base64, each line ending with a newline.
///
/// ```swift
/// let key = SigningKey.generate()
/// let signature = try ReportSignature.sign(reportJSON: text, with: key)
/// ```
public struct SigningKey: Sendable {
    /// The first line of a private key file.
    public static let header = "rubric-signing-key ed25519"

    /// The 32-byte seed (Crypto's key types are not `Sendable`; the bytes are).
    let seed: Data

    init(_ key: Curve25519.Signing.PrivateKey) {
        seed = key.rawRepresentation
    }

    /// The key of ``seed``, which the initializers checked.
    private var key: Curve25519.Signing.PrivateKey {
        get throws(SigningError) {
            do {
                return try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            } catch {
                throw .signingFailed(reason: "\(error)")
            }
        }
    }

    /// A new random key.
    public static func generate() -> SigningKey {
        SigningKey(Curve25519.Signing.PrivateKey())
    }

    /// The key from the text of its file. Throws ``SigningError/malformedKey(path:reason:)``.
    public init(fileText: String, path: String) throws(SigningError) {
        let seed = try KeyFileText.payload(of: fileText, header: Self.header, path: path)
        do {
            self.init(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
        } catch {
            throw .malformedKey(path: path, reason: "not an Ed25519 private key (\(error))")
        }
    }

    /// Reads the key file at `url`, refusing one that others than its owner can read.
    public init(contentsOf url: URL) throws(SigningError) {
        let path = url.path
        let attributes: [FileAttributeKey: Any]
        let data: Data
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw .malformedKey(
                path: path,
                reason: "the private key is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        try self.init(fileText: String(decoding: data, as: UTF8.self), path: path)
    }

    /// The text of the key's file.
    public var fileText: String {
        "\(Self.header)\n\(seed.base64EncodedString())\n"
    }

    /// The public half, which verifies.
    public var verifyingKey: VerifyingKey {
        // The seed was checked when the key was made or read, so the key is there.
        VerifyingKey(raw: (try? key.publicKey.rawRepresentation) ?? Data())
    }

    /// Signs `bytes`.
    func signature(for bytes: [UInt8]) throws(SigningError) -> Data {
        do {
            return try key.signature(for: Data(bytes))
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
    }
}
