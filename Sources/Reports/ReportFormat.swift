/// The formats `rubric assess` can write.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// A plain-text summary for the terminal.
    case table
    /// ``JSONReport``.
    case json
    /// ``MarkdownReport``.
    case markdown
    /// Not written yet.
    case html
}
