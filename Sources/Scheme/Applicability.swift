/// Whether a leaf applies under this rubric (an overlay can mark a leaf not applicable).
public enum Applicability: Sendable, Hashable {
    case applicable
    /// The leaf does not apply; the reason is shown in reports.
    case notApplicable(reason: String?)

    public var isApplicable: Bool {
        if case .applicable = self { return true }
        return false
    }
}
