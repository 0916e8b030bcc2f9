import Diagnostics
import Engine
import Evidence
import Foundation
import Reports
import Scheme

/// One run of `rubric batch`: loads the rubric and its overlays once, prepares
/// one ``Assessor`` (every rule file and lib module read and compiled once),
/// and assesses many bundles on `jobs` threads.
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
/// let bundles = try BatchBundleList(arguments: ["bundles/"])
/// let run = BatchRun(rubricDirectory: rubric, bundles: bundles, jobs: 2, engineVersion: "0.1.0")
/// let counts = try run.run(rows: { row in print(row.bundle, row.status) })
/// ```
public struct BatchRun: Sendable {
    public var rubricDirectory: URL
    public var overlays: [URL]
    public var bundles: BatchBundleList
    /// How many bundles are assessed at once (at least 1).
    public var jobs: Int
    /// Where each bundle's report is written (`<reportName>.<extension>`); nil writes none.
    public var reportsDirectory: URL?
    public var format: ReportFormat
    public var language: ReportLanguage
    public var engineVersion: String
    /// Where `generated_at` comes from (see ``ReportContext/generatedAt(environment:now:)``).
    public var environment: [String: String]

    public init(rubricDirectory: URL, overlays: [URL] = [], bundles: BatchBundleList, jobs: Int,
                reportsDirectory: URL? = nil, format: ReportFormat = .json, language: ReportLanguage = .zh,
                engineVersion: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.rubricDirectory = rubricDirectory
        self.overlays = overlays
        self.bundles = bundles
        self.jobs = jobs
        self.reportsDirectory = reportsDirectory
        self.format = format
        self.language = language
        self.engineVersion = engineVersion
        self.environment = environment
    }

    /// The file extension of reports in `format`.
    public static func fileExtension(of format: ReportFormat) -> String {
        switch format {
        case .json: "json"
        case .markdown: "md"
        case .html: "html"
        case .table: "txt"
        }
    }

    /// The rubric and its assessor, loaded once for the run.
    public struct Prepared: Sendable {
        public var assessor: Assessor
        /// The rubric's part ids, in order.
        public var partIDs: [String] { assessor.loaded.rubric.parts.map(\.id) }
        /// The ids of the rubric's overall grades, from the highest to the lowest.
        public var gradeIDs: [String] {
            assessor.loaded.rubric.overallGradeScale?.ascending.reversed().map(\.id) ?? []
        }
    }

    /// Loads the rubric and its overlays and prepares the assessor (every rule
    /// compiled); creates the reports folder. Throws ``AssessmentRun/Failure``
    /// for what stops the whole run.
    public func prepare() throws(AssessmentRun.Failure) -> Prepared {
        let loaded: LoadedRubric
        do {
            loaded = try RubricLoader.load(directory: rubricDirectory, overlays: overlays)
        } catch let error as FindingsError {
            throw AssessmentRun.Failure(AssessmentRun.describe(error.findings))
        } catch {
            throw AssessmentRun.Failure("\(rubricDirectory.path): \(error)")
        }
        let assessor: Assessor
        do throws(FindingsError) {
            assessor = try Assessor(rubric: loaded)
        } catch {
            throw AssessmentRun.Failure(AssessmentRun.describe(error.findings))
        }
        if let reportsDirectory {
            do {
                try FileManager.default.createDirectory(at: reportsDirectory, withIntermediateDirectories: true)
            } catch {
                throw AssessmentRun.Failure("\(reportsDirectory.path): cannot create the reports folder: "
                    + error.localizedDescription)
            }
        }
        return Prepared(assessor: assessor)
    }

