import ArgumentParser
import Authoring
import Foundation

/// `rubric new`: scaffolds for rubric authors.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create the starting files of a rubric part.",
        subcommands: [NewIndicatorCommand.self]
    )
}

/// `rubric new indicator --rubric DIR ID`: a rule, a test and a fixture for one leaf.
struct NewIndicatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Create a rule file, a rule test and a fixture bundle for a leaf, and wire the rule in.",
        discussion: """
            Creates rules/ID.lua (a rule that leaves the leaf to the auditor until written), \
            tests/ID/starter.yaml and tests/fixtures/ID/starter/bundle.yaml (the layout of \
            Rubrics/isi: tests/<ID>/<topic>.yaml), and inserts `rule: rules/ID.lua` \
            under the leaf in rubric.yaml.

            Exit status: 0 created; 1 bad input (the leaf does not exist, already has a \
            rule, or one of the files exists); \(ExitStatusText.badUsage).

            Example:
              rubric new indicator --rubric Rubrics/isi 5.5.1
            """
    )

    @Option(help: "The rubric folder (with rubric.yaml). / 评分细则目录")
    var rubric: String

    @Argument(help: "The id of the leaf indicator.")
    var id: String

    func run() throws {
        do {
            let files = try IndicatorScaffold.create(rubricDirectory: URL(fileURLWithPath: rubric), leaf: id)
            for file in files { print("wrote \(file.path)") }
        } catch {
            for finding in error.findings { print(finding) }
            throw ExitCode(1)
        }
    }
}
