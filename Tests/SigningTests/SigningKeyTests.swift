import Foundation
import Signing
import TestSupport
import Testing

@Suite("Signing keys and their files")
struct SigningKeyTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rubric-signing-\(UUID().uuidString)")
    }

    @Test("generate writes a private key of mode 0600 and a public key that matches it")
    func generate() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let publicKey = try SigningKeyFiles.generate(in: folder)
        let privateURL = folder.appendingPathComponent(SigningKeyFiles.privateKeyName)
        let publicURL = folder.appendingPathComponent(SigningKeyFiles.publicKeyName)
        let mode = try FileManager.default.attributesOfItem(atPath: privateURL.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let privateKey = try SigningKey(contentsOf: privateURL)
        let readBack = try VerifyingKey(contentsOf: publicURL)
        #expect(privateKey.verifyingKey.fingerprint == publicKey.fingerprint)
        #expect(readBack.fingerprint == publicKey.fingerprint)
        #expect(publicKey.fingerprint.hasPrefix("sha256:") && publicKey.fingerprint.count == 7 + 64)
        let lines = try String(contentsOf: publicURL, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "rubric-signing-public-key ed25519")
    }

    @Test("generate never overwrites: a second run into the same folder fails and leaves the keys")
    func refusesToOverwrite() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try SigningKeyFiles.generate(in: folder)
        #expect(throws: SigningError.self) { try SigningKeyFiles.generate(in: folder) }
        let kept = try VerifyingKey(contentsOf: folder.appendingPathComponent(SigningKeyFiles.publicKeyName))
        #expect(kept.fingerprint == first.fingerprint)
    }

    @Test("a private key readable by others is refused")
    func openPrivateKeyRefused() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SigningKeyFiles.generate(in: folder)
        let privateURL = folder.appendingPathComponent(SigningKeyFiles.privateKeyName)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: privateURL.path)
        #expect(throws: SigningError.self) { try SigningKey(contentsOf: privateURL) }
    }

    @Test(
        "a key file with the wrong header or length is refused",
        arguments: [
            "rubric-signing-public-key ed25519\nAAAA\n",
            "something else\n" + Data(count: 32).base64EncodedString() + "\n",
            "",
        ])
    func malformedKeys(text: String) {
        #expect(throws: SigningError.self) { try VerifyingKey(fileText: text, path: "k.pub") }
    }
}
