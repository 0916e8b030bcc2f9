import Application
import Archive
import ArgumentParser
import Evidence
import Foundation
import Reports
import Signing

/// `rubric assess`: assesses an evidence bundle against a rubric and writes the
/// report. The work is ``AssessmentRun``'s; this only parses, prints and exits.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess an evidence bundle against a rubric and write the report.",
        discussion: """
            Exit status: 0 assessed (and the grade is not under --fail-under); 1 bad input \
            (rubric, overlay, bundle, overrides, a grade the rubric lacks); 2 assessment \
            incomplete (rule errors, manual leaves without override); 3 grade under \
            --fail-under; \(ExitStatusText.badUsage).

            generated_at is SOURCE_DATE_EPOCH when it is set, so the same inputs give \
            byte-identical reports.

            Example:
              rubric assess --rubric Rubrics/isi bundles/acme --format json --output report.json --fail-under level2
            """
    )

    @OptionGroup var rubric: RubricOptions
    @OptionGroup var deliverable: DeliverableOptions

    @Option(help: "A file of auditor overrides (docs/overrides.md); checked before any rule runs.")
    var overrides: String?

    @Argument(help: "The evidence bundle: a folder or a .zip.")
    var bundle: String

    @Option(help: "The report's format.")
    var format: ReportFormat = .table

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(
        name: .customLong("as-of"), help: "The date the assessment is made as of (YYYY-MM-DD); default the bundle's.")
    var asOf: CalendarDate?

    @Option(name: .customLong("fail-under"), help: "Exit 3 when the grade is under this one (level1, level2, level3).")
    var failUnder: String?

    @Option(help: "Also append the assessment to this archive (an SQLite file; see `rubric archive`).")
    var archive: String?

    @Option(help: "Sign the JSON report with this private key (rubric key generate; docs/signing.md).")
    var sign: String?

    @OptionGroup var ocr: OCROptionGroup

    func run() throws {
        let outcome = execute()
        if outcome != .assessed { throw ExitCode(outcome.rawValue) }
    }

    /// Runs and reports; returns how the run ends.
    private func execute() -> RunOutcome {
        let result: AssessmentRun.Result
        do throws(RunFailure) {
            var run = AssessmentRun(
                preparation: ocr.applied(to: deliverable.applied(to: try rubric.prepare(asOf: asOf))),
                bundle: URL(fileURLWithPath: bundle),
                overrides: overrides.map { URL(fileURLWithPath: $0) }, format: format, failUnder: failUnder)
            // Color only on a terminal, and never with NO_COLOR.
            run.color =
                output == nil && isatty(STDOUT_FILENO) == 1
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            run.wantsJSONReport = archive != nil
            if let sign {
                do throws(SigningError) {
                    run.signingKey = try SigningKey(contentsOf: URL(fileURLWithPath: sign))
                } catch {
                    throw RunFailure("--sign: \(error)")
                }
            }
            result = try run.run()
        } catch {
            return fail(error.message)
        }
        if let archive, let json = result.jsonReport {
            do throws(ArchiveError) {
                let id = try SQLiteArchive(path: archive).append(
                    try ArchivedAssessment(reportJSON: json, source: bundle))
                FileHandle.standardError.write(Data("rubric assess: archived as \(archive)#\(id)\n".utf8))
            } catch {
                return fail(error.message)
            }
        }
        if let output {
            do {
                try ReportWriter.write(result.data, to: URL(fileURLWithPath: output))
            } catch {
                return fail(error.description)
            }
        } else {
            FileHandle.standardOutput.write(result.data)
        }
        return result.outcome
    }

    private func fail(_ message: String) -> RunOutcome {
        FileHandle.standardError.write(Data("rubric assess: \(message)\n".utf8))
        return .badInput
    }
}
