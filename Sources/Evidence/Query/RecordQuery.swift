import EvidenceValues

/// A question about one record table, answered in the host (``RecordQueryEngine``)
/// so that only the small answer reaches a rule: which rows (`filters`, all of
/// which must hold), what of them (`select`, or `groupBy` with `aggregates`),
/// in which order (`orderBy`) and how many (`limit`).
///
/// Column names may name a column of the table, `_row` (the 1-based row
/// number), or a field of the joined table (`join`) as `<join name>.<field>`.
public struct RecordQuery: Sendable {
    /// Conditions every row of the answer meets.
    public var filters: [RecordPredicate]
    /// The columns of each answer row when there is no grouping and no aggregate
    /// (nil: every column); `_row` always comes first.
    public var select: [String]?
    /// The columns whose values make a group; empty with aggregates: one group of all rows.
    public var groupBy: [String]
    /// The values computed per group.
    public var aggregates: [RecordAggregate]
    /// Sort keys, first the most significant; ties keep file order (or groups' first rows).
    public var orderBy: [RecordOrder]
    /// At most this many answer rows.
    public var limit: Int?
    /// A small keyed table joined to the rows (the bundle's projects).
    public var join: RecordJoin?
    /// Columns computed from others (the month of a date), usable by name like the
    /// table's own columns: in conditions, groups, selections and aggregates.
    public var derived: [RecordDerivedColumn]

    public init(
        filters: [RecordPredicate] = [], select: [String]? = nil, groupBy: [String] = [],
        aggregates: [RecordAggregate] = [], orderBy: [RecordOrder] = [], limit: Int? = nil, join: RecordJoin? = nil,
        derived: [RecordDerivedColumn] = []
    ) {
        self.filters = filters
        self.select = select
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.orderBy = orderBy
        self.limit = limit
        self.join = join
        self.derived = derived
    }
}

/// A column computed from a date or date-time column of the table.
public struct RecordDerivedColumn: Sendable {
    public enum Function: String, Sendable, CaseIterable {
        /// The month, as the text `YYYY-MM`.
        case month
        /// The year, as the text `YYYY`.
        case year
    }

    /// The name the query uses for it; it must not be a column of the table.
    public var name: String
    public var function: Function
    /// The date or date-time column it is computed from; empty where that is empty.
    public var column: String

    public init(_ name: String, _ function: Function, of column: String) {
        self.name = name
        self.function = function
        self.column = column
    }
}

/// How a cell compares with a value.
public enum RecordComparison: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "~="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `order` (the sign of lhs compared with rhs) satisfies the comparison.
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

/// One condition on a row. An empty cell meets only `isNull` (and a negated
/// `oneOf`): comparisons with an empty cell are false, `notEqual` too, as in SQL.
public enum RecordPredicate: Sendable, Hashable {
    /// column <op> value. Dates and date-times compare with ISO text; numbers with numbers.
    case compare(String, RecordComparison, RecordValue)
    /// column <op> other column, both non-empty.
    case compareColumns(String, RecordComparison, String)
    /// The cell equals one of the values (`negated`: none of them, or is empty).
    case oneOf(String, [RecordValue], negated: Bool)
    case isNull(String)
    case notNull(String)
    /// The text cell contains the text (plain, not a pattern).
    case contains(String, String)
    /// low <= cell <= high; either bound may be nil (open).
    case between(String, RecordValue?, RecordValue?)
    /// The working days from the date of the first column to the date of the
    /// second (the calendar's count, both days included), compared with `days`.
    case workingDays(from: String, to: String, RecordComparison, Int)
    /// The calendar days from the first column to the second compared with `days`.
    case daysBetween(from: String, to: String, RecordComparison, Int)
    /// The hours (with fractions) from the first column's date-time (a date is its
    /// midnight) to the second's, or to a fixed moment, compared with `hours`.
    case hoursBetween(from: String, to: RecordEndpoint, RecordComparison, Double)
}

/// The second end of a distance: another column of the row, or a fixed value.
public enum RecordEndpoint: Sendable, Hashable {
    case column(String)
    case value(RecordValue)
}

/// A value computed over the rows of a group, under `name` in the answer.
public struct RecordAggregate: Sendable {
    public enum Function: Sendable, Equatable {
        /// Rows (column nil) or non-empty cells.
        case count
        case sum
        case min
        case max
        case mean
        /// The p-th percentile, 0...100, linear between the nearest ranks.
        case percentile(Double)
        /// The distinct non-empty values, in order of first appearance.
        case distinct
        case countDistinct
        /// The numbers of the group's rows, at most `limit`, in file order.
        case rows(limit: Int)
        /// The mean of the hours from the date-time of `column` to that of `to`,
        /// over the rows where both are given.
        case meanHours(to: String)
    }

    public var name: String
    public var function: Function
    public var column: String?
    /// Conditions a row of the group must also meet to be counted by this
    /// aggregate (SQL's `FILTER (WHERE ...)`): several questions about the same
    /// rows answered in one query.
    public var filters: [RecordPredicate]

    public init(_ name: String, _ function: Function, column: String? = nil, filters: [RecordPredicate] = []) {
        self.name = name
        self.function = function
        self.column = column
        self.filters = filters
    }
}

/// A sort key: a column, a group key or an aggregate's name.
public struct RecordOrder: Sendable {
    public var key: String
    public var descending: Bool

    public init(_ key: String, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }
}

/// A small table joined to the rows by equality of `column` with its keys:
/// its fields appear as `<name>.<field>`, empty for a row without a match.
public struct RecordJoin: Sendable {
    public var name: String
    /// The column of the record table that holds the key.
    public var column: String
    /// The joined table's field names.
    public var fields: [String]
    /// Per key, the values of `fields` in order.
    public var rows: [String: [RecordValue]]

    public init(name: String, column: String, fields: [String], rows: [String: [RecordValue]]) {
        self.name = name
        self.column = column
        self.fields = fields
        self.rows = rows
    }
}

/// The answer to a query: named columns and their rows.
public struct RecordQueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[RecordQueryValue]]
}

/// A value of an answer: a cell, a computed number, or a list (distinct values, row numbers).
public enum RecordQueryValue: Sendable, Equatable {
    case cell(RecordValue)
    case number(Double)
    case list([RecordValue])
}

/// A query that cannot run: an unknown column, a value of the wrong type, a bad option.
public struct RecordQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
