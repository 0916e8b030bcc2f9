/// What makes a document hollow (rubric data): placeholder markers, and the
/// substantive text its type needs.
public struct SubstanceRule: Sendable, Hashable {
    /// Texts that mark a placeholder wherever they occur in a line (待编写, TBD).
    public var markers: [String]
    /// Texts that mark a placeholder when they are a whole line (略).
    public var placeholderLines: [String]
    /// The fewest characters of substantive text (normalised body text, not
    /// headings, not placeholder lines) the document needs.
    public var minimumCharacters: Int

    public init(markers: [String], placeholderLines: [String] = [], minimumCharacters: Int) {
        self.markers = markers
        self.placeholderLines = placeholderLines
        self.minimumCharacters = minimumCharacters
    }
}

/// Whether a document has substance, and why not.
public struct Substance: Sendable, Hashable {
    /// A placeholder line.
    public struct Placeholder: Sendable, Hashable {
        public var marker: String
        public var line: Int
        public var excerpt: String
    }

    /// Why a document is hollow.
    public enum Reason: String, Sendable, Hashable {
        case placeholder
        case tooLittleText = "too_little_text"
        case emptySections = "empty_sections"
    }

    /// Characters of substantive text.
    public var characters: Int
    public var minimumCharacters: Int
    public var placeholders: [Placeholder]
    /// Headings in the document.
    public var sections: Int
    /// The headings of the sections that hold nothing.
    public var emptySections: [String]
    /// Why the document is hollow; empty when it has substance.
    public var reasons: [Reason]

    /// Whether the document is hollow: it earns nothing a real document would.
    public var isHollow: Bool { !reasons.isEmpty }
}
