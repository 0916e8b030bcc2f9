import ArgumentParser
import Foundation
import Signing

/// `rubric key`: the signing keys of reports (docs/signing.md).
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make the key pair that signs reports (docs/signing.md).",
        subcommands: [KeyGenerateCommand.self]
    )
}

/// `rubric key generate --output DIR`: a new Ed25519 key pair in DIR.
struct KeyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Make a new Ed25519 key pair: DIR/rubric-signing.key (private, mode 0600) and DIR/rubric-signing.pub.",
        discussion: """
            Neither file is ever overwritten: if either exists, nothing is written. Keep the \
            private key to yourself; hand the public key (.pub) to whoever verifies.

            Exit status: 0 written; 1 a file exists or cannot be written; \(ExitStatusText.badUsage).

            Example:
              rubric key generate --output ~/.rubric
              rubric assess --rubric Rubrics/isi BUNDLE --format json --sign ~/.rubric/rubric-signing.key
            """
    )

    @Option(help: "The folder to write the key pair into (made if missing).")
    var output: String

    func run() throws {
        do throws(SigningError) {
            let key = try SigningKeyFiles.generate(in: URL(fileURLWithPath: output))
            let folder = URL(fileURLWithPath: output)
            print("private key: \(folder.appendingPathComponent(SigningKeyFiles.privateKeyName).path)")
            print("public key:  \(folder.appendingPathComponent(SigningKeyFiles.publicKeyName).path)")
            print("fingerprint: \(key.fingerprint)")
        } catch {
            FileHandle.standardError.write(Data("rubric key generate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
