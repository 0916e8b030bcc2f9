import EvidenceValues

extension EvidenceView {
    /// `ev.query(name, spec)`: answers `query` over record table `name` in the host.
    /// `charge` receives the units of work done and throws to stop the query.
    /// Throws ``FindingsError`` for a table that cannot be read, ``RecordQueryError``
    /// for a query that does not fit it, and whatever `charge` throws.
    public func query(
        _ name: String, _ query: RecordQuery, maximumAnswerRows: Int = 100_000,
        charge: @escaping (Int) throws -> Void
    ) throws -> RecordQueryResult {
        let table = try recordTable(name)
        let engine = RecordQueryEngine(
            table: table, calendar: dates.calendar, maximumAnswerRows: maximumAnswerRows, charge: charge)
        return try engine.run(query)
    }

    /// `ev.each(name, spec)`: the rows of record table `name` that meet `query`'s
    /// conditions, one at a time. `charge` receives the units of work of the scan.
    public func cursor(_ name: String, _ query: RecordQuery, charge: @escaping (Int) throws -> Void) throws
        -> RecordCursor
    {
        let table = try recordTable(name)
        return try RecordQueryEngine(table: table, calendar: dates.calendar, charge: charge).cursor(query)
    }

    /// The bundle's projects as a join (`join = "projects"`), keyed by id and
    /// joined on the record column `column`: the fields of `ev.projects()`,
    /// dates as dates.
    public func projectsJoin(on column: String) -> RecordJoin {
        let fields = ["id", "name", "customer", "contract_date", "start_date", "end_date", "hardware_procured"]
        var rows: [String: [RecordValue]] = [:]
        for project in bundle.manifest.projects {
            rows[project.id] = [
                .string(project.id), .string(project.name), .string(project.customer), .date(project.contractDate),
                .date(project.startDate), project.endDate.map(RecordValue.date) ?? .null,
                .boolean(project.hardwareProcured),
            ]
        }
        return RecordJoin(name: "projects", column: column, fields: fields, rows: rows)
    }
}
