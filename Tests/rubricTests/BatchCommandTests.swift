import Foundation
import Testing

/// `rubric batch`, run as a process against the fixtures, the ISI samples and
/// generated variants (Scripts/generate-bundles).
@Suite("rubric batch, run as a process")
struct BatchCommandTests {
    static let root = RubricBinary.tests.deletingLastPathComponent()
    static let isi = root.appendingPathComponent("Rubrics/isi").path
    static let samples = root.appendingPathComponent("Rubrics/isi/samples").path
    static let basicZip = RubricBinary.tests.appendingPathComponent("EvidenceTests/Fixtures/basic.zip").path

    /// A fresh temporary folder, removed by `body`'s end.
    func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// Makes `count` variants of the basic bundle in `folder/generated` with the generator.
    func generate(_ count: Int, into folder: URL) throws -> String {
        let out = folder.appendingPathComponent("generated").path
        let process = Process()
        process.executableURL = Self.root.appendingPathComponent("Scripts/generate-bundles")
        process.arguments = [
            "--count", "\(count)", "--seed", "7", "--out", out, RubricBinary.basicBundle, Self.basicZip,
        ]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return out
    }

    /// Every row equals `rubric assess` alone: the JSON report byte for byte, and the status.
    func expectSameAsAssess(rubric: String, bundles: [String], folder: URL) throws {
        let reports = folder.appendingPathComponent("reports-\(UUID().uuidString)")
        let summary = folder.appendingPathComponent("summary-\(UUID().uuidString).json")
        let batch = try RubricBinary.run(
            [
                "batch", "--rubric", rubric, "--jobs", "2", "--reports", reports.path,
                "--summary", summary.path,
            ] + bundles)
        #expect(batch.status == 0 || batch.status == 2, "\(batch.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        let entries = try #require(rows["bundles"] as? [[String: Any]])
        var statuses: [Int32] = []
        var seen: [String: Int] = [:]
        for entry in entries {
            let bundle = try #require(entry["bundle"] as? String)
            let alone = try RubricBinary.run(["assess", "--rubric", rubric, bundle, "--format", "json"])
            statuses.append(alone.status)
            #expect((entry["status"] as? String) == (alone.status == 0 ? "assessed" : "incomplete"), "\(bundle)")
            var name = URL(fileURLWithPath: bundle).lastPathComponent
            if name.hasSuffix(".zip") { name = String(name.dropLast(4)) }
            // A name given twice gets -2, -3... in input order.
            seen[name, default: 0] += 1
            if let count = seen[name], count > 1 { name += "-\(count)" }
            let report = try Data(contentsOf: reports.appendingPathComponent(name + ".json"))
            #expect(report == alone.stdout, "\(bundle): the batch report differs from rubric assess")
        }
        #expect(batch.status == (statuses.allSatisfy { $0 == 0 } ? 0 : 2))
    }

    @Test("each row and report is rubric assess's for that bundle alone: fixtures and ISI samples")
    func sameAsAssess() throws {
        try withFolder { folder in
            try expectSameAsAssess(
                rubric: RubricBinary.complete, bundles: [RubricBinary.basicBundle, Self.basicZip],
                folder: folder)
            try expectSameAsAssess(rubric: RubricBinary.mini, bundles: [RubricBinary.basicBundle], folder: folder)
            let samples = try FileManager.default.contentsOfDirectory(atPath: Self.samples).sorted()
                .map { Self.samples + "/" + $0 }
            try expectSameAsAssess(rubric: Self.isi, bundles: samples, folder: folder)
        }
    }

    @Test("each row and report is rubric assess's for that bundle alone: generated variants")
    func generatedSameAsAssess() throws {
        try withFolder { folder in
            let generated = try generate(12, into: folder)
            let bundles = try FileManager.default.contentsOfDirectory(atPath: generated).sorted()
                .map { generated + "/" + $0 }
            try expectSameAsAssess(rubric: RubricBinary.complete, bundles: bundles, folder: folder)
        }
    }

