/// What a rule looks for in a document: a label and the terms and synonyms
/// that express it (`{label: 验收标准, terms: [验收标准, 验收准则, 验收方案]}`).
/// Kept as rubric data (leaf params), so an overlay can add synonyms.
public struct Concept: Sendable, Hashable {
    public var label: String
    /// The terms that express the concept; the label is always one of them.
    public var terms: [String]

    public init(label: String, terms: [String] = []) {
        self.label = label
        self.terms = [label] + terms.filter { $0 != label }
    }
}

/// Where a document treats a concept.
public struct ConceptMatch: Sendable, Hashable {
    /// How strongly the document treats the concept.
    public enum Strength: String, Sendable, Hashable {
        /// A section whose heading names the concept and that holds text.
        case section
        /// A sentence (or a table row, or a heading over an empty section) that names it.
        case mention
    }

    public var strength: Strength
    /// The term found.
    public var term: String
    /// The heading of the section it was found in (the heading itself for a section match).
    public var section: String?
    /// The line of the document's text (1-based, as `ev.text` numbers its lines).
    public var line: Int
    /// The line's text.
    public var excerpt: String

    public init(strength: Strength, term: String, section: String?, line: Int, excerpt: String) {
        self.strength = strength
        self.term = term
        self.section = section
        self.line = line
        self.excerpt = excerpt
    }
}

/// Whether, and where, a document treats one concept.
public struct ConceptRecognition: Sendable, Hashable {
    public var concept: Concept
    /// The strongest place found, the first of its strength; nil when not recognised.
    public var match: ConceptMatch?

    public init(concept: Concept, match: ConceptMatch?) {
        self.concept = concept
        self.match = match
    }
}
