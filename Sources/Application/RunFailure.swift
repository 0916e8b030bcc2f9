import Diagnostics

/// Why a run of `rubric assess` or `rubric batch` cannot go on: the message
/// for standard error (every finding on its own line, `file:line: ...`).
public struct RunFailure: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    /// The errors (or, without errors, the warnings) of `findings`, one a line.
    public init(findings: [Finding]) {
        self.init(Self.describe(findings))
    }

    public var description: String { message }

    /// The errors (then the warnings) of `findings`, one a line, `file:line: message`.
    public static func describe(_ findings: [Finding]) -> String {
        let errors = findings.filter { $0.severity == .error }
        return (errors.isEmpty ? findings : errors).map(\.description).joined(separator: "\n")
    }
}