    @Test("a broken bundle in the middle is reported and the others complete")
    func brokenBundle() throws {
        try withFolder { folder in
            let bundles = folder.appendingPathComponent("bundles")
            let fileManager = FileManager.default
            try fileManager.createDirectory(at: bundles, withIntermediateDirectories: true)
            try fileManager.copyItem(atPath: RubricBinary.basicBundle, toPath: bundles.appendingPathComponent("a").path)
            try fileManager.createDirectory(at: bundles.appendingPathComponent("b"), withIntermediateDirectories: true)
            try Data("format: 1\norganization: [\n".utf8).write(to: bundles.appendingPathComponent("b/bundle.yaml"))
            try fileManager.copyItem(atPath: RubricBinary.basicBundle, toPath: bundles.appendingPathComponent("c").path)
            let summary = folder.appendingPathComponent("summary.csv")
            let reports = folder.appendingPathComponent("reports")
            let output = try RubricBinary.run([
                "batch", "--rubric", RubricBinary.complete, bundles.path, "--jobs", "2",
                "--summary", summary.path, "--reports", reports.path,
            ])
            #expect(output.status == 2, "\(output.stderr)")
            let lines = try String(contentsOf: summary, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines[0] == "bundle,organization,status,part_1,total,grade,warnings,error,leaf_1.1")
            // The basic bundle's warnings: a missing file and a corrupt .docx.
            #expect(lines[1] == "\(bundles.path)/a,北京示例信息技术有限公司,assessed,75.00,75.00,level2,2,,0.75")
            #expect(lines[2].hasPrefix("\(bundles.path)/b,,failed,,,,,"))
            #expect(lines[2].contains("b/bundle.yaml:"))
            #expect(lines[3] == "\(bundles.path)/c,北京示例信息技术有限公司,assessed,75.00,75.00,level2,2,,0.75")
            #expect(fileManager.fileExists(atPath: reports.appendingPathComponent("a.json").path))
            #expect(!fileManager.fileExists(atPath: reports.appendingPathComponent("b.json").path))
            #expect(fileManager.fileExists(atPath: reports.appendingPathComponent("c.json").path))
            let closing = String(decoding: output.stdout, as: UTF8.self)
            #expect(closing.contains("3 bundles: 2 assessed, 0 incomplete, 1 failed"), "\(closing)")
            #expect(closing.contains("level2 2"), "\(closing)")
        }
    }

    @Test("--jobs 1 and --jobs 2 give identical summaries and reports")
    func jobsAgree() throws {
        try withFolder { folder in
            let generated = try generate(30, into: folder)
            var summaries: [Data] = []
            var reports: [[Data]] = []
            for jobs in ["1", "2"] {
                for suffix in ["csv", "json"] {
                    let summary = folder.appendingPathComponent("summary-\(jobs).\(suffix)")
                    let reportFolder = folder.appendingPathComponent("reports-\(jobs)-\(suffix)")
                    let output = try RubricBinary.run([
                        "batch", "--rubric", RubricBinary.mini, generated, "--jobs", jobs,
                        "--summary", summary.path, "--reports", reportFolder.path,
                        "--format", "markdown",
                    ])
                    #expect(output.status == 2, "\(output.stderr)")
                    summaries.append(try Data(contentsOf: summary))
                    let names = try FileManager.default.contentsOfDirectory(atPath: reportFolder.path).sorted()
                    #expect(names.count == 30)
                    reports.append(try names.map { try Data(contentsOf: reportFolder.appendingPathComponent($0)) })
                }
            }
            #expect(summaries[0] == summaries[2])
            #expect(summaries[1] == summaries[3])
            #expect(reports[0] == reports[2])
        }
    }

    @Test(
        "1 bad input, 64 bad usage, with a message on stderr",
        arguments: [
            (["--jobs", "0", "BASIC"], "--jobs 0", 64),
            (["--summary", "out.txt", "BASIC"], "--summary out.txt", 64),
            (["--format", "docx", "BASIC"], "'docx'", 64),
            (["--no-such-option", "BASIC"], "--no-such-option", 64),
            ([], "<bundles>", 64),
            (["/no/such/bundle"], "/no/such/bundle", 1),
            (["EMPTY"], "no bundles", 1),
        ])
    func badUsage(arguments: [String], message: String, status: Int32) throws {
        try withFolder { folder in
            let resolved = arguments.map { argument in
                argument == "BASIC" ? RubricBinary.basicBundle : argument == "EMPTY" ? folder.path : argument
            }
            let output = try RubricBinary.run(["batch", "--rubric", RubricBinary.complete] + resolved)
            #expect(output.status == status)
            #expect(output.stderr.contains(message), "\(output.stderr)")
        }
    }

    @Test("64: a missing --rubric is bad usage; 1: a missing rubric folder is bad input")
    func rubric() throws {
        let missing = try RubricBinary.run(["batch", RubricBinary.basicBundle])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--rubric"), "\(missing.stderr)")
        let absent = try RubricBinary.run(["batch", "--rubric", "/no/such/batch-rubric", RubricBinary.basicBundle])
        #expect(absent.status == 1)
        #expect(absent.stderr.contains("/no/such/batch-rubric"), "\(absent.stderr)")
    }
}
