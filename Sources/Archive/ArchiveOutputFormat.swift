/// The formats of `rubric diff` and `rubric history` (HTML for history only).
public enum ArchiveOutputFormat: String, Sendable, CaseIterable {
    case table
    case json
    case markdown
    case html
}
