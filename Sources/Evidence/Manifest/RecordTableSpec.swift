import Diagnostics
import EvidenceFormats

/// A record table as the manifest declares it (记录表): a CSV file and its typed columns.
public struct RecordTableSpec: Sendable, Hashable {
    /// Name, unique in the manifest, used by rules and in evidence references.
    public var name: String
    /// Path of the CSV file, relative to the bundle root.
    public var path: String
    public var title: String?
    /// Declared encoding; nil means detect (UTF-8, else GB18030).
    public var encoding: TextEncoding?
    /// Columns, in manifest order.
    public var columns: [ColumnSpec]
    /// For a workbook (`.xlsx`): the sheet, by name or 1-based position; nil means the first.
    public var sheet: String?
    /// For a workbook: the 1-based row that holds the header; the data rows follow it.
    public var headerRow: Int = 1
    /// Where the table is declared in the manifest.
    public var location: SourceLocation?

    public init(
        name: String, path: String, title: String? = nil, encoding: TextEncoding? = nil,
        columns: [ColumnSpec], location: SourceLocation? = nil
    ) {
        self.name = name
        self.path = path
        self.title = title
        self.encoding = encoding
        self.columns = columns
        self.location = location
    }

    /// The index of the column with this name, if any.
    public func columnIndex(named name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// A typed column of a record table.
public struct ColumnSpec: Sendable, Hashable {
    /// The name, as in the CSV header row.
    public var name: String
    public var type: ColumnType
    /// Whether every row must have a value; an empty cell is otherwise nil.
    public var required: Bool
    /// Other header texts that name this column (工单号 for `ticket_id`), from the
    /// rubric's record tables and the manifest; the file's header may use any of them.
    public var aliases: [String] = []
    /// Whether the file may lack the column (its cells are then empty): a column the
    /// rubric declares, not required, of a table whose manifest entry gives no columns.
    public var mayBeAbsent = false

    public init(name: String, type: ColumnType, required: Bool = false, aliases: [String] = []) {
        self.name = name
        self.type = type
        self.required = required
        self.aliases = aliases
    }

    /// The index of this column in a header, by its name or else by its first alias
    /// the header has; `index` gives a header text's first index.
    public func headerIndex(_ index: (String) -> Int?) -> Int? {
        if let found = index(name) { return found }
        for alias in aliases { if let found = index(alias) { return found } }
        return nil
    }

    /// `; did you mean `x`?` for the header text closest to the name or to an alias.
    public func suggestion(among header: [String]) -> String {
        for word in [name] + aliases {
            let hint = Suggestion.didYouMean(word, among: header)
            if !hint.isEmpty { return hint }
        }
        return ""
    }

    /// The name and its aliases, for a message: `ticket_id` or `ticket_id (工单号, 工单编号)`.
    public var namesForMessage: String {
        aliases.isEmpty ? "`\(name)`" : "`\(name)` (or \(aliases.map { "`\($0)`" }.joined(separator: ", ")))"
    }
}

/// The types a record column may have. See docs/bundle-format.md for the accepted text forms.
public enum ColumnType: String, Sendable, Hashable, CaseIterable {
    case string
    case integer
    case decimal
    case date
    case datetime
    case boolean
}
