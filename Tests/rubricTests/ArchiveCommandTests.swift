import Foundation
import TestSupport
import Testing

/// `rubric archive`, `assess --archive` and `batch --archive`, run as processes:
/// concurrent appends, a process killed mid-write, verify's exit status.
@Suite("rubric archive, run as processes")
struct ArchiveCommandTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archive-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A JSON report of the one-leaf rubric, written into `folder`.
    static func report(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("report.json").path
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, "--format", "json", "--output", path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        return path
    }

    static func entryCount(_ archive: String) throws -> Int {
        let output = try RubricBinary.run(["archive", "verify", archive])
        let text = String(decoding: output.stdout, as: UTF8.self)
        #expect(output.status == 0, "\(text)")
        guard let match = text.firstMatch(of: /: (\d+) entries/) else { return -1 }
        return Int(match.1) ?? -1
    }

    @Test("assess --archive keeps the report byte for byte; add and verify; a missing archive fails verify")
    func assessAndAdd() throws {
        let folder = try Self.folder()
        let archive = folder.appendingPathComponent("audits.sqlite").path
        let report = try Self.report(in: folder)
        let assessed = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, "--format", "markdown",
            "--archive", archive,
        ])
        #expect(assessed.status == 0, "\(assessed.stderr)")
        #expect(assessed.stderr.contains("archived as \(archive)#1"))
        let added = try RubricBinary.run(["archive", "add", archive, report])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(String(decoding: added.stdout, as: UTF8.self) == "\(report): entry 2\n")
        #expect(try Self.entryCount(archive) == 2)
        let missing = try RubricBinary.run(["archive", "verify", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such archive"))
    }

    @Test("two processes appending to one archive at once lose nothing")
    func concurrentAppends() throws {
        let folder = try Self.folder()
        let archive = folder.appendingPathComponent("audits.sqlite").path
        let report = try Self.report(in: folder)
        let reports = Array(repeating: report, count: 40)
        let processes = (0..<2).map { _ in
            let process = Process()
            process.executableURL = RubricBinary.url
            process.arguments = ["archive", "add", archive] + reports
            process.standardOutput = FileHandle.nullDevice
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        #expect(try Self.entryCount(archive) == 80)
    }

    @Test("a process killed mid-write leaves the archive consistent and verifiable")
    func killedMidWrite() throws {
        let folder = try Self.folder()
        let archive = folder.appendingPathComponent("audits.sqlite").path
        let report = try Self.report(in: folder)
        #expect(try RubricBinary.run(["archive", "add", archive, report]).status == 0)
        for delay in [0.15, 0.3, 0.5] {
            let before = try Self.entryCount(archive)
            let process = Process()
            process.executableURL = RubricBinary.url
            process.arguments = ["archive", "add", archive] + Array(repeating: report, count: 5000)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let after = try Self.entryCount(archive)
            #expect(after >= before && after < before + 5000)
        }
        let added = try RubricBinary.run(["archive", "add", archive, report])
        #expect(added.status == 0, "\(added.stderr)")
    }

    @Test("batch --archive archives every assessed bundle, in input order")
    func batchArchive() throws {
        let folder = try Self.folder()
        let archive = folder.appendingPathComponent("audits.sqlite").path
        let output = try RubricBinary.run([
            "batch", "--rubric", RubricBinary.complete, RubricBinary.basicBundle, RubricBinary.basicBundle,
            "--jobs", "2", "--archive", archive,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try Self.entryCount(archive) == 2)
    }
}
