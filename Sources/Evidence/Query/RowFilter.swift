import EvidenceValues

/// A condition compiled to work on a batch of row numbers at once: it keeps,
/// in order, the rows of `rows` that meet it. One call per batch rather than
/// one per row keeps the cost of a condition in its own tight loop over the
/// column's arrays (a comparison of codes, of integers), which is where the
/// time of a query over a million rows goes.
typealias RowFilter = (_ rows: inout [Int32]) throws -> Void

/// The empty-cell bitmap of a stored column, read without a call per row.
struct NullBits {
    let words: [UInt64]

    @inline(__always)
    func contains(_ row: Int) -> Bool {
        words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }
}

enum RowFilters {
    /// Keeps the rows for which `keep` holds, in order, in place.
    @inline(__always)
    static func retain(_ rows: inout [Int32], _ keep: (Int) throws -> Bool) rethrows {
        var kept = 0
        try rows.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count {
                let row = p[i]
                if try keep(Int(row)) {
                    p[kept] = row
                    kept += 1
                }
            }
        }
        rows.removeLast(rows.count - kept)
    }

    /// A row test as a filter (the general case).
    static func each(_ test: @escaping (Int) throws -> Bool) -> RowFilter {
        { rows in try retain(&rows, test) }
    }

    /// The rows whose cell is empty (`empty`) or not.
    static func null(_ operand: Operand, empty: Bool) -> RowFilter {
        guard let bits = operand.nulls else {
            let isNull = operand.isNull
            return { rows in retain(&rows) { isNull($0) == empty } }
        }
        return { rows in retain(&rows) { bits.contains($0) == empty } }
    }

    /// The rows whose text code is marked in `hits`; an empty cell is kept when `keepEmpty`.
    static func codes(_ operand: Operand, _ codes: [UInt32], hits: [Bool], keepEmpty: Bool) -> RowFilter? {
        guard let bits = operand.nulls else { return nil }
        return { rows in
            retain(&rows) { row in bits.contains(row) ? keepEmpty : hits[Int(codes[row])] }
        }
    }

    /// The rows whose non-empty integer value (seconds, days) lies within `low...high`.
    static func range(_ operand: Operand, _ values: [Int64], _ low: Int64, _ high: Int64) -> RowFilter? {
        guard let bits = operand.nulls else { return nil }
        return { rows in
            retain(&rows) { row in !bits.contains(row) && values[row] >= low && values[row] <= high }
        }
    }
}

/// The rows of one group that meet the conditions of each of its aggregates,
/// every prefix of conditions applied once: aggregates that begin with the same
/// conditions (per severity, the tickets, then the late ones, then their first
/// rows) share that work. What is kept is bounded (`maximumKeptRows`), so that
/// a query of many aggregates cannot hold many copies of a large group.
struct AggregateSubsets {
    let members: [Int32]
    private var known: [[RecordPredicate]: [Int32]] = [:]
    private var keptRows = 0

    /// At most this many row numbers kept for reuse, over all prefixes (32 MB).
    static let maximumKeptRows = 8_000_000

    init(members: [Int32]) { self.members = members }

    /// The members that meet every one of `conditions`, in order; each condition
    /// applied is charged one unit per row it tests.
    mutating func rows(
        meeting conditions: [RecordPredicate], _ compiled: [RecordPredicate: RowFilter],
        charge: (Int) throws -> Void
    ) throws -> [Int32] {
        var done = conditions.count
        while done > 0, known[Array(conditions.prefix(done))] == nil { done -= 1 }
        var rows = done == 0 ? members : known[Array(conditions.prefix(done))]!
        while done < conditions.count, !rows.isEmpty {
            try charge(rows.count)
            try compiled[conditions[done]]!(&rows)
            done += 1
            if keptRows + rows.count <= Self.maximumKeptRows {
                known[Array(conditions.prefix(done))] = rows
                keptRows += rows.count
            }
        }
        return rows
    }
}
