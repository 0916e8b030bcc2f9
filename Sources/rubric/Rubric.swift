import ArgumentParser

/// The `rubric` command: assessments of evidence bundles against certification
/// schemes whose indicators are sandboxed Lua rules.
@main
struct Rubric: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric",
        abstract: "Assess evidence bundles against certification schemes whose indicators are Lua rules.",
        version: "0.1.0",
        subcommands: [AssessCommand.self, RunCommand.self, TestCommand.self, NewCommand.self]
    )
}
