import EvidenceValues

/// One cell of a record table, converted to its column's type. `null` is an empty cell.
public enum RecordValue: Sendable, Hashable {
    case null
    case string(String)
    case integer(Int64)
    case decimal(ExactDecimal)
    case date(CalendarDate)
    case dateTime(LocalDateTime)
    case boolean(Bool)

    /// Whether the cell is empty.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as rules see it in text: dates and date-times in ISO form, decimals as
    /// written, booleans as `true`/`false`; nil for an empty cell.
    public var text: String? {
        switch self {
        case .null: nil
        case .string(let s): s
        case .integer(let i): String(i)
        case .decimal(let d): d.description
        case .date(let d): d.description
        case .dateTime(let t): t.description
        case .boolean(let b): b ? "true" : "false"
        }
    }
}
