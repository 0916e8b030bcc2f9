import Evidence
import Scheme

/// The rubric's record-table declarations as the columns a bundle's tables are read with.
public enum RecordTableColumns {
    /// Each declared table's columns (with their aliases), by table name. Declarations
    /// the parser accepted have valid types; one that has none is left out.
    public static func columns(of declarations: [RecordTableDeclaration]) -> [String: [ColumnSpec]] {
        var result: [String: [ColumnSpec]] = [:]
        for table in declarations {
            result[table.name] = table.columns.compactMap { column in
                ColumnType(rawValue: column.type).map {
                    ColumnSpec(name: column.name, type: $0, required: column.required, aliases: column.aliases)
                }
            }
        }
        return result
    }
}
