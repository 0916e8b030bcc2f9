import Diagnostics

/// A record table the rubric's rules read (记录表), as the rubric declares it: its
/// name, its label, and its columns with the header aliases organisations use, so
/// that a bundle's own table is read without renaming anything.
public struct RecordTableDeclaration: Sendable, Hashable {
    /// One column: the name the rules read, its type, whether every row needs a
    /// value, and the other header texts that mean this column.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// A column type of the manifest: string, integer, decimal, date, datetime or boolean.
        public var type: String
        public var required: Bool
        /// Header texts that name this column in an organisation's own table (工单号, 报修时间).
        public var aliases: [String]

        public init(name: String, type: String, required: Bool = false, aliases: [String] = []) {
            self.name = name
            self.type = type
            self.required = required
            self.aliases = aliases
        }
    }

    /// The column types a declaration may give (those of a manifest's columns).
    public static let columnTypes = ["string", "integer", "decimal", "date", "datetime", "boolean"]

    /// The name rules read the table by (`service_tickets`).
    public var name: String
    public var label: LocalizedText?
    /// Words that suggest a file holds this table (its usual titles).
    public var keywords: [String]
    public var columns: [Column]
    public var location: SourceLocation?

    public init(
        name: String, label: LocalizedText? = nil, keywords: [String] = [], columns: [Column],
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.label = label
        self.keywords = keywords
        self.columns = columns
        self.location = location
    }

    /// The declaration with another's columns and aliases added (an overlay's extension):
    /// a column it names gets its aliases added, and its type and requirement replaced.
    public func extended(by other: RecordTableDeclaration) -> RecordTableDeclaration {
        var result = self
        if let label = other.label { result.label = label }
        for keyword in other.keywords where !result.keywords.contains(keyword) { result.keywords.append(keyword) }
        for column in other.columns {
            if let index = result.columns.firstIndex(where: { $0.name == column.name }) {
                var merged = column
                merged.aliases = result.columns[index].aliases
                for alias in column.aliases where !merged.aliases.contains(alias) { merged.aliases.append(alias) }
                result.columns[index] = merged
            } else {
                result.columns.append(column)
            }
        }
        return result
    }
}
