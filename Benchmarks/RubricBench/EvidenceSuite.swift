// The evidence benchmark: how fast a large record table loads with types.
//
// Generates a 100,000-row after-sales ticket CSV in a temporary bundle, then
// times: opening the bundle and loading the table with every cell typed; turning
// the rows into the values rules get; and response-time percentiles over one
// column in Swift; then the same percentiles as a Lua rule through the RuleAPI binding
// (EvidenceSuite+LuaRule.swift), timing the rule and measuring the peak memory of load and rule.
// Prints stable lines such as `csv_load_100k_rows: median 0.123 s (5 runs)`.
//
// Run: rubric-bench evidence [prefix]
// With a prefix, runs only the measurements whose names start with it (so that the
// peak memory of one measurement is not raised by what earlier ones left behind):
// rubric-bench evidence lua_percentiles_100k_rows
import ArgumentParser
import Evidence
import Foundation

/// `rubric-bench evidence [PREFIX]`.
struct EvidenceSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence: a 100,000-row record table loaded, read and used by a Lua rule.")

    @Argument(help: "Run only the measurements whose names start with this.")
    var prefix: String?

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "evidence-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        EvidenceBenchmark(folder: folder, prefix: prefix).run()
    }
}

/// The rows of the generated ticket table.
private let rowCount = 100_000

/// A small deterministic generator, so every run sees the same data.
private struct Generator {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// Writes the ticket CSV in chunks (so generating it does not weigh on the memory figures);
/// returns its size in bytes.
private func writeTicketCSV(to url: URL) throws -> Int {
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else { fail("cannot create \(url.path)") }
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var generator = Generator()
    let channels = ["电话 phone", "邮件 e-mail", "现场 on site", "远程 remote"]
    let base = CalendarDate(iso: "2025-10-01")!
    var chunk =
        "ticket_id,project,severity,channel,opened_at,first_response_at,resolved_at,hours,escalated,description\r\n"
    var size = 0
    func stamp(_ t: LocalDateTime) -> String { t.description.replacingOccurrences(of: "T", with: " ") }
    for i in 1...rowCount {
        let day = base.adding(days: generator.next(365))
        let openedMinute = generator.next(24 * 60)
        let responseMinutes = 1 + generator.next(240)
        let resolveMinutes = responseMinutes + generator.next(72 * 60)
        let opened = LocalDateTime(date: day, hour: openedMinute / 60, minute: openedMinute % 60)!
        let response = opened.adding(seconds: Int64(responseMinutes * 60))
        let resolved = opened.adding(seconds: Int64(resolveMinutes * 60))
        let hours = "\(resolveMinutes / 60).\(String(format: "%02d", (resolveMinutes % 60) * 100 / 60))"
        let description = i % 10 == 0 ? "\"客户反馈：系统响应慢, 已处理 \"\"P\(i % 7)\"\"\"" : "例行巡检 routine check"
        let row = [
            "T\(String(format: "%06d", i))", "P\(1 + i % 12)", String(1 + generator.next(4)),
            channels[generator.next(channels.count)], stamp(opened), stamp(response),
            i % 50 == 0 ? "" : stamp(resolved), hours, generator.next(20) == 0 ? "是" : "否", description,
        ]
        chunk += row.joined(separator: ",") + "\r\n"
        if chunk.utf8.count > 1 << 20 || i == rowCount {
            try handle.write(contentsOf: Data(chunk.utf8))
            size += chunk.utf8.count
            chunk = ""
        }
    }
    return size
}

private let manifest = """
    format: 1
    organization: {name: 基准测试公司, credit_code: 91110108MA01ABCDEN}
    assessment: {scheme: isi, type: initial, audit_period: {from: 2025-10-01, to: 2026-09-30}, as_of: 2026-10-20}
    records:
      - name: tickets
        path: records/tickets.csv
        columns:
          - {name: ticket_id, type: string, required: true}
          - {name: project, type: string, required: true}
          - {name: severity, type: integer, required: true}
          - {name: channel, type: string}
          - {name: opened_at, type: datetime, required: true}
          - {name: first_response_at, type: datetime}
          - {name: resolved_at, type: datetime}
          - {name: hours, type: decimal}
          - {name: escalated, type: boolean}
          - {name: description, type: string}
      - name: tickets_gb18030
        path: records/tickets-gb18030.csv
        encoding: gb18030
        columns:
          - {name: ticket_id, type: string, required: true}
          - {name: project, type: string, required: true}
          - {name: severity, type: integer, required: true}
          - {name: channel, type: string}
          - {name: opened_at, type: datetime, required: true}
          - {name: first_response_at, type: datetime}
          - {name: resolved_at, type: datetime}
          - {name: hours, type: decimal}
          - {name: escalated, type: boolean}
          - {name: description, type: string}

    """

/// The measurements of `rubric-bench evidence` over the bundle in `folder`.
struct EvidenceBenchmark {
    /// How many times each measurement runs.
    static let runs = 5
    let folder: URL
    /// Runs only the measurements whose names start with it; nil runs all.
    let prefix: String?
    let clock = ContinuousClock()

    func run() {
        // The bundle.
        do {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("records"), withIntermediateDirectories: true)
            try manifest.write(to: folder.appendingPathComponent("bundle.yaml"), atomically: true, encoding: .utf8)
            let size = try writeTicketCSV(to: folder.appendingPathComponent("records/tickets.csv"))
            // GB18030 through iconv(1), as Excel in China would save it.
            let iconv = Process()
            iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
            iconv.arguments = [
                "-f", "UTF-8", "-t", "GB18030", "-o", folder.appendingPathComponent("records/tickets-gb18030.csv").path,
                folder.appendingPathComponent("records/tickets.csv").path,
            ]
            try iconv.run()
            iconv.waitUntilExit()
            print("csv_rows: \(rowCount)")
            print("csv_bytes: \(String(format: "%.1f", Double(size) / 1_000_000)) MB")
        } catch {
            fail("cannot write the bundle: \(error)")
        }

