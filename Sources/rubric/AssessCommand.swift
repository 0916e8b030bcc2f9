import ArgumentParser
import Evidence
import Foundation
import Application
import Reports

/// `rubric assess`: assesses an evidence bundle against a rubric and writes the
/// report. The work is ``AssessmentRun``'s; this only parses, prints and exits.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess an evidence bundle against a rubric and write the report.",
        discussion: """
            Exit status: 0 assessed (and the grade is not under --fail-under); 1 bad usage \
            or bad input; 2 assessment incomplete (rule errors, manual leaves without \
            override); 3 grade under --fail-under.

            generated_at is SOURCE_DATE_EPOCH when it is set, so the same inputs give \
            byte-identical reports.

            Example:
              rubric assess --rubric Rubrics/isi bundles/acme --format json --output report.json --fail-under level2
            """
    )

    @Option(help: "The rubric folder (with rubric.yaml).")
    var rubric: String

    @Option(help: "An overlay file applied over the rubric; repeat for several, applied in order.")
    var overlay: [String] = []

    @Option(help: "A file of auditor overrides (docs/overrides.md); checked before any rule runs.")
    var overrides: String?

    @Argument(help: "The evidence bundle: a folder or a .zip.")
    var bundle: String

    @Option(help: "table, json, markdown or html.")
    var format: String = "table"

    @Option(help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    @Option(name: .customLong("as-of"), help: "The date the assessment is made as of (YYYY-MM-DD); default the bundle's.")
    var asOf: String?

    @Option(help: "The language of labels and titles: zh or en.")
    var lang: String = "zh"

    @Option(name: .customLong("fail-under"), help: "Exit 3 when the grade is under this one (level1, level2, level3).")
    var failUnder: String?

    func run() throws {
        let outcome = execute()
        if outcome != .assessed { throw ExitCode(outcome.rawValue) }
    }

    /// Runs and reports; returns how the run ends.
    private func execute() -> AssessmentRun.Outcome {
        guard let format = ReportFormat(rawValue: format) else {
            return fail("--format \(format): expected one of table, json, markdown, html")
        }
        guard let language = ReportLanguage(rawValue: lang) else {
            return fail("--lang \(lang): expected zh or en")
        }
        var date: CalendarDate?
        if let asOf {
            guard let parsed = CalendarDate(iso: asOf) else {
                return fail("--as-of \(asOf): expected a date YYYY-MM-DD")
            }
            date = parsed
        }
        var run = AssessmentRun(
            rubricDirectory: URL(fileURLWithPath: rubric), overlays: overlay.map { URL(fileURLWithPath: $0) },
            bundle: URL(fileURLWithPath: bundle), overrides: overrides.map { URL(fileURLWithPath: $0) },
            format: format, asOf: date, language: language,
            failUnder: failUnder, engineVersion: Rubric.configuration.version)
        // Colour only on a terminal, and never with NO_COLOR.
        run.colour = output == nil && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let result: AssessmentRun.Result
        do {
            result = try run.run()
        } catch {
            return fail(error.message)
        }
        if let output {
            do {
                try ReportWriter.write(result.report, to: URL(fileURLWithPath: output))
            } catch {
                return fail(error.description)
            }
        } else {
            FileHandle.standardOutput.write(Data(result.report.utf8))
        }
        return result.outcome
    }

    private func fail(_ message: String) -> AssessmentRun.Outcome {
        FileHandle.standardError.write(Data("rubric assess: \(message)\n".utf8))
        return .badInput
    }
}
