import Application
import Archive
import ArgumentParser
import Foundation
import Reports

/// `rubric batch`: assesses many evidence bundles against one rubric. The work
/// is ``BatchRun``'s; this parses, shows progress, writes the summary and exits.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Assess many evidence bundles against a rubric, on several threads.",
        discussion: """
            Each argument is a bundle (a folder with bundle.yaml, or a .zip) or a folder of \
            bundles (its sub-folders with bundle.yaml and its .zip files, by name). The rubric \
            is loaded and every rule compiled once; a bundle that cannot be assessed is \
            recorded in the summary and the others go on. Each row and each report is what \
            `rubric assess` gives for that bundle alone; rows are in input order whatever \
            --jobs is.

            Progress goes to standard error (a bar on a terminal, plain lines otherwise); \
            the closing counts to standard output. The summary file has one row per bundle: \
            bundle, organization, status (assessed, incomplete, failed), each part's points, \
            total, grade, error.

            Exit status: 0 every bundle assessed; 1 bad input (rubric, overlay, a path that \
            is no bundle, a summary or reports folder that cannot be written); 2 some bundle \
            incomplete (rule errors, manual leaves) or failed (broken manifest, unreadable \
            bundle); \(ExitStatusText.badUsage).

            generated_at is SOURCE_DATE_EPOCH when it is set, so reports are reproducible.

            Examples:
              rubric batch --rubric Rubrics/isi audits/2026/ --jobs 2 --summary summary.csv
              rubric batch --rubric Rubrics/isi acme.zip more/ --reports out/ --format html
            """
    )

    @OptionGroup var rubric: RubricOptions
    @OptionGroup var deliverable: DeliverableOptions

    @Argument(help: "Evidence bundles (folders or .zip files), or folders of bundles.")
    var bundles: [String]

    @Option(help: "How many bundles to assess at once; the number of cores by default.")
    var jobs: Int?

    @Option(help: "Write the summary to this file: .csv or .json.")
    var summary: String?

    @Option(help: "Write each bundle's report into this folder (created if missing).")
    var reports: String?

    @Option(help: "The reports' format.")
    var format: ReportFormat = .json

    @Option(help: "Also append each assessment to this archive (an SQLite file; see `rubric archive`).")
    var archive: String?

    @Option(
        name: .customLong("compare-to"),
        help: "Compare each bundle with this baseline: an earlier batch's summary (.csv, .json) or an archive.")
    var compareTo: String?

    @OptionGroup var ocr: OCROptionGroup

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs): expected 1 or more") }
        if let summary, summaryFormat == nil {
            throw ValidationError("--summary \(summary): expected a .csv or .json file")
        }
    }

    /// The summary's format, from its file's extension.
    private var summaryFormat: BatchSummaryWriter.Format? {
        summary.flatMap { BatchSummaryWriter.Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) }
    }

    func run() throws {
        let outcome = execute()
        if outcome != .assessed { throw ExitCode(outcome.rawValue) }
    }

    private func execute() -> RunOutcome {
        let run: BatchRun
        do throws(RunFailure) {
            let found = try BatchBundleList(arguments: bundles)
            run = BatchRun(
                preparation: ocr.applied(to: deliverable.applied(to: try rubric.prepare())), bundles: found,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                reportsDirectory: reports.map { URL(fileURLWithPath: $0, isDirectory: true) }, format: format)
        } catch {
            return fail(error.message)
        }
        var archiveSink: BatchArchiveSink?
        if let archive {
            do throws(ArchiveError) {
                archiveSink = BatchArchiveSink(archive: try SQLiteArchive(path: archive))
            } catch {
                return fail(error.message)
            }
        }
        var impact: ImpactSink?
        if let compareTo {
            do throws(ArchiveError) {
                impact = ImpactSink(
                    ImpactAnalysis(
                        baseline: try ImpactBaseline(path: compareTo), gradeIDs: run.preparation.gradeIDs,
                        leafIDs: run.preparation.loaded.rubric.leaves.map(\.id.rawValue)))
            } catch {
                return fail(error.message)
            }
        }
        var batch = run
        batch.keepsJSONReports = archiveSink != nil
        var writer: BatchSummaryWriter?
        if let summary, let summaryFormat {
            do {
                writer = try BatchSummaryWriter(
                    destination: URL(fileURLWithPath: summary), format: summaryFormat,
                    partIDs: run.preparation.partIDs,
                    leafIDs: run.preparation.loaded.rubric.leaves.map(\.id.rawValue))
            } catch {
                return fail(error.description)
            }
        }
        let progress = BatchProgress(terminal: isatty(STDERR_FILENO) == 1)
        let counts: BatchCounts
        do throws(RunFailure) {
            // Rows come one at a time, in input order (BatchRun's contract).
            let sink = writer
            let archived = archiveSink
            let compared = impact
            counts = try batch.run(
                progress: { done, total in progress.update(done: done, total: total) },
                rows: { row in
                    sink?.add(row)
                    archived?.add(row)
                    compared?.add(row)
                })
            progress.finish()
        } catch {
            progress.finish()
            return fail(error.message)
        }
        do {
            try writer?.finish(counts: counts)
        } catch {
            return fail(error.description)
        }
        if let failure = archiveSink?.failure {
            return fail(failure)
        }
        FileHandle.standardOutput.write(Data(counts.closingText.utf8))
        if let impact {
            FileHandle.standardOutput.write(Data(impact.analysis.text.utf8))
        }
        return counts.outcome
    }

    private func fail(_ message: String) -> RunOutcome {
        FileHandle.standardError.write(Data("rubric batch: \(message)\n".utf8))
        return .badInput
    }
}
