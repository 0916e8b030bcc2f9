import Diagnostics
import Testing

@testable import Evidence

@Suite("Record queries in the host")
struct RecordQueryEngineTests {
    static let spec = RecordTableSpec(
        name: "results", path: "records/results.csv",
        columns: [
            ColumnSpec(name: "project", type: .string),
            ColumnSpec(name: "kind", type: .string),
            ColumnSpec(name: "n", type: .integer),
            ColumnSpec(name: "x", type: .decimal),
            ColumnSpec(name: "day", type: .date),
            ColumnSpec(name: "ok", type: .boolean),
        ])

    static let csv = """
        project,kind,n,x,day,ok
        P1,功能测试,3,1.5,2026-03-02,true
        P1,性能测试,7,,2026-03-09,false
        P2,功能测试,,2.25,2026-04-01,true
        P2,安全测试,-2,0.5,,true
        ,功能测试,5,4,2026-03-05,
        P1,安全测试,7,3,2026-05-01,true

        """

    static func table() throws -> RecordTable {
        try RecordTableLoader.load(spec: spec, bytes: Array(csv.utf8), file: "records/results.csv")
    }

    func run(_ query: RecordQuery) throws -> RecordQueryResult {
        try RecordQueryEngine(table: try Self.table()).run(query)
    }

    func rowNumbers(_ result: RecordQueryResult) -> [Int64] {
        result.rows.map { row in
            guard case .cell(.integer(let n)) = row[0] else { return -1 }
            return n
        }
    }

    @Test func theColumnarStoreKeepsEveryCell() throws {
        let table = try Self.table()
        #expect(table.rowCount == 6)
        #expect(table.value(row: 1, column: 1) == .string("功能测试"))
        #expect(table.value(row: 3, column: 2) == .null)
        #expect(table.value(row: 4, column: 4) == .null)
        #expect(table.value(row: 5, column: 0) == .null)
        #expect(table.value(row: 6, column: 3).text == "3")
        #expect(table.row(2).values[5] == .boolean(false))
        #expect(table.line(ofRow: 6) == 7)
    }

    @Test func filtersCombineComparisonsSetsNullsAndRanges() throws {
        var query = RecordQuery(filters: [
            .compare("project", .equal, .string("P1")), .compare("n", .greaterOrEqual, .integer(5)),
        ])
        #expect(rowNumbers(try run(query)) == [2, 6])
        query = RecordQuery(filters: [.oneOf("kind", [.string("安全测试"), .string("性能测试")], negated: false)])
        #expect(rowNumbers(try run(query)) == [2, 4, 6])
        query = RecordQuery(filters: [.isNull("project")])
        #expect(rowNumbers(try run(query)) == [5])
        query = RecordQuery(filters: [.notNull("x"), .compare("x", .less, .decimal(ExactDecimal("2")!))])
        #expect(rowNumbers(try run(query)) == [1, 4])
        query = RecordQuery(filters: [.between("day", .string("2026-03-02"), .string("2026-03-31"))])
        #expect(rowNumbers(try run(query)) == [1, 2, 5])
        query = RecordQuery(filters: [.contains("kind", "功能")])
        #expect(rowNumbers(try run(query)) == [1, 3, 5])
        query = RecordQuery(filters: [.oneOf("project", [.string("P1")], negated: true)])
        #expect(rowNumbers(try run(query)) == [3, 4, 5])
        query = RecordQuery(filters: [.compareColumns("n", .greater, "x")])
        #expect(rowNumbers(try run(query)) == [1, 5, 6])
    }

    @Test func dayDistancesCountCalendarDays() throws {
        let query = RecordQuery(
            filters: [
                .daysBetween(from: "day", to: "day", .equal, 0), .compare("day", .greater, .string("2026-03-05")),
            ])
        #expect(rowNumbers(try run(query)) == [2, 3, 6])
    }

