import ArgumentParser
import Authoring
import Diagnostics
import Foundation

/// `rubric lint DIR [--overlay FILE]...`: checks a rubric folder for an author.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a rubric: validation, rule compilation, and a test for every leaf. / 检查评分细则。",
        discussion: """
            Validates the rubric and its overlays, compiles every leaf's rule in the \
            sandbox (without running it), and warns about leaves with a rule but no test \
            under tests/. Findings are printed as file:line:column: severity: message [code].

            Exit status: 0 no errors (warnings allowed); 1 bad input (errors found); \
            \(ExitStatusText.badUsage).

            Example:
              rubric lint Rubrics/isi --overlay Rubrics/isi/overlays/example-trial-run-10-days.yaml
            """
    )

    @Argument(help: "The rubric folder (with rubric.yaml). / 评分细则目录")
    var directory: String

    @Option(name: .customLong("overlay"), help: "An overlay applied over the rubric; repeatable. / 覆盖文件")
    var overlays: [String] = []

    func run() throws {
        let findings = RubricLinter.lint(
            directory: URL(fileURLWithPath: directory),
            overlays: overlays.map { URL(fileURLWithPath: $0) })
        for finding in findings.sortedByLocation() { print(finding) }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        print("\(errors) error(s), \(warnings) warning(s) / \(errors) 个错误，\(warnings) 个警告")
        if errors > 0 { throw ExitCode(1) }
    }
}
