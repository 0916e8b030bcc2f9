import Diagnostics

/// How the overall result is graded: on the sum of the parts, by a grade scale.
public struct OverallResult: Sendable, Hashable {
    public var title: LocalizedText?
    /// The spec's wording of the overall result.
    public var clause: String?
    public var gradeScaleID: String
    public var location: SourceLocation?

    public init(
        title: LocalizedText? = nil, clause: String? = nil, gradeScaleID: String,
        location: SourceLocation? = nil
    ) {
        self.title = title
        self.clause = clause
        self.gradeScaleID = gradeScaleID
        self.location = location
    }
}
