import Foundation
import Testing

/// `rubric test`, `rubric run --leaf` and the rule-error display of reports,
/// run through the built binary.
@Suite("rubric authoring commands, run as processes")
struct AuthoringCommandsTests {
    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test(
        "reports show a rule error's message, then its traceback, in every format",
        arguments: ["table", "markdown", "html", "json"])
    func tracebacks(format: String) throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", CommandsTests.valid, "--format", format,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let text = Self.text(output.stdout)
        let message = try #require(text.range(of: "trial run table is missing"), "\(text)")
        let frame = try #require(text.range(of: "rules/runtime-error.lua:4: in function"), "\(text)")
        #expect(message.lowerBound < frame.lowerBound)
    }

    @Test("test: a filter that matches nothing fails with a suggestion")
    func emptyFilter() throws {
        let output = try RubricBinary.run(["test", CommandsTests.isi, "--filter", "5.5.9"])
        #expect(output.status == 1)
        #expect(Self.text(output.stdout).contains("did you mean 5.5.1"), "\(Self.text(output.stdout))")
    }

    @Test("test: -v prints each check; a failure names its file and line and the rule's traceback")
    func verboseAndFailure() throws {
        let folder = try CommandsTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mini = try CommandsTests.miniCopy(in: folder)
        try """
        leaf: "1.4"
        name: expects a score
        bundle: \(RubricBinary.basicBundle)
        expect:
          status: scored
        """.write(to: mini.appendingPathComponent("tests/failing.yaml"), atomically: true, encoding: .utf8)
        let output = try RubricBinary.run(["test", mini.path, "--filter", "1.4", "-v"])
        let text = Self.text(output.stdout)
        #expect(output.status == 1)
        #expect(text.contains("ok   status error"), "\(text)")
        #expect(text.contains("FAIL status scored"), "\(text)")
        #expect(text.contains("tests/failing.yaml:1"), "\(text)")
        #expect(text.contains("rules/runtime-error.lua:4: in function"), "\(text)")

        let junit = try RubricBinary.run(["test", mini.path, "--filter", "1.4", "--format", "junit"])
        let xml = Self.text(junit.stdout)
        #expect(junit.status == 1)
        #expect(xml.hasPrefix("<?xml"))
        #expect(xml.contains("<failure message=\"status: expected scored"), "\(xml)")
        #expect(xml.contains("classname=\"1.4\""))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 >= 2)
        #expect(xml.hasSuffix("</testsuites>\n"))
    }

    @Test("test --watch reruns the tests of a saved file, for a bounded number of polls")
    func watch() throws {
        let folder = try CommandsTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mini = try CommandsTests.miniCopy(in: folder)
        let process = Process()
        process.executableURL = RubricBinary.url
        process.arguments = ["test", mini.path, "--watch", "--watch-polls", "8"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        let rule = mini.appendingPathComponent("rules/bad-return.lua")
        try (try String(contentsOf: rule, encoding: .utf8) + "-- saved\n").write(
            to: rule, atomically: true, encoding: .utf8)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = Self.text(out)
        let rerun = try #require(text.components(separatedBy: "changed: ").last, "\(text)")
        #expect(text.contains("changed: "), "\(text)")
        #expect(rerun.contains("1.5"), "\(text)")
        #expect(!rerun.contains("PASS 1.1"), "only the tests of the saved rule run again: \(text)")
    }

    @Test("run --leaf: verdict, findings, log and the evidence-API calls")
    func runLeaf() throws {
        let output = try RubricBinary.run([
            "run", "--rubric", RubricBinary.mini, "--leaf", "1.1", RubricBinary.basicBundle, "--trace",
        ])
        let text = Self.text(output.stdout)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(text.contains("status: scored  fraction: 0.75  band: middle"), "\(text)")
        #expect(text.contains("nonconformity: 缺少文档 missing document: site_photo"))
        #expect(text.contains("log:\n  present 3 of 4"))
        #expect(text.contains("ev.documents({type = \"site_photo\"}) -> list of 0"), "\(text)")
        #expect(text.contains("ev.params() -> table of"), "\(text)")

        let failing = try RubricBinary.run([
            "run", "--rubric", RubricBinary.mini, "--leaf", "1.4", RubricBinary.basicBundle,
        ])
        #expect(failing.status == 1)
        let failure = Self.text(failing.stdout)
        #expect(failure.contains("error: runtime: rules/runtime-error.lua:4: trial run table is missing"), "\(failure)")
        #expect(failure.contains("  rules/runtime-error.lua:4: in function"))

        let unknown = try RubricBinary.run([
            "run", "--rubric", RubricBinary.mini, "--leaf", "1.9", RubricBinary.basicBundle,
        ])
        #expect(unknown.status == 1)
        #expect(Self.text(unknown.stdout).contains("did you mean"))
    }

    @Test("test --coverage: lines per file, outcome coverage, lcov, and --min-coverage")
    func coverage() throws {
        let folder = try CommandsTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mini = try CommandsTests.miniCopy(in: folder)
        let lcov = folder.appendingPathComponent("lcov.info")
        let output = try RubricBinary.run(["test", mini.path, "--coverage", "--coverage-lcov", lcov.path])
        let text = Self.text(output.stdout)
        #expect(output.status == 0, "\(text)")
        #expect(text.contains("line coverage:"), "\(text)")
        #expect(text.contains("rules/documents.lua"), "\(text)")
        #expect(text.contains("lib/util.lua"), "\(text)")
        #expect(text.contains("outcome coverage: "), "\(text)")
        let tracefile = try String(contentsOf: lcov, encoding: .utf8)
        #expect(tracefile.contains("SF:") && tracefile.contains("DA:") && tracefile.contains("end_of_record"))
        // documents.lua runs every line of its function: line 5 is its first statement.
        #expect(tracefile.contains("DA:5,1"), "\(tracefile)")

        let strict = try RubricBinary.run(["test", mini.path, "--coverage", "--min-coverage", "100.1"])
        #expect(strict.status == 1)
        #expect(Self.text(strict.stdout).contains("below --min-coverage"))
    }
}
