import ArgumentParser
import Diagnostics
import Foundation
import LuaHost
import RuleTesting

/// `rubric test DIR [--filter ID] [-v] [--format junit] [--watch]`: runs the rubric's rule tests.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a rubric's rule tests (the YAML files under DIR/tests/).",
        discussion: """
            Each test evaluates one leaf's rule against a fixture bundle and checks the \
            status, score or band, and findings (see docs/rule-tests.md). Prints PASS or \
            FAIL per test; a failure gives its test file and line, the differences, and the \
            rule's traceback when the rule raised an error; then "N passed, N failed". \
            -v prints every check of every test. --format junit writes JUnit XML for CI \
            instead. --watch runs the tests, then again each time a file of the rubric is \
            saved (only the tests that file concerns), until interrupted. --coverage also \
            measures line coverage of every rule under test and every library module (a \
            line hook, only in this mode) and outcome coverage of every leaf under test (its \
            tests reach a top-band result and a lower one); --coverage-lcov FILE writes the \
            lines as lcov for editors; --min-coverage N fails when line coverage is below N%.

            Exit status: 0 every test passed; 1 bad input (an invalid test file, a filter \
            that matches no test) or a failed test, or coverage under --min-coverage; \
            \(ExitStatusText.badUsage).

            Examples:
              rubric test Rubrics/isi --filter 5.5
              rubric test Rubrics/isi --filter 5.5.1 -v
              rubric test Rubrics/isi --format junit > rule-tests.xml
              rubric test Rubrics/isi --coverage --coverage-lcov lcov.info
            """
    )

    /// How the results are written.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case junit
    }

    @Argument(help: "The rubric folder.")
    var directory: String

    @Option(help: "Run only the tests of this leaf or of the leaves under this indicator.")
    var filter: String?

    @Flag(name: .shortAndLong, help: "Print every check of every test.")
    var verbose = false

    @Option(help: "text (default) or junit (JUnit XML on standard output).")
    var format: OutputFormat = .text

    @Flag(help: "Measure line and outcome coverage of the rules and library under test.")
    var coverage = false

    @Option(help: "With --coverage: write the line coverage as an lcov tracefile.")
    var coverageLcov: String?

    @Option(help: "With --coverage: fail when line coverage is below this percentage.")
    var minCoverage: Double?

    @Flag(help: "Run again the tests of each file saved under the rubric folder (polls twice a second).")
    var watch = false

    @Option(help: ArgumentHelp("With --watch: stop after this many polls.", visibility: .hidden))
    var watchPolls: Int?

    func run() throws {
        let folder = URL(fileURLWithPath: directory)
        guard let suite = loadSuite(folder) else { throw ExitCode(1) }
        do {
            try RuleTestRunner.checkFilter(filter, in: suite)
        } catch {
            print("error: \(error)")
            throw ExitCode(1)
        }
        let lines = coverage ? LuaLineCoverage() : nil
        let results = RuleTestRunner.run(suite, filter: filter, coverage: lines)
        write(results, rubricName: folder.standardizedFileURL.lastPathComponent)
        var belowMinimum = false
        if let lines {
            let measured = RuleTestCoverage.measure(suite: suite, results: results, lines: lines.covered)
            if format == .text { print(measured.text, terminator: "") }
            if let coverageLcov {
                try measured.lcov.write(toFile: coverageLcov, atomically: true, encoding: .utf8)
            }
            if let minCoverage, measured.linePercent < minCoverage {
                print(
                    String(
                        format: "error: line coverage %.1f%% is below --min-coverage %g%%", measured.linePercent,
                        minCoverage))
                belowMinimum = true
            }
        }
        if watch {
            watchFolder(folder)
            return
        }
        if belowMinimum || results.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    func validate() throws {
        if !coverage, coverageLcov != nil || minCoverage != nil {
            throw ValidationError("--coverage-lcov and --min-coverage need --coverage")
        }
        if watchPolls != nil, !watch { throw ValidationError("--watch-polls needs --watch") }
    }

    /// The suite, or nil after printing why it does not load.
    private func loadSuite(_ folder: URL) -> RuleTestSuite? {
        do {
            return try RuleTestSuite.load(rubricDirectory: folder)
        } catch {
            for finding in error.findings { print(finding) }
            return nil
        }
    }

    /// Polls the rubric folder and reruns the tests each saved file concerns.
    private func watchFolder(_ folder: URL) {
        var watcher = RuleTestWatcher(rubricDirectory: folder)
        print("watching \(directory) for saved files (Ctrl-C to stop)")
        var polls = 0
        while watchPolls.map({ polls < $0 }) ?? true {
            polls += 1
            Thread.sleep(forTimeInterval: 0.5)
            let changed = watcher.changedFiles()
            if changed.isEmpty { continue }
            print("\nchanged: " + changed.map { displayPath($0.path) }.joined(separator: ", "))
            guard let suite = loadSuite(folder) else { continue }
            let results = RuleTestRunner.run(suite) { test in
                RuleTestRunner.matches(test.leaf, filter)
                    && watcher.affects(changed, test: test, rubric: suite.rubric.rubric)
            }
            write(results, rubricName: folder.standardizedFileURL.lastPathComponent)
        }
    }

    /// Prints the results in the chosen format.
    private func write(_ results: [RuleTestResult], rubricName: String) {
        if format == .junit {
            print(RuleTestJUnit.render(results, suiteName: rubricName, path: displayPath), terminator: "")
            return
        }
        for result in results {
            print("\(result.passed ? "PASS" : "FAIL") \(result.leaf) \(result.name)")
            if !result.passed, let location = result.location {
                print("    at \(displayPath(location.file))\(location.line.map { ":\($0)" } ?? "")")
            }
            if verbose {
                for check in result.checks { print("    \(check.passed ? "ok  " : "FAIL") \(check.expectation)") }
            }
            for line in result.differences { print("    " + line) }
            if !result.passed, let error = result.evaluation?.error {
                for frame in error.ruleFrames { print("      " + frame) }
            }
        }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) passed, \(failed) failed")
    }

    /// `path` relative to the working folder when it lies under it.
    private func displayPath(_ path: String) -> String {
        let base = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