    /// Assesses every bundle with `prepared` (made by ``prepare()``, or by this
    /// call). Calls `rows` with each bundle's row in input order, and
    /// `progress` with (bundles done, total) after each bundle; both from the
    /// worker threads, one call at a time. Returns the counts. Throws
    /// ``AssessmentRun/Failure`` only for what stops the whole run.
    public func run(prepared: Prepared? = nil,
                    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
                    rows: @escaping @Sendable (BatchRow) -> Void = { _ in }) throws(AssessmentRun.Failure)
        -> BatchCounts
    {
        guard let generatedAt = ReportContext.generatedAt(environment: environment) else {
            throw AssessmentRun.Failure("SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970, got "
                + "'\(environment["SOURCE_DATE_EPOCH"] ?? "")'")
        }
        let ready: Prepared
        if let prepared {
            ready = prepared
        } else {
            ready = try prepare()
        }
        let worker = BatchWorker(assessor: ready.assessor, generatedAt: generatedAt, run: self)
        let threads = max(1, min(jobs, bundles.count))
        let queue = BatchQueue(count: bundles.count, window: 4 * threads, counts: BatchCounts(gradeIDs: ready.gradeIDs),
                               progress: progress, rows: rows)
        let finished = DispatchGroup()
        // The files of the bundles just ahead of the workers are hinted to the
        // system, so that bundles read cold from an archive are mostly read by
        // the time a worker opens them.
        finished.enter()
        let prefetch = Thread {
            for index in 0..<bundles.count {
                guard queue.waitToPrefetch(index) else { continue }  // a worker was quicker
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

/// Assesses one bundle of a batch into its row (and its report file).
struct BatchWorker: Sendable {
    let assessor: Assessor
    let generatedAt: Date
    let run: BatchRun

    func assess(_ bundle: BatchBundle) -> BatchRow {
        let evidence: EvidenceBundle
        do throws(FindingsError) {
            evidence = try assessor.openBundle(bundle.url)
        } catch {
            return .failed(bundle: bundle.name,
                           error: AssessmentRun.describe(error.findings).replacingOccurrences(of: "\n", with: "; "))
        }
        defer { evidence.close() }
        let organisation = evidence.manifest.organization.name
        let assessment = assessor.assess(bundle: evidence, overrides: .empty)
        if let folder = run.reportsDirectory {
            let context = ReportContext(rubric: assessor.loaded, bundle: evidence, assessment: assessment,
                                        generatedAt: generatedAt, engineVersion: run.engineVersion,
                                        language: run.language)
            let text = AssessmentRun.render(context, format: run.format)
            let url = folder.appendingPathComponent(bundle.reportName + "." + BatchRun.fileExtension(of: run.format))
            do {
                try ReportWriter.write(text, to: url)
            } catch {
                return .failed(bundle: bundle.name, organisation: organisation, error: error.description)
            }
        }
        return BatchRow(bundle: bundle.name, organisation: organisation, assessment: assessment)
    }
}

/// The work of a batch, a bounded queue: hands out bundle indices in input
/// order, at most `window` ahead of the oldest unfinished bundle, and hands
/// finished rows on in input order (holding at most `window` of them).
final class BatchQueue: @unchecked Sendable {
    // Every field is guarded by `condition`.
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var nextIndex = 0
    private var done = 0
    /// The first index whose row has not been handed on.
    private var emitted = 0
    private var waiting: [Int: BatchRow] = [:]
    private var totals: BatchCounts
    private let progress: @Sendable (Int, Int) -> Void
    private let rows: @Sendable (BatchRow) -> Void

    init(count: Int, window: Int, counts: BatchCounts, progress: @escaping @Sendable (Int, Int) -> Void,
         rows: @escaping @Sendable (BatchRow) -> Void) {
        self.count = count
        self.window = max(1, window)
        totals = counts
        self.progress = progress
        self.rows = rows
    }

    /// The next bundle to assess, or nil when every one has been taken. Waits
    /// while the worker would run more than `window` ahead.
    func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while nextIndex < count && nextIndex >= emitted + window {
            condition.wait()
        }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        condition.broadcast()  // the prefetcher may go on
        return nextIndex - 1
    }

    /// Waits until bundle `index` is at most `window` bundles ahead of the next
    /// one a worker takes; false when it has been taken already (prefetching it
    /// would be too late).
    func waitToPrefetch(_ index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while index >= nextIndex + window {
            condition.wait()
        }
        return index >= nextIndex
    }

    /// Takes bundle `index`'s row; hands on every row now ready, in order.
    func finish(_ index: Int, row: BatchRow) {
        condition.lock()
        defer { condition.unlock() }
        waiting[index] = row
        while let ready = waiting.removeValue(forKey: emitted) {
            totals.add(ready)
            rows(ready)
            emitted += 1
        }
        done += 1
        progress(done, count)
        condition.broadcast()
    }

    /// The counts of every row handed on.
    var counts: BatchCounts {
        condition.lock()
        defer { condition.unlock() }
        return totals
    }
}
