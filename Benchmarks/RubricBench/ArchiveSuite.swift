// The archive benchmark: an archive of COUNT assessments made from one JSON
// report (each with a credit code of its own, but one organization audited 10
// times), the time to add one more report to it, and its size on disk.
// Scripts/bench then times `rubric diff` and `rubric history` on that archive
// as whole processes.
//
// Prints stable lines such as `archive_add_one_at_10000: median 1.234 ms (50 runs)`.
import Archive
import ArgumentParser
import Foundation

/// `rubric-bench archive REPORT.json ARCHIVE [--count N]`.
struct ArchiveSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "The archive: filling it, adding one report to a full one, its size on disk.")

    @Argument(help: "A JSON report (rubric.report/2) to archive again and again.")
    var report: String

    @Argument(help: "The archive to make (must not exist).")
    var archive: String

    @Option(help: "How many assessments the archive holds before the timed adds.")
    var count = 10_000

    @Option(help: "How many timed adds.")
    var runs = 50

    /// The credit code of the organization with 10 audits (Scripts/bench asks its history).
    static let auditedCode = "91000000BENCH00010"

    /// The `index`-th synthetic credit code (18 characters).
    static func code(_ index: Int) -> String {
        let digits = String(index)
        return "91000000" + String(repeating: "0", count: 10 - digits.count) + digits
    }

    func run() throws {
        guard !FileManager.default.fileExists(atPath: archive) else { fail("\(archive) exists") }
        let text = try String(contentsOfFile: report, encoding: .utf8)
        let original = try ArchivedAssessment(reportJSON: text, source: report).creditCode
        let store = try SQLiteArchive(path: archive)
        let clock = ContinuousClock()
        let spacing = max(count / 10, 1)
        let fill = try clock.measure {
            for index in 0..<count {
                let code = index % spacing == 0 ? Self.auditedCode : Self.code(index)
                let record = try ArchivedAssessment(
                    reportJSON: text.replacingOccurrences(of: original, with: code), source: report)
                _ = try store.append(record)
            }
        }
        print(String(format: "archive_fill_%d: %.3f s (one transaction each)", count, seconds(fill)))
        var times: [Double] = []
        for run in 0..<runs {
            let record = try ArchivedAssessment(
                reportJSON: text.replacingOccurrences(of: original, with: Self.code(count + run)), source: report)
            let elapsed = try clock.measure { _ = try store.append(record) }
            times.append(seconds(elapsed) * 1000)
        }
        print(String(format: "archive_add_one_at_%d: median %.3f ms (%d runs)", count, median(times), runs))
        // What an add is made of, before the SQL: the record read from the
        // report's JSON, and the hash that chains it.
        var reads: [Double] = []
        var hashes: [Double] = []
        for _ in 0..<runs {
            var record: ArchivedAssessment?
            reads.append(
                seconds(try clock.measure { record = try ArchivedAssessment(reportJSON: text, source: report) }) * 1000)
            guard let record else { continue }
            hashes.append(
                seconds(clock.measure { _ = ArchiveChain.hash(previous: ArchiveChain.genesis, id: 1, record: record) })
                    * 1000)
        }
        print(
            String(
                format: "archive_record_from_json: median %.3f ms (%d runs; %d bytes of JSON)", median(reads), runs,
                text.utf8.count))
        print(String(format: "archive_chain_hash: median %.3f ms (%d runs)", median(hashes), runs))
        let size = ["", "-wal", "-shm"].compactMap { suffix in
            (try? FileManager.default.attributesOfItem(atPath: archive + suffix))?[.size] as? Int
        }.reduce(0, +)
        print(
            String(
                format: "archive_size_%d: %.1f MB (%.1f KB an assessment)", count + runs,
                Double(size) / 1_048_576, Double(size) / 1024 / Double(count + runs)))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
