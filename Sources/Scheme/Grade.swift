import Diagnostics

/// One grade of a grade scale: an id (`level3`), a label (三级 / Level 3) and its interval of points.
public struct Grade: Sendable, Hashable {
    public var id: String
    public var label: LocalizedText
    /// The points the grade covers, such as `[80, 90)`.
    public var range: Interval
    public var location: SourceLocation?

    public init(id: String, label: LocalizedText, range: Interval, location: SourceLocation? = nil) {
        self.id = id
        self.label = label
        self.range = range
        self.location = location
    }
}