    @Test func hoursRunBetweenColumnsOrToAFixedMoment() throws {
        let start = RecordValue.dateTime(
            LocalDateTime(date: CalendarDate(year: 2026, month: 3, day: 5)!, hour: 0, minute: 0)!)
        var query = RecordQuery(filters: [.hoursBetween(from: "day", to: .value(start), .greater, 24)])
        #expect(rowNumbers(try run(query)) == [1])
        query = RecordQuery(filters: [.hoursBetween(from: "day", to: .column("day"), .equal, 0)])
        #expect(rowNumbers(try run(query)) == [1, 2, 3, 5, 6])
        let mean = try run(RecordQuery(aggregates: [RecordAggregate("h", .meanHours(to: "day"), column: "day")]))
        #expect(mean.rows == [[.number(0)]])
    }

    @Test func groupsAggregateInFirstAppearanceOrder() throws {
        let result = try run(
            RecordQuery(
                groupBy: ["project"],
                aggregates: [
                    RecordAggregate("count", .count), RecordAggregate("sum", .sum, column: "n"),
                    RecordAggregate("first", .min, column: "day"), RecordAggregate("kinds", .distinct, column: "kind"),
                    RecordAggregate("rows", .rows(limit: 2)),
                ]))
        #expect(result.columns == ["project", "count", "sum", "first", "kinds", "rows"])
        #expect(result.rows.count == 3)
        #expect(result.rows[0][0] == .cell(.string("P1")))
        #expect(result.rows[0][1] == .cell(.integer(3)))
        #expect(result.rows[0][2] == .cell(.integer(17)))
        #expect(result.rows[0][3] == .cell(.date(CalendarDate(year: 2026, month: 3, day: 2)!)))
        #expect(result.rows[0][4] == .list([.string("功能测试"), .string("性能测试"), .string("安全测试")]))
        #expect(result.rows[0][5] == .list([.integer(1), .integer(2)]))
        #expect(result.rows[2][0] == .cell(.null))
    }

    @Test func meanAndPercentilesOverNumbers() throws {
        let result = try run(
            RecordQuery(aggregates: [
                RecordAggregate("mean", .mean, column: "x"), RecordAggregate("median", .percentile(50), column: "x"),
                RecordAggregate("p100", .percentile(100), column: "n"), RecordAggregate("cells", .count, column: "x"),
            ]))
        #expect(result.rows == [[.number(2.25), .number(2.25), .number(7), .cell(.integer(5))]])
    }

    @Test func sortingIsStableAndLimited() throws {
        let result = try run(RecordQuery(select: ["n"], orderBy: [RecordOrder("n", descending: true)], limit: 3))
        #expect(result.columns == ["_row", "n"])
        #expect(rowNumbers(result) == [2, 6, 5])
        let groups = try run(
            RecordQuery(
                groupBy: ["kind"], aggregates: [RecordAggregate("c", .count)],
                orderBy: [RecordOrder("c", descending: true), RecordOrder("kind")], limit: 2))
        #expect(groups.rows.map { $0[0] } == [.cell(.string("功能测试")), .cell(.string("安全测试"))])
    }

    @Test func aJoinAddsTheFieldsOfTheKeyedRow() throws {
        let join = RecordJoin(
            name: "projects", column: "project", fields: ["id", "end_date"],
            rows: [
                "P1": [.string("P1"), .date(CalendarDate(year: 2026, month: 4, day: 30)!)],
                "P2": [.string("P2"), .null],
            ])
        let query = RecordQuery(
            filters: [.notNull("projects.end_date"), .compareColumns("day", .lessOrEqual, "projects.end_date")],
            select: ["projects.id"], join: join)
        let result = try run(query)
        #expect(rowNumbers(result) == [1, 2])
        #expect(result.rows[0][1] == .cell(.string("P1")))
    }

