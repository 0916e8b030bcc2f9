import Archive
import ArgumentParser
import Foundation

extension ArchiveOutputFormat: ExpressibleByArgument {}

/// `rubric diff A B`: which leaves moved between two assessments, by how much and why.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which leaves moved between two assessments, by how much, and why.",
        discussion: """
            A and B are JSON reports (rubric.report/2) or archive entries written FILE#ID. \
            With --archive and one credit code, the organization's last two assessments. \
            Each leaf whose status, fraction or points differ is listed with its causes, \
            from the digests both carry: evidence changed (which files), rule changed, \
            params or weight changed, override added or removed, assessment date moved, \
            rubric or overlay changed.

            Exit status: 0 shown; 1 a report or entry cannot be read; \(ExitStatusText.badUsage).

            Examples:
              rubric diff audits.sqlite#12 audits.sqlite#31 --format markdown
              rubric diff 91310000MA1FL8XQ3C --archive audits.sqlite
              rubric diff old/report.json new/report.json --format json
            """
    )

    @Argument(help: "A (the earlier): a JSON report or FILE#ID; with --archive, a credit code.")
    var first: String

    @Argument(help: "B (the later): a JSON report or FILE#ID.")
    var second: String?

    @Option(help: "The archive whose last two assessments of the credit code A are compared.")
    var archive: String?

    @Option(help: "table, json or markdown.")
    var format: ArchiveOutputFormat = .table

    func validate() throws {
        if format == .html { throw ValidationError("--format html: diff is table, json or markdown") }
        if second == nil && archive == nil {
            throw ValidationError("give two assessments, or a credit code with --archive")
        }
        if second != nil && archive != nil {
            throw ValidationError("--archive takes one credit code, not two assessments")
        }
    }

    func run() throws {
        do throws(ArchiveError) {
            let a: (label: String, record: ArchivedAssessment)
            let b: (label: String, record: ArchivedAssessment)
            if let second {
                a = try AssessmentSource.load(first)
                b = try AssessmentSource.load(second)
            } else {
                (a, b) = try AssessmentSource.lastTwo(creditCode: first, archive: archive ?? "")
            }
            let diff = AssessmentDiff(from: a.record, to: b.record)
            let text = DiffReport.render(diff, labels: (a.label, b.label), format: format)
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch {
            FileHandle.standardError.write(Data("rubric diff: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
