// The record-table benchmark (tables of a million rows): on a bundle whose
// record tables Scripts/generate-large-tables has grown (Scripts/bench makes
// them from the sample huaxin-level1 with 10,000, 100,000 and 1,000,000 rows),
// times reading each grown table into the columnar store, the questions rule
// 5.6 asks of `service_tickets` (one pass with an aggregate per question, and
// the monthly means grouped by a derived month), and the whole `rubric assess`
// process: wall time, processor time and peak memory.
//
// Prints stable lines such as
// `tables_load_service_tickets_1000000: median 0.912 s (3 runs; 912 ns per row)`.
// Run from a release build, with the release `rubric` next to this executable:
// rubric-bench tables BUNDLE LABEL [--runs N]
import ArgumentParser
import Evidence
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `rubric-bench tables BUNDLE LABEL [--runs N]`.
struct TablesSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Record tables: reading grown tables, the queries of rule 5.6, and the whole assessment.")

    @Argument(help: "A bundle whose record tables Scripts/generate-large-tables has grown.")
    var bundle: String

    @Argument(help: "The label of the figures (Scripts/bench: the rows per table).")
    var label: String

    @Option(help: "Runs of each measurement (the queries run at least 5 times).")
    var runs = 3

    @Option(help: "The rubric of the whole assessment.")
    var rubric = AssessSuite.root.appendingPathComponent("Rubrics/isi").path

    /// The tables Scripts/generate-large-tables grows by default.
    static let grownTables = ["service_tickets", "test_results", "implementation_logs"]

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: bundle)
        let clock = ContinuousClock()

        // (a) Reading: a fresh bundle each run, so that the table is read, typed and stored again.
        for name in Self.grownTables {
            var times: [Double] = []
            var rows = 0
            for _ in 0..<runs {
                let opened = try EvidenceBundle.open(url)
                let start = clock.now
                rows = try opened.records(named: name).rowCount
                times.append(seconds(clock.now - start))
                opened.close()
            }
            let perRow = rows == 0 ? 0 : median(times) / Double(rows) * 1e9
            print(
                "tables_load_\(name)_\(label): median \(format(median(times))) s (\(times.count) runs; "
                    + "\(String(format: "%.0f", perRow)) ns per row, \(rows) rows)")
        }

        // (b) The questions of rule 5.6, over the table read once.
        let opened = try EvidenceBundle.open(url)
        defer { opened.close() }
        let tickets = try opened.records(named: "service_tickets")
        let engine = RecordQueryEngine(table: tickets)
        let (onePass, monthly) = try Self.ruleQueries(engine)
        for (name, query) in [("one_pass", onePass), ("monthly", monthly)] {
            var times: [Double] = []
            for _ in 0..<max(runs, 5) {
                let start = clock.now
                let answer = try engine.run(query)
                times.append(seconds(clock.now - start))
                if answer.rows.isEmpty { fail("the query \(name) has no answer") }
            }
            print(
                "tables_query_5_6_\(name)_\(label): median \(format(median(times) * 1000)) ms (\(times.count) runs; "
                    + "\(tickets.rowCount) rows)")
        }

        // (c) The whole process: `rubric assess --rubric ISI BUNDLE --format json`.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("rubric")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            fail("no rubric executable at \(executable.path); build it with `swift build -c release --product rubric`")
        }
        var walls: [Double] = []
        var cpus: [Double] = []
        var status: Int32 = 0
        for _ in 0..<runs {
            let before = childUsage()
            let start = clock.now
            let process = Process()
            process.executableURL = executable
            process.arguments = ["assess", "--rubric", rubric, url.path, "--format", "json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            walls.append(seconds(clock.now - start))
            guard process.terminationReason == .exit else {
                fail("rubric assess died of signal \(process.terminationStatus)")
            }
            status = process.terminationStatus
            cpus.append(childUsage().cpu - before.cpu)
        }
        print(
            "tables_assess_\(label): median \(format(median(walls))) s wall, \(format(median(cpus))) s CPU "
                + "(\(runs) runs; min \(format(walls.min()!)), max \(format(walls.max()!)); exit \(status))")
        print("tables_assess_\(label)_peak_rss: \(String(format: "%.1f", childUsage().peakMB)) MB")
    }

    /// The queries rule 5.6 asks: every timeliness count, the support channels and
    /// the column checks in one pass over the tickets of the period, and the monthly
    /// mean response time grouped by a derived month. The period spans the table's
    /// tickets; the time limits are 4, 8, 24, 48... hours by severity.
    static func ruleQueries(_ engine: RecordQueryEngine) throws -> (RecordQuery, RecordQuery) {
        let span = try engine.run(
            RecordQuery(aggregates: [
                RecordAggregate("first", .min, column: "opened_at"), RecordAggregate("last", .max, column: "opened_at"),
                RecordAggregate("severities", .distinct, column: "severity"),
            ]))
        guard case .cell(let first) = span.rows[0][0], case .cell(let last) = span.rows[0][1],
            case .list(let severities) = span.rows[0][2], let from = day(first), let to = day(last)
        else { fail("service_tickets has no opened_at or severity") }
        let period: [RecordPredicate] = [.between("opened_at", .date(from), .date(to))]
        let deadline = RecordValue.dateTime(LocalDateTime(date: to, hour: 23, minute: 59, second: 59)!)
        var aggregates = [RecordAggregate("n", .count)]
        let support: [RecordPredicate] = [.contains("category", "技术支持")]
        aggregates.append(RecordAggregate("support_n", .count, filters: support))
        aggregates.append(RecordAggregate("support_channels", .distinct, column: "channel", filters: support))
        for field in ["first_response_at", "resolved_at"] {
            for (i, severity) in severities.enumerated() {
                let limit = Double([4, 8, 24, 48][i % 4] * (i / 4 + 1))
                let bySeverity = RecordPredicate.compare("severity", .equal, severity)
                let slow: [RecordPredicate] = [
                    bySeverity, .notNull(field), .hoursBetween(from: "opened_at", to: .column(field), .greater, limit),
                ]
                let overdue: [RecordPredicate] = [
                    bySeverity, .isNull(field), .hoursBetween(from: "opened_at", to: .value(deadline), .greater, limit),
                ]
                let prefix = "\(field)_\(i)_"
                aggregates += [
                    RecordAggregate(prefix + "done", .count, filters: [bySeverity, .notNull(field)]),
                    RecordAggregate(prefix + "slow", .count, filters: slow),
                    RecordAggregate(prefix + "slow_rows", .rows(limit: 10), filters: slow),
                    RecordAggregate(prefix + "overdue", .count, filters: overdue),
                    RecordAggregate(prefix + "overdue_rows", .rows(limit: 10), filters: overdue),
                ]
            }
        }
        let onePass = RecordQuery(filters: period, aggregates: aggregates)
        let monthly = RecordQuery(
            filters: period + [.notNull("first_response_at")], groupBy: ["month"],
            aggregates: [RecordAggregate("mean", .meanHours(to: "first_response_at"), column: "opened_at")],
            orderBy: [RecordOrder("month")], derived: [RecordDerivedColumn("month", .month, of: "opened_at")])
        return (onePass, monthly)
    }
}

/// The date of a date or date-time cell.
private func day(_ value: RecordValue) -> CalendarDate? {
    switch value {
    case .date(let date): date
    case .dateTime(let time): time.date
    default: nil
    }
}

/// The processor time (user and system, in seconds) and the peak resident memory
/// (in MB) of the child processes waited for so far.
private func childUsage() -> (cpu: Double, peakMB: Double) {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #else
        getrusage(RUSAGE_CHILDREN, &usage)
    #endif
    let cpu =
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
    // Linux gives kilobytes; macOS bytes.
    #if os(Linux)
        let peak = Double(usage.ru_maxrss) / 1024
    #else
        let peak = Double(usage.ru_maxrss) / 1024 / 1024
    #endif
    return (cpu, peak)
}

/// `duration` in seconds.
private func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}

private func format(_ value: Double) -> String { String(format: "%.3f", value) }
