import ArgumentParser

/// `rubric bundle check|init`: checks an evidence bundle against a rubric without
/// assessing it, or drafts a bundle's manifest from a folder of files.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Check an evidence bundle, or draft its manifest from a folder. / 检查证据包或起草清单。",
        subcommands: [BundleCheckCommand.self, BundleInitCommand.self]
    )
}