        let baseline = peakRSS()
        var peaks: [(String, Double)] = []

        /// Keeps the peak memory of a measurement that ran.
        func keep(_ name: String, _ peak: Double?) {
            if let peak { peaks.append((name, peak)) }
        }

        keep(
            "load",
            measure("csv_load_100k_rows") { view in
                let table = try view.recordTable("tickets")
                guard table.rowCount == rowCount else { fail("expected \(rowCount) rows, got \(table.rowCount)") }
            })

        keep(
            "load_gb18030",
            measure("csv_load_100k_rows_gb18030") { view in
                _ = try view.recordTable("tickets_gb18030")
            })

        var p90 = 0.0
        keep(
            "load_and_percentiles",
            measure(
                "response_percentiles_100k_rows_swift",
                { view in
                    // First-response time in hours, then the 50th/90th/95th percentiles: what the Lua rule will do.
                    let opened = try view.column("tickets", "opened_at")
                    let responded = try view.column("tickets", "first_response_at")
                    var hours: [Double] = []
                    hours.reserveCapacity(rowCount)
                    for (o, r) in zip(opened.arrayValue!, responded.arrayValue!) {
                        guard let o = o.stringValue, let r = r.stringValue else { continue }
                        hours.append(try view.dates.hoursBetween(o, r).doubleValue!)
                    }
                    hours.sort()
                    func percentile(_ p: Double) -> Double {
                        hours[min(hours.count - 1, Int((p * Double(hours.count)).rounded(.up)) - 1)]
                    }
                    p90 = percentile(0.90)
                    _ = (percentile(0.5), percentile(0.95))
                }, setUp: { view in _ = try view.recordTable("tickets") }))

        keep(
            "load_and_all_rows_as_values",
            measure(
                "records_values_100k_rows",
                { view in
                    let rows = try view.records("tickets")
                    guard rows.arrayValue?.count == rowCount else { fail("records() lost rows") }
                }, setUp: { view in _ = try view.recordTable("tickets") }))

        // The Lua rule through the binding (see EvidenceSuite+LuaRule.swift).
        let luaRuns: [(name: String, source: String, peak: String)] = [
            ("lua_records_100k_rows", recordsOnly, "load_and_lua_records"),
            ("lua_percentiles_100k_rows", percentilesFromRecords, "load_and_lua_percentiles"),
            (
                "lua_percentiles_100k_rows_two_columns", percentilesFromSelectedColumns,
                "load_and_lua_percentiles_two_columns"
            ),
            ("lua_percentiles_100k_rows_column", percentilesFromColumns, "load_and_lua_percentiles_column"),
        ]
        var luaFigures: [String] = []
        for entry in luaRuns where selected(entry.name) {
            let (peak, run) = measureRule(entry.name, entry.source)
            keep(entry.peak, peak)
            luaFigures.append(
                "\(entry.name)_lua_memory_peak: \(String(format: "%.1f", Double(run.memoryPeak) / 1_048_576)) MB")
            if run.results.count == 3, let luaP90 = run.results[1].numberValue {
                luaFigures.append("\(entry.name)_p90_hours: \(String(format: "%.2f", luaP90))")
            }
        }

        if selected("response_percentiles_100k_rows_swift") {
            print("response_p90_hours: \(String(format: "%.2f", p90))")
        }
        for line in luaFigures { print(line) }
        print("peak_rss_before: \(String(format: "%.1f", baseline)) MB")
        for (name, peak) in peaks {
            print("peak_rss_\(name): \(String(format: "%.1f", peak)) MB")
        }
    }

    /// Whether the measurement `name` runs: all of them, or those starting with the prefix.
    func selected(_ name: String) -> Bool {
        prefix.map { name.hasPrefix($0) } ?? true
    }

    /// Times `body` over `runs` runs, each on a freshly opened bundle (tables are cached per bundle),
    /// and returns the peak memory of the process during them; nil when not selected.
    func measure(
        _ name: String, _ body: (EvidenceView) throws -> Void,
        setUp: (EvidenceView) throws -> Void = { _ in }
    ) -> Double? {
        guard selected(name) else { return nil }
        var times: [Double] = []
        resetPeakRSS()
        for _ in 0..<Self.runs {
            do {
                let bundle = try EvidenceBundle.open(folder)
                let view = EvidenceView(bundle: bundle, calendar: nil)
                try setUp(view)
                times.append(seconds(try clock.measure { try body(view) }))
                bundle.close()
            } catch {
                fail("\(name): \(error)")
            }
        }
        report(name, times)
        return peakRSS()
    }
}

/// What every measurement uses: memory, time and the result line.
extension EvidenceBenchmark {
    /// Peak resident memory of this process (VmHWM), in MB.
    func peakRSS() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kilobytes / 1024
    }

    /// Starts a new peak-memory measurement (Linux: `echo 5 > /proc/self/clear_refs`).
    func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// `duration` in seconds.
    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Prints one result line: `name: median VALUE s (N runs; min, max)`.
    func report(_ name: String, _ times: [Double]) {
        print(
            "\(name): median \(String(format: "%.3f", median(times))) s (\(times.count) runs; min \(String(format: "%.3f", times.min()!)), max \(String(format: "%.3f", times.max()!)))"
        )
    }
}
