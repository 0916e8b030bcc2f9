import Foundation
import Synchronization
import TestSupport
import Testing

/// Runs the built `rubric` binary.
///
/// Finding it: this test target depends on the `rubric` executable target, so
/// SwiftPM builds the binary before the tests, into the same products folder as
/// the test bundle. On Linux `Bundle.main` is the test executable in that
/// folder; on macOS it is `xctest`, so the folder is the `.xctest` bundle's.
enum RubricBinary {
    static var productsDirectory: URL {
        #if os(macOS)
            for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
                return bundle.bundleURL.deletingLastPathComponent()
            }
        #endif
        return Bundle.main.bundleURL
    }

    static let url = productsDirectory.appendingPathComponent("rubric")
    static let tests = RepositoryPaths.tests
    static let mini = RepositoryPaths.miniRubric.path
    /// One rule-judged leaf: complete, 75.00, level2.
    static let complete = RepositoryPaths.completeRubric.path
    static let basicBundle = RepositoryPaths.basicBundle.path

    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Runs `rubric` with `arguments` and `SOURCE_DATE_EPOCH=1790000000`.
    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = "1790000000"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // A process that runs past the test's own time limit is ended, and the test fails.
        let timedOut = Mutex(false)
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            timedOut.withLock { $0 = true }
            process.terminate()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 2 * testTimeLimit, execute: watchdog)
        // Read before waiting, so a full pipe cannot block the child.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if timedOut.withLock({ $0 }) { throw TestTimeLimitExceeded(seconds: 2 * testTimeLimit) }
        return Output(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite("rubric assess, run as a process")
struct AssessCommandTests {
    @Test("0: a complete assessment not under --fail-under")
    func assessed() throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--format", "json", "--fail-under", "level2",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let text = String(decoding: output.stdout, as: UTF8.self)
        #expect(text.contains("\"total\": \"75.00\""))
    }

    @Test("3: the grade is under --fail-under")
    func gradeTooLow() throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--fail-under", "level1",
        ])
        #expect(output.status == 3, "\(output.stderr)")
    }

    @Test("2: rule errors and manual leaves leave the assessment incomplete")
    func incomplete() throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--format", "markdown",
        ])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(String(decoding: output.stdout, as: UTF8.self).contains("rules/runtime-error.lua:4"))
    }

    @Test("0: auditor overrides complete an incomplete assessment; a bad override stops the run")
    func overrides() throws {
        let folder = RubricBinary.tests.appendingPathComponent("EngineTests/Fixtures/overrides")
        let valid = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", folder.appendingPathComponent("valid.yaml").path,
            "--format", "json",
        ])
        #expect(valid.status == 0, "\(valid.stderr)")
        let json = String(decoding: valid.stdout, as: UTF8.self)
        #expect(json.contains("\"status\": \"complete\""))
        let expired = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", folder.appendingPathComponent("expired.yaml").path,
        ])
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("expired.yaml:"), "\(expired.stderr)")
        #expect(expired.stdout.isEmpty)
    }

    @Test(
        "1: bad input, with a message on stderr",
        arguments: [
            (["--overrides", "/no/such/overrides.yaml"], "/no/such/overrides.yaml"),
            (["--fail-under", "level9"], "--fail-under level9"),
        ])
    func badInputOption(extra: [String], message: String) throws {
        let output = try RubricBinary.run(
            ["assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle] + extra)
        #expect(output.status == 1)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test(
        "64: a malformed, unknown or missing option is bad usage, refused before anything runs",
        arguments: [
            (["--format", "docx"], "'docx'"),
            (["--as-of", "2026-13-01"], "'2026-13-01'"),
            (["--lang", "fr"], "'fr'"),
            (["--no-such-option"], "--no-such-option"),
        ])
    func badUsage(extra: [String], message: String) throws {
        let output = try RubricBinary.run(
            ["assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle] + extra)
        #expect(output.status == 64)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("64: an unknown --format lists the values")
    func unknownFormat() throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--format", "nope",
        ])
        #expect(output.status == 64)
        for value in ["table", "json", "markdown", "html", "deliverable", "pdf", "nc-csv", "nc-xlsx", "junit", "oscal"]
        {
            #expect(output.stderr.contains("- \(value)\n"), "\(output.stderr)")
        }
    }

    @Test("64: a missing --rubric or bundle is bad usage")
    func missingArguments() throws {
        let rubric = try RubricBinary.run(["assess", RubricBinary.basicBundle])
        #expect(rubric.status == 64)
        #expect(rubric.stderr.contains("--rubric"), "\(rubric.stderr)")
        let bundle = try RubricBinary.run(["assess", "--rubric", RubricBinary.complete])
        #expect(bundle.status == 64)
    }

    @Test("--format and --lang take their values in any case")
    func caseInsensitiveValues() throws {
        let html = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--format", "HTML", "--lang", "EN",
        ])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(String(decoding: html.stdout, as: UTF8.self).contains("<svg"))
        let lower = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--format", "html", "--lang", "en",
        ])
        #expect(html.stdout == lower.stdout)
    }

    @Test("1: a missing rubric or bundle is named on stderr")
    func badInput() throws {
        let rubric = try RubricBinary.run(["assess", "--rubric", "/no/such/rubric", RubricBinary.basicBundle])
        #expect(rubric.status == 1)
        #expect(rubric.stderr.contains("/no/such/rubric/rubric.yaml"), "\(rubric.stderr)")
        let bundle = try RubricBinary.run(["assess", "--rubric", RubricBinary.complete, "/no/such/bundle"])
        #expect(bundle.status == 1)
        #expect(bundle.stderr.contains("/no/such/bundle"), "\(bundle.stderr)")
    }

    @Test("--output writes the report file, and nothing to stdout")
    func output() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.json")
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.complete, RubricBinary.basicBundle,
            "--format", "json", "--output", file.path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.isEmpty)
        let written = try Data(contentsOf: file)
        #expect(String(decoding: written, as: UTF8.self).hasPrefix("{\n  \"schema\": \"rubric.report/2\","))
    }

    @Test("five processes give byte-identical JSON")
    func deterministic() throws {
        var outputs: [Data] = []
        for _ in 0..<5 {
            let output = try RubricBinary.run([
                "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
                "--format", "json",
            ])
            #expect(output.status == 2)
            outputs.append(output.stdout)
        }
        #expect(!outputs[0].isEmpty)
        #expect(Set(outputs).count == 1)
    }

    @Test("--help shows an example")
    func help() throws {
        let output = try RubricBinary.run(["assess", "--help"])
        #expect(output.status == 0)
        #expect(String(decoding: output.stdout, as: UTF8.self).contains("Example:"))
    }
}
