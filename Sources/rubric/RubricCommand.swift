import ArgumentParser

/// The `rubric` command: assessments of evidence bundles against certification
/// schemes whose indicators are sandboxed Lua rules. (Named so that it shadows
/// no type of the library, such as `Scheme.Rubric`.)
@main
struct RubricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Assess evidence bundles against certification schemes whose indicators are Lua rules.",
        discussion: """
            Exit status: 0 success; 1 bad input (or a failed check); 2 an incomplete \
            assessment; 3 a grade under --fail-under; \(ExitStatusText.badUsage). \
            Each command's help gives its own.

            Examples:
              rubric assess --rubric Rubrics/isi BUNDLE --format markdown --output report.md
              rubric batch --rubric Rubrics/isi audits/ --jobs 2 --summary summary.csv
              rubric lint Rubrics/isi
              rubric test Rubrics/isi --filter 5.5
              rubric explain --rubric Rubrics/isi 5.5.1
            """,
        version: "0.1.0",
        subcommands: [
            AssessCommand.self, BatchCommand.self, LintCommand.self, TestCommand.self, ExplainCommand.self,
            NewCommand.self, RunCommand.self, BundleCommand.self, ArchiveCommand.self, DiffCommand.self,
            HistoryCommand.self,
            KeyCommand.self, VerifyCommand.self,
        ]
    )
}
