/// The words every command's help uses for the exit statuses they share, so
/// that the helps, the README and the docs say the same.
enum ExitStatusText {
    /// Refused by the command-line parser before anything runs (argument-parser's EX_USAGE).
    static let badUsage = "64 bad usage (a missing, unknown or malformed option or argument, an unknown subcommand)"
}
