import Foundation
import Testing

/// `rubric key generate`, `rubric assess --sign` and `rubric verify`, run as processes.
@Suite("Signed reports, run as a process")
struct SignVerifyCommandTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rubric-sign-cli-\(UUID().uuidString)")
    }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// A key pair in a new folder, and a JSON report of the complete rubric signed with it.
    static func signedReport() throws -> (folder: URL, report: URL) {
        let folder = temporaryFolder()
        let generate = try RubricBinary.run(["key", "generate", "--output", folder.path])
        #expect(generate.status == 0, "\(generate.stderr)")
        let report = folder.appendingPathComponent("report.json")
        let assess = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, "--format", "json",
            "--sign", folder.appendingPathComponent("rubric-signing.key").path, "--output", report.path,
        ])
        #expect(assess.status == 0, "\(assess.stderr)")
        return (folder, report)
    }

    @Test("key generate writes the pair once, the private key with mode 0600, and refuses to overwrite")
    func generate() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try RubricBinary.run(["key", "generate", "--output", folder.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.text(first.stdout).contains("fingerprint: sha256:"))
        let attributes = try FileManager.default.attributesOfItem(
            atPath: folder.appendingPathComponent("rubric-signing.key").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try RubricBinary.run(["key", "generate", "--output", folder.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists"), "\(second.stderr)")
    }

    @Test("verify: 0 for the signed report, 1 with a clear reason when changed, unsigned or another key")
    func verify() throws {
        let (folder, report) = try Self.signedReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let publicKey = folder.appendingPathComponent("rubric-signing.pub").path
        let good = try RubricBinary.run(["verify", report.path, "--key", publicKey])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(Self.text(good.stdout).contains("signature verified"))

        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("\"signature\": {"))
        let tampered = folder.appendingPathComponent("tampered.json")
        try text.replacingOccurrences(of: "\"total\": \"75.00\"", with: "\"total\": \"85.00\"")
            .write(to: tampered, atomically: true, encoding: .utf8)
        let changed = try RubricBinary.run(["verify", tampered.path, "--key", publicKey])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("changed after it was signed"), "\(changed.stderr)")

        let unsigned = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, "--format", "json",
        ])
        let unsignedFile = folder.appendingPathComponent("unsigned.json")
        try unsigned.stdout.write(to: unsignedFile)
        let notSigned = try RubricBinary.run(["verify", unsignedFile.path, "--key", publicKey])
        #expect(notSigned.status == 1)
        #expect(notSigned.stderr.contains("not signed"), "\(notSigned.stderr)")

        let other = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: other) }
        _ = try RubricBinary.run(["key", "generate", "--output", other.path])
        let wrongKey = try RubricBinary.run([
            "verify", report.path, "--key", other.appendingPathComponent("rubric-signing.pub").path,
        ])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("signed with another key"), "\(wrongKey.stderr)")
    }

    @Test("verify --bundle --rubric assesses again: the same bytes, or the first field that differs")
    func reassess() throws {
        let (folder, report) = try Self.signedReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let publicKey = folder.appendingPathComponent("rubric-signing.pub").path
        let same = try RubricBinary.run([
            "verify", report.path, "--key", publicKey, "--rubric", RubricBinary.complete, "--bundle",
            RubricBinary.basicBundle,
        ])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(Self.text(same.stdout).contains("byte for byte"))
        // Another rubric over the same bundle: the report's rubric digest is the first difference.
        let other = try RubricBinary.run([
            "verify", report.path, "--key", publicKey, "--rubric", RubricBinary.mini, "--bundle",
            RubricBinary.basicBundle,
        ])
        #expect(other.status == 1)
        #expect(other.stderr.contains("rubric.sha256"), "\(other.stderr)")
    }

    @Test("--sign with a format that carries no signature is refused")
    func signTable() throws {
        let (folder, _) = try Self.signedReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, "--format", "markdown",
            "--sign", folder.appendingPathComponent("rubric-signing.key").path,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("--sign"), "\(output.stderr)")
    }
}
