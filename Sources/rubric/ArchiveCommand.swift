import Archive
import ArgumentParser
import Foundation

/// `rubric archive`: the assessment archive (add reports, verify the hash chain).
struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Keep assessments in an append-only SQLite archive, and verify it.",
        discussion: """
            The archive keeps each assessment's facts (organization, assessment type and \
            period, as-of date, rubric and overlay digests, each leaf's rule digest, params \
            and result, the bundle's file digests, overrides) and the JSON report itself. \
            Each entry carries the hash of the one before; verify reports any entry changed, \
            removed or reordered. See docs/archive.md.

            Examples:
              rubric archive add audits.sqlite report.json more/*.json
              rubric archive verify audits.sqlite
            """,
        subcommands: [ArchiveAddCommand.self, ArchiveVerifyCommand.self]
    )
}

/// `rubric archive add FILE REPORT.json…`.
struct ArchiveAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Append JSON reports (rubric.report/2) to an archive, one transaction each.",
        discussion: "Exit status: 0 every report added; 1 a report or the archive could not be read or written."
    )

    @Argument(help: "The archive (an SQLite file; created when missing).")
    var archive: String

    @Argument(help: "JSON reports of `rubric assess --format json` or `rubric batch --reports`.")
    var reports: [String]

    func run() throws {
        do throws(ArchiveError) {
            let store = try SQLiteArchive(path: archive)
            for report in reports {
                let text: String
                do {
                    text = try String(contentsOfFile: report, encoding: .utf8)
                } catch {
                    throw ArchiveError("\(report): cannot read: \(error.localizedDescription)")
                }
                let id = try store.append(try ArchivedAssessment(reportJSON: text, source: report))
                print("\(report): entry \(id)")
            }
        } catch {
            FileHandle.standardError.write(Data("rubric archive add: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `rubric archive verify FILE`.
struct ArchiveVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive's hash chain: any entry changed, removed or reordered.",
        discussion: """
            Prints the number of entries and the hash of the last one (keep it elsewhere: \
            entries removed from the end show only against it), then each problem.

            Exit status: 0 the chain is intact; 1 a problem found, or the archive cannot be read.
            """
    )

    @Argument(help: "The archive (an SQLite file).")
    var archive: String

    func run() throws {
        let verification: ArchiveVerification
        do throws(ArchiveError) {
            verification = try SQLiteArchive(readingOnly: archive).verify()
        } catch {
            FileHandle.standardError.write(Data("rubric archive verify: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        print("\(archive): \(verification.count) entries, head \(verification.headHash)")
        for problem in verification.problems {
            print("  \(problem)")
        }
        if !verification.isIntact {
            print("\(archive): the chain is broken (\(verification.problems.count) problems)")
            throw ExitCode(1)
        }
        print("\(archive): the chain is intact")
    }
}
