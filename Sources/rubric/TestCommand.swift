import ArgumentParser
import Diagnostics
import Foundation
import RuleTesting

/// `rubric test DIR [--filter ID]`: runs the rubric's rule tests.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a rubric's rule tests (the YAML files under DIR/tests/).",
        discussion: """
            Each test evaluates one leaf's rule against a fixture bundle and checks the \
            status, score or band, and findings (see docs/rule-tests.md). Prints PASS or \
            FAIL per test, the differences of failures, and "N passed, N failed".

            Exit status: 0 every test passed; 1 bad input (an invalid test file) or a failed test; \
            \(ExitStatusText.badUsage).

            Example:
              rubric test Rubrics/isi --filter 5.5
            """
    )

    @Argument(help: "The rubric folder.")
    var directory: String

    @Option(help: "Run only the tests of this leaf or of the leaves under this indicator.")
    var filter: String?

    func run() throws {
        let suite: RuleTestSuite
        do {
            suite = try RuleTestSuite.load(rubricDirectory: URL(fileURLWithPath: directory))
        } catch {
            for finding in error.findings { print(finding) }
            throw ExitCode(1)
        }
        let results = RuleTestRunner.run(suite, filter: filter)
        for result in results {
            print("\(result.passed ? "PASS" : "FAIL") \(result.leaf) \(result.name)")
            for line in result.differences { print("    " + line) }
        }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
