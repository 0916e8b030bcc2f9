import Diagnostics
import EvidenceFormats

/// A record table read from its CSV file: every cell converted to its column's
/// type, rows in file order. Row numbers are 1-based and count data rows (the
/// header and blank lines are not rows), so they match evidence references.
public struct RecordTable: Sendable {
    /// The table as the manifest declares it.
    public let spec: RecordTableSpec
    /// The number of data rows.
    public let rowCount: Int
    /// The encoding the file was read in.
    public let encoding: TextEncoding
    /// Warnings and notes from reading (an undeclared column, a detected encoding).
    public let findings: [Finding]
    /// Row-major cells: row r, column c is at r * columns.count + c (0-based).
    private let cells: [RecordValue]
    /// The physical line each row starts on (1-based, counting the header line).
    private let lines: [Int]

    init(spec: RecordTableSpec, cells: [RecordValue], lines: [Int], encoding: TextEncoding, findings: [Finding]) {
        self.spec = spec
        self.cells = cells
        self.lines = lines
        self.rowCount = lines.count
        self.encoding = encoding
        self.findings = findings
    }

    public var name: String { spec.name }
    public var columns: [ColumnSpec] { spec.columns }

    /// The cell at a 1-based row number and a 0-based column index.
    public func value(row: Int, column: Int) -> RecordValue {
        precondition((1...rowCount).contains(row) && columns.indices.contains(column), "row or column out of range")
        return cells[(row - 1) * columns.count + column]
    }

    /// The physical line of the CSV file a 1-based row starts on.
    public func line(ofRow row: Int) -> Int { lines[row - 1] }

    /// One row, by its 1-based number.
    public func row(_ number: Int) -> RecordRow {
        precondition((1...rowCount).contains(number), "row \(number) out of range 1...\(rowCount)")
        let start = (number - 1) * columns.count
        return RecordRow(number: number, line: lines[number - 1], values: Array(cells[start..<start + columns.count]))
    }

    /// Every row, in file order.
    public var rows: [RecordRow] { rowCount == 0 ? [] : (1...rowCount).map(row) }

    /// The values of one column, in row order; nil when there is no such column.
    public func column(named name: String) -> [RecordValue]? {
        guard let c = spec.columnIndex(named: name) else { return nil }
        let width = columns.count
        return (0..<rowCount).map { cells[$0 * width + c] }
    }
}

/// One row of a record table: its number, its line in the file, and its cells in column order.
public struct RecordRow: Sendable, Hashable {
    /// 1-based data row number, as in evidence references.
    public let number: Int
    /// The physical line of the CSV file the row starts on.
    public let line: Int
    /// The cells, in the order of the manifest's columns.
    public let values: [RecordValue]
}
