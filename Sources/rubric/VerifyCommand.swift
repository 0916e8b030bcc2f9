import Application
import ArgumentParser
import Foundation
import Signing

/// `rubric verify REPORT --key PUB`: checks a signed JSON report, and with the
/// inputs given, assesses again and compares byte for byte.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a signed JSON report's signature; with the inputs, also assess again and compare.",
        discussion: """
            The signature covers the canonical JSON of the report without its signature \
            object (docs/signing.md), so any change to any value is found. With --bundle and \
            --rubric (and the --overlay and --overrides files of the assessment), the bundle is \
            assessed again as of the report's as_of date and generated_at time, and the new \
            report must be the same bytes; the first field that differs is named. Give the \
            overlays with the same paths as when assessing (the report records them).

            Exit status: 0 verified; 1 not verified (unsigned, another key, changed, or the \
            new assessment differs) or bad input; \(ExitStatusText.badUsage).

            Examples:
              rubric verify report.json --key rubric-signing.pub
              rubric verify report.json --key rubric-signing.pub --rubric Rubrics/isi --bundle bundles/acme
            """
    )

    @Argument(help: "The signed JSON report.")
    var report: String

    @Option(help: "The public key (rubric-signing.pub) of the key that signed.")
    var key: String

    @Option(help: "Assess this bundle again and compare (needs --rubric).")
    var bundle: String?

    @Option(help: "The rubric folder of the assessment (with --bundle).")
    var rubric: String?

    @Option(name: .customLong("overlay"), help: "An overlay of the assessment, in order; repeatable (with --bundle).")
    var overlays: [String] = []

    @Option(help: "The auditor overrides file of the assessment (with --bundle).")
    var overrides: String?

    func validate() throws {
        if (bundle == nil) != (rubric == nil) {
            throw ValidationError("--bundle and --rubric go together")
        }
        if bundle == nil, overrides != nil || !overlays.isEmpty {
            throw ValidationError("--overlay and --overrides need --bundle and --rubric")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: report) else {
            throw failure("\(report): cannot read the report")
        }
        let text = String(decoding: data, as: UTF8.self)
        let publicKey: VerifyingKey
        do throws(SigningError) {
            publicKey = try VerifyingKey(contentsOf: URL(fileURLWithPath: key))
        } catch {
            throw failure("\(error)")
        }
        let signature: ReportSignature
        do throws(VerificationFailure) {
            signature = try ReportSignature.verify(reportJSON: text, with: publicKey)
        } catch {
            throw failure("\(report): NOT VERIFIED: \(error)")
        }
        print("\(report): signature verified (\(signature.algorithm), key \(signature.keyFingerprint))")
        guard let bundle, let rubric else { return }
        let reassessment = ReportReassessment(
            rubricDirectory: URL(fileURLWithPath: rubric), overlays: overlays.map { URL(fileURLWithPath: $0) },
            overrides: overrides.map { URL(fileURLWithPath: $0) }, bundle: URL(fileURLWithPath: bundle),
            engineVersion: RubricCommand.configuration.version)
        let difference: String?
        do throws(RunFailure) {
            difference = try reassessment.compare(reportJSON: text)
        } catch {
            throw failure("\(report): cannot assess again: \(error.message)")
        }
        if let difference {
            throw failure("\(report): NOT VERIFIED: assessing \(bundle) again gives another report: \(difference)")
        }
        print("\(report): assessing \(bundle) again gives the same report, byte for byte")
    }

    /// Writes `message` to standard error; the exit status 1 to throw.
    private func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("rubric verify: \(message)\n".utf8))
        return ExitCode(1)
    }
}
