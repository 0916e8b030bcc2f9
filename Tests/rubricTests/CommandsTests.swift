import Foundation
import Testing

/// End-to-end runs of every `rubric` command, through the built binary.
@Suite("rubric commands, run as processes")
struct CommandsTests {
    static let overrides = RubricBinary.tests.appendingPathComponent("EngineTests/Fixtures/overrides")
    static let valid = overrides.appendingPathComponent("valid.yaml").path
    static let root = RubricBinary.tests.deletingLastPathComponent()
    static let isi = root.appendingPathComponent("Rubrics/isi").path

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// A fresh temporary folder, removed by `body`'s caller via the returned cleanup.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A copy of mini whose rule tests point at the basic bundle by absolute path.
    static func miniCopy(in folder: URL) throws -> URL {
        let copy = folder.appendingPathComponent("mini")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: RubricBinary.mini), to: copy)
        let tests = copy.appendingPathComponent("tests")
        for name in try FileManager.default.contentsOfDirectory(atPath: tests.path) where name.hasSuffix(".yaml") {
            let file = tests.appendingPathComponent(name)
            let contents = try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: "../../../../EvidenceTests/Fixtures/basic", with: RubricBinary.basicBundle)
            try contents.write(to: file, atomically: true, encoding: .utf8)
        }
        return copy
    }

    // MARK: assess

    @Test(
        "assess: every format on mini + basic with valid overrides", arguments: ["table", "json", "markdown", "html"])
    func assessFormats(format: String) throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", Self.valid, "--format", format,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let text = Self.text(output.stdout)
        #expect(!text.isEmpty)
        switch format {
        case "json": #expect(text.hasPrefix("{"))
        case "markdown": #expect(text.contains("# "))
        case "html": #expect(text.contains("<svg"))
        default:
            for leaf in ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
                #expect(text.contains(leaf), "table lacks \(leaf)")
            }
        }
    }

    @Test("assess: table output to a pipe, or with NO_COLOR, has no escape codes")
    func noColor() throws {
        let arguments = ["assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle, "--overrides", Self.valid]
        for noColor in [false, true] {
            let process = Process()
            process.executableURL = RubricBinary.url
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["SOURCE_DATE_EPOCH"] = "1790000000"
            environment["NO_COLOR"] = noColor ? "1" : nil
            process.environment = environment
            let stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            let out = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(!out.isEmpty)
            #expect(!out.contains(0x1B), "NO_COLOR: \(noColor)")
        }
    }

    @Test("assess: a broken overlay is named on stderr")
    func brokenOverlay() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("broken-overlay.yaml")
        try """
        overlay:
          id: broken
          title: {zh: 坏, en: Broken}
          scheme: isi
        no_such_key: 1
        """.write(to: overlay, atomically: true, encoding: .utf8)
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, "--overlay", overlay.path,
            RubricBinary.basicBundle,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("broken-overlay.yaml"), "\(output.stderr)")
    }

    @Test("assess: a bundle with a malformed bundle.yaml is named on stderr")
    func brokenBundle() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = folder.appendingPathComponent("broken-bundle")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: RubricBinary.basicBundle), to: bundle)
        let manifest = bundle.appendingPathComponent("bundle.yaml")
        try FileManager.default.removeItem(at: manifest)
        try FileManager.default.copyItem(
            at: RubricBinary.tests.appendingPathComponent("EvidenceTests/Fixtures/manifests/syntax-error.yaml"),
            to: manifest)
        let output = try RubricBinary.run(["assess", "--rubric", RubricBinary.mini, bundle.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("bundle.yaml"), "\(output.stderr)")
    }

    @Test("assess: bad overrides are named on stderr", arguments: ["expired.yaml", "unknown-leaf.yaml"])
    func badOverrides(name: String) throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", Self.overrides.appendingPathComponent(name).path,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains(name), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("assess: a missing rubric is named on stderr")
    func missingRubric() throws {
        let output = try RubricBinary.run(["assess", "--rubric", "/no/such/e2e-rubric", RubricBinary.basicBundle])
        #expect(output.status == 1)
        #expect(output.stderr.contains("/no/such/e2e-rubric"), "\(output.stderr)")
    }

    // MARK: lint

    @Test("lint: mini is clean")
    func lintMini() throws {
        let output = try RubricBinary.run(["lint", RubricBinary.mini])
        #expect(output.status == 0, "\(Self.text(output.stdout))\(output.stderr)")
    }

    @Test("lint: a syntax error in a rule fails with file:line")
    func lintSyntaxError() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.miniCopy(in: folder)
        try "-- broken\nreturn function(ctx)\n  local x = = 1\nend\n"
            .write(to: copy.appendingPathComponent("rules/documents.lua"), atomically: true, encoding: .utf8)
        let output = try RubricBinary.run(["lint", copy.path])
        #expect(output.status == 1)
        let all = Self.text(output.stdout) + output.stderr
        #expect(all.contains("documents.lua:3"), "\(all)")
    }

    // MARK: test

    @Test("test: mini's rule tests pass")
    func testMini() throws {
        let output = try RubricBinary.run(["test", RubricBinary.mini])
        let text = Self.text(output.stdout)
        #expect(output.status == 0, "\(text)\(output.stderr)")
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" passed, 0 failed"), "\(last)")
        #expect(last.first?.isNumber == true, "\(last)")
    }

    @Test("test: a failing rule test exits 1 with FAIL")
    func testFailing() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.miniCopy(in: folder)
        try """
        leaf: "1.1"
        name: deliberately wrong
        bundle: \(RubricBinary.basicBundle)
        expect:
          status: scored
          score: 0.25
        """.write(to: copy.appendingPathComponent("tests/failing.yaml"), atomically: true, encoding: .utf8)
        let output = try RubricBinary.run(["test", copy.path])
        let text = Self.text(output.stdout)
        #expect(output.status == 1)
        #expect(text.contains("FAIL"), "\(text)")
        #expect(text.contains("1 failed"), "\(text)")
    }

    // MARK: explain

    @Test("explain: 5.5.1 of the isi rubric")
    func explain() throws {
        let output = try RubricBinary.run(["explain", "--rubric", Self.isi, "5.5.1"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Self.text(output.stdout).contains("验收条件"))
    }

    @Test("explain: an unknown id suggests a close one")
    func explainUnknown() throws {
        let output = try RubricBinary.run(["explain", "--rubric", Self.isi, "5.5.11"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("5.5.1"), "\(output.stderr)")
    }

    // MARK: new indicator

    @Test("new indicator: scaffolds a leaf without a rule, refuses one with a rule")
    func newIndicator() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = try Self.miniCopy(in: folder)
        let created = try RubricBinary.run(["new", "indicator", "--rubric", copy.path, "1.7"])
        #expect(created.status == 0, "\(Self.text(created.stdout))\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("rules/1.7.lua").path))
        let rubric = try String(contentsOf: copy.appendingPathComponent("rubric.yaml"), encoding: .utf8)
        #expect(rubric.contains("rules/1.7.lua"))
        let refused = try RubricBinary.run(["new", "indicator", "--rubric", copy.path, "1.1"])
        #expect(refused.status == 1)
        #expect(!(Self.text(refused.stdout) + refused.stderr).isEmpty)
    }

    // MARK: run

    @Test("run: hello.lua prints its summary")
    func runHello() throws {
        let output = try RubricBinary.run([
            "run", Self.root.appendingPathComponent("Rubrics/isi/examples/hello.lua").path,
        ])
        let text = Self.text(output.stdout)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(text.contains("你好"), "\(text)")
        #expect(text.contains("instructions:"))
    }

    @Test("run: an endless loop is stopped by the instruction budget")
    func runEndless() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("endless.lua")
        try "local n = 0\nwhile true do n = n + 1 end\n".write(to: file, atomically: true, encoding: .utf8)
        let output = try RubricBinary.run(["run", file.path, "--instructions", "100000"])
        #expect(output.status != 0)
        #expect(output.stderr.lowercased().contains("instruction"), "\(output.stderr)")
    }

    // MARK: help

    @Test(
        "--help of every command shows an example and its exit statuses, 64 bad usage in the same words",
        arguments: [[], ["assess"], ["batch"], ["lint"], ["test"], ["explain"], ["new", "indicator"], ["run"]])
    func help(command: [String]) throws {
        let output = try RubricBinary.run(command + ["--help"])
        #expect(output.status == 0)
        // The help wraps its lines: compare the words.
        let words = Self.text(output.stdout).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("Example"), "\(command)")
        #expect(words.contains("Exit status: 0 "), "\(command)")
        #expect(words.contains("1 bad input"), "\(command)")
        #expect(
            words.contains("64 bad usage (a missing, unknown or malformed option or argument, an unknown subcommand)"),
            "\(command): \(words)")
    }

    @Test(
        "64: an unknown subcommand, or an unknown option of any command",
        arguments: [
            ["no-such-command"], ["lint", "--no-such-option", "x"], ["test", "--no-such-option", "x"],
            ["explain", "--rubric", "x", "1", "--no-such-option"], ["new", "indicator", "--no-such-option"],
            ["run", "x.lua", "--no-such-option"],
        ])
    func unknownUsage(arguments: [String]) throws {
        let output = try RubricBinary.run(arguments)
        #expect(output.status == 64, "\(arguments): \(output.stderr)")
        #expect(!output.stderr.isEmpty)
    }

    @Test("explain: --lang takes its values in any case; an unknown one is bad usage")
    func explainLanguage() throws {
        let english = try RubricBinary.run(["explain", "--rubric", Self.isi, "5.5.1", "--lang", "EN"])
        #expect(english.status == 0, "\(english.stderr)")
        let unknown = try RubricBinary.run(["explain", "--rubric", Self.isi, "5.5.1", "--lang", "fr"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("'zh'") && unknown.stderr.contains("'en'"), "\(unknown.stderr)")
    }

    @Test("run: a file that cannot be read is bad input (1); a --context that is no object is bad usage (64)")
    func runBadInput() throws {
        let missing = try RubricBinary.run(["run", "/no/such/rule.lua"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/no/such/rule.lua"), "\(missing.stderr)")
        let hello = Self.root.appendingPathComponent("Rubrics/isi/examples/hello.lua").path
        let context = try RubricBinary.run(["run", hello, "--context", "[1, 2]"])
        #expect(context.status == 64)
        #expect(context.stderr.contains("--context"), "\(context.stderr)")
    }
}
