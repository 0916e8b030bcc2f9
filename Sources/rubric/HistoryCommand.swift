import Archive
import ArgumentParser
import Foundation

/// `rubric history CREDIT_CODE --archive FILE`: an organization's assessments over time.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show an organization's archived assessments over time.",
        discussion: """
            Every assessment of the organization in the archive, by as-of date: type, \
            period, total and grade; each part's and leaf's points over time; the grade path; \
            and the nonconformities that repeat from one audit to the next (the same leaf and \
            finding), marked ↻. HTML adds an SVG line chart of the total and part points.

            Exit status: 0 shown; 1 the archive cannot be read or has no assessment of the \
            organization; \(ExitStatusText.badUsage).

            Example:
              rubric history 91310000MA1FL8XQ3C --archive audits.sqlite --format html --output acme.html
            """
    )

    @Argument(help: "The organization's unified social credit code.")
    var creditCode: String

    @Option(help: "The archive (an SQLite file).")
    var archive: String

    @Option(help: "table, json, markdown or html.")
    var format: ArchiveOutputFormat = .table

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        do throws(ArchiveError) {
            let entries = try SQLiteArchive(readingOnly: archive).entries(creditCode: creditCode)
            guard !entries.isEmpty else { throw ArchiveError("\(archive): no assessment of \(creditCode)") }
            let text = HistoryReport.render(
                OrganizationHistory(creditCode: creditCode, entries: entries), format: format)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw ArchiveError("\(output): cannot write: \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("rubric history: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
