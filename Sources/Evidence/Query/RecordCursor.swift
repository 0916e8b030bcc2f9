import Synchronization

/// The rows of a record table that meet a query's conditions, handed out one at
/// a time (`ev.each`): the host keeps only their numbers (4 bytes a row), and a
/// rule holds only the rows it keeps, so that even a table of a million rows
/// can be walked row by row within a rule's memory.
///
/// Sendable: everything but the position is immutable once made (the value
/// readers read the table's immutable columns), and the position is a mutex.
public final class RecordCursor: @unchecked Sendable {
    /// The names of each row's values: `_row` first, then the selected columns.
    public let columns: [String]
    private let rows: [Int32]
    private let values: (Int) -> [RecordValue]
    private let position = Mutex(0)

    init(columns: [String], rows: [Int32], values: @escaping (Int) -> [RecordValue]) {
        self.columns = columns
        self.rows = rows
        self.values = values
    }

    /// The number of rows in all.
    public var count: Int { rows.count }

    /// The next row's values (in the order of `columns`), or nil after the last row.
    public func next() -> [RecordValue]? {
        let index = position.withLock { index in
            defer { index += 1 }
            return index
        }
        guard index < rows.count else { return nil }
        return values(Int(rows[index]))
    }
}

extension RecordQueryEngine {
    /// A cursor over the rows that meet `query`'s conditions, in file order, with the
    /// columns of `select` (every column by default; joined and derived columns too).
    /// Grouping, aggregates, sorting and limits are refused: those are for `run`.
    public func cursor(_ query: RecordQuery) throws -> RecordCursor {
        guard query.groupBy.isEmpty, query.aggregates.isEmpty, query.orderBy.isEmpty, query.limit == nil else {
            throw RecordQueryError(
                "row by row, a query has conditions and columns only (no group, aggregate, order or limit)")
        }
        let (matching, resolver) = try filter(query)
        let names = ["_row"] + (query.select ?? table.columns.map(\.name)).filter { $0 != "_row" }
        let operands = try names.map { try resolver.operand($0) }
        let readers = operands.map(\.value)
        return RecordCursor(columns: names, rows: matching) { row in readers.map { $0(row) } }
    }
}
