import ArgumentParser

/// The `rubric` command: assessments of evidence bundles against certification
/// schemes whose indicators are sandboxed Lua rules.
@main
struct Rubric: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Assess evidence bundles against certification schemes whose indicators are Lua rules.",
        discussion: """
            Examples:
              rubric assess --rubric Rubrics/isi BUNDLE --format markdown --output report.md
              rubric batch --rubric Rubrics/isi audits/ --jobs 2 --summary summary.csv
              rubric lint Rubrics/isi
              rubric test Rubrics/isi --filter 5.5
              rubric explain --rubric Rubrics/isi 5.5.1
            """,
        version: "0.1.0",
        subcommands: [AssessCommand.self, BatchCommand.self, LintCommand.self, TestCommand.self, ExplainCommand.self,
                      NewCommand.self, RunCommand.self]
    )
}
