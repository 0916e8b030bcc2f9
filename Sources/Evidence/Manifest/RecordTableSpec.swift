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

    public init(name: String, type: ColumnType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
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