    @Test func mistakesAreNamed() throws {
        #expect(throws: RecordQueryError.self) { try run(RecordQuery(filters: [.isNull("nope")])) }
        #expect(throws: RecordQueryError.self) {
            try run(RecordQuery(filters: [.compare("day", .less, .string("soon"))]))
        }
        #expect(throws: RecordQueryError.self) {
            try run(RecordQuery(aggregates: [RecordAggregate("s", .sum, column: "kind")]))
        }
        #expect(throws: RecordQueryError.self) {
            try RecordQueryEngine(table: try Self.table(), maximumAnswerRows: 2).run(RecordQuery())
        }
    }

    @Test func anAggregateMayCountOnlyTheRowsThatMeetItsOwnConditions() throws {
        let kindIs = { (kind: String) in RecordPredicate.compare("kind", .equal, .string(kind)) }
        let result = try run(
            RecordQuery(
                filters: [.notNull("project")], groupBy: ["project"],
                aggregates: [
                    RecordAggregate("all", .count),
                    RecordAggregate("functional", .count, filters: [kindIs("功能测试")]),
                    RecordAggregate("big", .rows(limit: 5), filters: [.compare("n", .greater, .integer(4))]),
                    RecordAggregate("sum", .sum, column: "n", filters: [kindIs("安全测试")]),
                ]))
        #expect(result.columns == ["project", "all", "functional", "big", "sum"])
        #expect(
            result.rows == [
                [
                    .cell(.string("P1")), .cell(.integer(3)), .cell(.integer(1)), .list([.integer(2), .integer(6)]),
                    .cell(.integer(7)),
                ],
                [.cell(.string("P2")), .cell(.integer(2)), .cell(.integer(1)), .list([]), .cell(.integer(-2))],
            ])
        #expect(throws: RecordQueryError.self) {
            try run(RecordQuery(aggregates: [RecordAggregate("n", .count, filters: [.isNull("nope")])]))
        }
    }

    @Test func aDerivedMonthGroupsLikeAColumn() throws {
        let result = try run(
            RecordQuery(
                groupBy: ["month"],
                aggregates: [RecordAggregate("n", .count), RecordAggregate("rows", .rows(limit: 3))],
                orderBy: [RecordOrder("month")],
                derived: [RecordDerivedColumn("month", .month, of: "day")]))
        #expect(
            result.rows == [
                [.cell(.null), .cell(.integer(1)), .list([.integer(4)])],
                [.cell(.string("2026-03")), .cell(.integer(3)), .list([.integer(1), .integer(2), .integer(5)])],
                [.cell(.string("2026-04")), .cell(.integer(1)), .list([.integer(3)])],
                [.cell(.string("2026-05")), .cell(.integer(1)), .list([.integer(6)])],
            ])
        let years = try run(
            RecordQuery(
                filters: [.compare("year", .equal, .string("2026"))], select: ["year"],
                derived: [RecordDerivedColumn("year", .year, of: "day")]))
        #expect(rowNumbers(years) == [1, 2, 3, 5, 6])
        #expect(throws: RecordQueryError.self) {
            try run(RecordQuery(groupBy: ["m"], derived: [RecordDerivedColumn("m", .month, of: "kind")]))
        }
        #expect(throws: RecordQueryError.self) {
            try run(RecordQuery(derived: [RecordDerivedColumn("kind", .month, of: "day")]))
        }
    }

    @Test func aDateRangeOfDateTimesIncludesTheWholeLastDay() throws {
        let spec = RecordTableSpec(
            name: "tickets", path: "records/tickets.csv", columns: [ColumnSpec(name: "at", type: .datetime)])
        let csv = "at\n2026-03-01 00:00\n2026-03-31 23:59:59\n2026-04-01 00:00\n\n2026-02-28 23:59\n"
        let table = try RecordTableLoader.load(spec: spec, bytes: Array(csv.utf8), file: "records/tickets.csv")
        let engine = RecordQueryEngine(table: table)
        func rows(_ low: String?, _ high: String?) throws -> [Int64] {
            rowNumbers(
                try engine.run(
                    RecordQuery(filters: [.between("at", low.map(RecordValue.string), high.map(RecordValue.string))])))
        }
        #expect(try rows("2026-03-01", "2026-03-31") == [1, 2])
        #expect(try rows("2026-03-01 00:00:01", "2026-04-01 00:00") == [2, 3])
        #expect(try rows(nil, "2026-03-01") == [1, 4])
        #expect(try rows("2026-03-31T23:59:59", nil) == [2, 3])
    }

    struct Stop: Error {}

    @Test func everyScanIsCharged() throws {
        var charged = 0
        let engine = RecordQueryEngine(table: try Self.table()) { charged += $0 }
        _ = try engine.run(RecordQuery(filters: [.notNull("n")]))
        #expect(charged >= 12)
        let stopping = RecordQueryEngine(table: try Self.table()) { _ in throw Stop() }
        #expect(throws: Stop.self) { try stopping.run(RecordQuery()) }
    }
}
