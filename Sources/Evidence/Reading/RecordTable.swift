import Diagnostics
import EvidenceFormats

/// A record table read from its CSV file: every cell converted to its column's
/// type, rows in file order. Row numbers are 1-based and count data rows (the
/// header and blank lines are not rows), so they match evidence references.
///
/// The cells are stored by column (``RecordColumn``): typed, compact, built once
/// per bundle and shared read-only by every rule, which asks questions of them
/// through ``RecordQuery`` rather than holding the rows.
public struct RecordTable: Sendable {
    /// The table as the manifest declares it.
    public let spec: RecordTableSpec
    /// The number of data rows.
    public let rowCount: Int
    /// The encoding the file was read in.
    public let encoding: TextEncoding
    /// Warnings and notes from reading (an undeclared column, a detected encoding).
    public let findings: [Finding]
    /// The cells, one typed column per declared column, in manifest order.
    public let storedColumns: [RecordColumn]
    /// The physical line each row starts on (1-based, counting the header line).
    private let lines: [Int32]

    init(
        spec: RecordTableSpec, columns: [RecordColumn], lines: [Int32], encoding: TextEncoding, findings: [Finding]
    ) {
        self.spec = spec
        self.storedColumns = columns
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
        return storedColumns[column].value(row - 1)
    }

    /// The physical line of the CSV file a 1-based row starts on.
    public func line(ofRow row: Int) -> Int { Int(lines[row - 1]) }

    /// One row, by its 1-based number.
    public func row(_ number: Int) -> RecordRow {
        precondition((1...rowCount).contains(number), "row \(number) out of range 1...\(rowCount)")
        return RecordRow(
            number: number, line: Int(lines[number - 1]), values: storedColumns.map { $0.value(number - 1) })
    }

    /// Every row, in file order.
    public var rows: [RecordRow] { rowCount == 0 ? [] : (1...rowCount).map(row) }

    /// The values of one column, in row order; nil when there is no such column.
    public func column(named name: String) -> [RecordValue]? {
        guard let c = spec.columnIndex(named: name) else { return nil }
        let column = storedColumns[c]
        return (0..<rowCount).map { column.value($0) }
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
