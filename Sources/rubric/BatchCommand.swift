import ArgumentParser
import Foundation
import Application
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
            bundle, organisation, status (assessed, incomplete, failed), each part's points, \
            total, grade, error.

            Exit status: 0 every bundle assessed; 1 bad usage or bad input (rubric, overlay, \
            options, a path that is no bundle); 2 some bundle incomplete (rule errors, manual \
            leaves) or failed (broken manifest, unreadable bundle).

            generated_at is SOURCE_DATE_EPOCH when it is set, so reports are reproducible.

            Examples:
              rubric batch --rubric Rubrics/isi audits/2026/ --jobs 2 --summary summary.csv
              rubric batch --rubric Rubrics/isi acme.zip more/ --reports out/ --format html
            """
    )

    @Option(help: "The rubric folder (with rubric.yaml).")
    var rubric: String

    @Option(help: "An overlay file applied over the rubric; repeat for several, applied in order.")
    var overlay: [String] = []

    @Argument(help: "Evidence bundles (folders or .zip files), or folders of bundles.")
    var bundles: [String]

    @Option(help: "How many bundles to assess at once; the number of cores by default.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Write the summary to this file: .csv or .json.")
    var summary: String?

    @Option(help: "Write each bundle's report into this folder (created if missing).")
    var reports: String?

    @Option(help: "The reports' format: json, markdown, html or table.")
    var format: String = "json"

    @Option(help: "The language of labels and titles: zh or en.")
    var lang: String = "zh"

    func run() throws {
        let outcome = execute()
        if outcome != .assessed { throw ExitCode(outcome.rawValue) }
    }

    private func execute() -> AssessmentRun.Outcome {
        guard !bundles.isEmpty else { return fail("no bundles given") }
        guard jobs >= 1 else { return fail("--jobs \(jobs): expected 1 or more") }
        guard let format = ReportFormat(rawValue: format) else {
            return fail("--format \(format): expected one of table, json, markdown, html")
        }
        guard let language = ReportLanguage(rawValue: lang) else { return fail("--lang \(lang): expected zh or en") }
        var summaryFormat: BatchSummaryWriter.Format?
        if let summary {
            summaryFormat = BatchSummaryWriter.Format(rawValue: URL(fileURLWithPath: summary).pathExtension.lowercased())
            guard summaryFormat != nil else { return fail("--summary \(summary): expected a .csv or .json file") }
        }
        let found: BatchBundleList
        do {
            found = try BatchBundleList(arguments: bundles)
        } catch {
            return fail(error.message)
        }
        let run = BatchRun(
            rubricDirectory: URL(fileURLWithPath: rubric), overlays: overlay.map { URL(fileURLWithPath: $0) },
            bundles: found, jobs: jobs, reportsDirectory: reports.map { URL(fileURLWithPath: $0, isDirectory: true) },
            format: format, language: language, engineVersion: Rubric.configuration.version)
        let progress = BatchProgress(terminal: isatty(STDERR_FILENO) == 1)
        let counts: BatchCounts
        do {
            let prepared = try run.prepare()
            var writer: BatchSummaryWriter?
            if let summary, let summaryFormat {
                do {
                    writer = try BatchSummaryWriter(destination: URL(fileURLWithPath: summary), format: summaryFormat,
                                                    partIDs: prepared.partIDs)
                } catch {
                    return fail(error.description)
                }
            }
            // Rows come one at a time, in input order (BatchRun's contract).
            let sink = writer
            counts = try run.run(prepared: prepared, progress: { done, total in progress.update(done: done, total: total) },
                                 rows: { row in sink?.add(row) })
            progress.finish()
            do {
                try writer?.finish(counts: counts)
            } catch {
                return fail(error.description)
            }
        } catch {
            progress.finish()
            return fail(error.message)
        }
        FileHandle.standardOutput.write(Data(counts.closingText.utf8))
        return counts.outcome
    }

    private func fail(_ message: String) -> AssessmentRun.Outcome {
        FileHandle.standardError.write(Data("rubric batch: \(message)\n".utf8))
        return .badInput
    }
}
