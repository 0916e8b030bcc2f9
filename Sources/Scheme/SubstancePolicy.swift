import Diagnostics

/// What makes an evidence document hollow (NOTES.md, "Evidence must have
/// substance"): placeholder markers, and the substantive text each document
/// type needs. Rubric data (`substance:` at the top of the rubric file).
public struct SubstancePolicy: Sendable, Hashable {
    /// Texts that mark a placeholder wherever they occur in a line (待编写, TBD).
    public var markers: [String]
    /// Texts that mark a placeholder when they make up a whole line (略).
    public var placeholderLines: [String]
    /// The fewest characters of substantive text a document of a type needs, by type id.
    public var minimumCharacters: [String: Int]
    /// The fewest characters for a type not listed.
    public var defaultMinimum: Int
    public var location: SourceLocation?

    public init(
        markers: [String] = [], placeholderLines: [String] = [], minimumCharacters: [String: Int] = [:],
        defaultMinimum: Int = 0, location: SourceLocation? = nil
    ) {
        self.markers = markers
        self.placeholderLines = placeholderLines
        self.minimumCharacters = minimumCharacters
        self.defaultMinimum = defaultMinimum
        self.location = location
    }

    /// The fewest characters a document of `type` needs.
    public func minimum(forType type: String?) -> Int {
        type.flatMap { minimumCharacters[$0] } ?? defaultMinimum
    }
}
