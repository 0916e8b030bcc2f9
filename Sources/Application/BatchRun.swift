import Evidence
import Foundation
import Reports

/// One run of `rubric batch`: with the rubric prepared once (every rule file
/// and lib module read and compiled once), assesses many bundles on `jobs`
/// threads.
///
/// Bundles stream through a bounded queue: each worker takes the next bundle
/// in input order, opens, assesses, writes its report and closes it before
/// taking another, and no worker runs more than a few bundles ahead of the
/// oldest unfinished one. Rows are handed over in input order as soon as they
/// are ready and not kept, so memory stays flat however many bundles there
/// are. One bundle's failure (a broken manifest, a report that cannot be
/// written) is its row's error and stops nothing else. Each row, and each
/// report, is what `rubric assess` gives for that bundle alone.
///
/// ```swift
/// let preparation = try AssessmentPreparation(rubricDirectory: rubric, engineVersion: "0.1.0")
/// let bundles = try BatchBundleList(arguments: ["bundles/"])
/// let run = BatchRun(preparation: preparation, bundles: bundles, jobs: 2)
/// let counts = try run.run(rows: { row in print(row.bundle, row.status) })
/// ```
public struct BatchRun: Sendable {
    /// The rubric, its assessor and what every report says.
    public var preparation: AssessmentPreparation
    public var bundles: BatchBundleList
    /// How many bundles are assessed at once (at least 1).
    public var jobs: Int
    /// Where each bundle's report is written (`<reportName>.<extension>`); nil writes none.
    public var reportsDirectory: URL?
    public var format: ReportFormat
    /// Whether each row carries its bundle's JSON report (`--archive` needs it).
    public var keepsJSONReports = false

    public init(
        preparation: AssessmentPreparation, bundles: BatchBundleList, jobs: Int, reportsDirectory: URL? = nil,
        format: ReportFormat = .json
    ) {
        self.preparation = preparation
        self.bundles = bundles
        self.jobs = jobs
        self.reportsDirectory = reportsDirectory
        self.format = format
    }

    /// The file extension of reports in `format`.
    public static func fileExtension(of format: ReportFormat) -> String {
        switch format {
        case .json: "json"
        case .markdown: "md"
        case .html, .deliverable: "html"
        case .pdf: "pdf"
        case .ncCSV: "csv"
        case .ncXLSX: "xlsx"
        case .table: "txt"
        case .junit: "junit.xml"
        case .oscal: "oscal.json"
        }
    }

    /// Creates the reports folder, then assesses every bundle. Calls `rows`
    /// with each bundle's row in input order, and `progress` with (bundles
    /// done, total) after each bundle; both from the worker threads, one call
    /// at a time. Returns the counts. Throws ``RunFailure`` only for what stops
    /// the whole run.
    public func run(
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
        rows: @escaping @Sendable (BatchRow) -> Void = { _ in }
    ) throws(RunFailure) -> BatchCounts {
        if let reportsDirectory {
            do {
                try FileManager.default.createDirectory(at: reportsDirectory, withIntermediateDirectories: true)
            } catch {
                throw RunFailure(
                    "\(reportsDirectory.path): cannot create the reports folder: "
                        + error.localizedDescription)
            }
        }
        let worker = BatchWorker(run: self)
        let threads = max(1, min(jobs, bundles.count))
        let queue = BatchQueue(
            count: bundles.count, window: 4 * threads,
            counts: BatchCounts(gradeIDs: preparation.gradeIDs), progress: progress, rows: rows)
        let finished = DispatchGroup()
        // The files of the bundles just ahead of the workers are hinted to the
        // system, so that bundles read cold from an archive are mostly read by
        // the time a worker opens them.
        finished.enter()
        let prefetch = Thread {
            for index in 0..<bundles.count {
                guard queue.waitToPrefetch(index) else { continue } // a worker was quicker
                BundlePrefetch.advise(bundles[index].url)
            }
            finished.leave()
        }
        prefetch.start()
        for _ in 0..<threads {
            finished.enter()
            let thread = Thread {
                while let index = queue.next() {
                    queue.finish(index, row: worker.assess(bundles[index]))
                }
                finished.leave()
            }
            // Lua's C stack and the host's recursion need more than a small thread's default.
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        return queue.counts
    }
}
