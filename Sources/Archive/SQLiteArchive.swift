import Foundation
import GRDB

/// The archive in one SQLite file, through GRDB. All the archive's SQL is in
/// this file: the schema (GRDB's migrator, from version 1), the append, the
/// reads and the verification.
///
/// The file is in WAL mode with a busy timeout, and each assessment is appended
/// in one IMMEDIATE transaction, so several processes can append at once and
/// lose nothing, and a process killed mid-write leaves the last whole entry
/// as the head. Triggers refuse any UPDATE or DELETE: the archive is append-only.
/// Report JSON is stored compressed (zlib, from schema version 2); entries
/// written before keep theirs as text, and both read back byte for byte.
///
/// A reader that only reads (`diff`, `history`, `verify`, a baseline) opens the
/// file read-only when its schema is current: no writer connection, no migration.
///
/// ```swift
/// let archive = try SQLiteArchive(path: "audits.sqlite")
/// let id = try archive.append(try ArchivedAssessment(reportJSON: text, source: "report.json"))
/// ```
public final class SQLiteArchive: AssessmentArchive {
    public let path: String
    private let database: any DatabaseReader
    /// Nil when the archive was opened read-only.
    private let writer: (any DatabaseWriter)?

    /// Opens (or, unless `mustExist`, creates) the archive at `path` and brings its schema up to date.
    public init(path: String, mustExist: Bool = false) throws(ArchiveError) {
        self.path = path
        if mustExist && !FileManager.default.fileExists(atPath: path) {
            throw ArchiveError("\(path): no such archive")
        }
        let pool = try Self.openForWriting(path)
        database = pool
        writer = pool
    }

    /// Opens the existing archive at `path` for reading only. An archive whose
    /// schema is not current is opened for writing once and brought up to date
    /// (as ``init(path:mustExist:)`` does), so that it reads like any other.
    public init(readingOnly path: String) throws(ArchiveError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw ArchiveError("\(path): no such archive") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let current: Bool
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            current = try queue.read { db in try Self.migrator.hasCompletedMigrations(db) }
        } catch {
            throw ArchiveError("\(path): cannot open the archive: \(error)")
        }
        if current {
            database = queue
        } else {
            database = try Self.openForWriting(path)
        }
        writer = nil
    }

    private static func openForWriting(_ path: String) throws(ArchiveError) -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // In WAL mode, NORMAL keeps every committed transaction across a
            // crash of the process (not across a power loss, which FULL would).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw ArchiveError("\(path): cannot open the archive: \(error)")
        }
        do {
            try migrator.migrate(pool)
        } catch {
            // Another process may have created the schema at the same moment: once more.
            do {
                try migrator.migrate(pool)
            } catch {
                throw ArchiveError("\(path): cannot set up the archive's schema: \(error)")
            }
        }
        return pool
    }

    /// The schema's migrations, in order. Never edit a registered migration: add the next one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaVersion1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: schemaVersion2)
        }
        return migrator
    }

    static let childTables = [
        "assessment_overlay", "assessment_file", "assessment_override", "assessment_part", "assessment_leaf",
        "leaf_finding",
    ]

    static let schemaVersion1 =
        """
        CREATE TABLE organization (
            credit_code TEXT PRIMARY KEY NOT NULL
        );
        CREATE TABLE assessment (
            id INTEGER PRIMARY KEY NOT NULL,
            credit_code TEXT NOT NULL REFERENCES organization(credit_code),
            organization_name TEXT NOT NULL,
            assessment_type TEXT NOT NULL,
            period_from TEXT NOT NULL,
            period_to TEXT NOT NULL,
            as_of TEXT NOT NULL,
            rubric_id TEXT NOT NULL,
            rubric_version TEXT NOT NULL,
            rubric_sha256 TEXT NOT NULL,
            manifest_sha256 TEXT,
            zip_sha256 TEXT,
            status TEXT NOT NULL,
            total TEXT NOT NULL,
            grade TEXT,
            report_json TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            record_hash TEXT NOT NULL
        );
        CREATE INDEX assessment_by_organization ON assessment(credit_code, as_of, id);
        CREATE TABLE assessment_overlay (
            assessment_id INTEGER NOT NULL, position INTEGER NOT NULL,
            overlay_id TEXT NOT NULL, sha256 TEXT NOT NULL,
            PRIMARY KEY (assessment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE assessment_file (
            assessment_id INTEGER NOT NULL, position INTEGER NOT NULL,
            path TEXT NOT NULL, sha256 TEXT,
            PRIMARY KEY (assessment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE assessment_override (
            assessment_id INTEGER NOT NULL, position INTEGER NOT NULL,
            leaf_id TEXT NOT NULL, auditor TEXT NOT NULL, date TEXT NOT NULL,
            justification TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (assessment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE assessment_part (
            assessment_id INTEGER NOT NULL, position INTEGER NOT NULL,
            part_id TEXT NOT NULL, points TEXT,
            PRIMARY KEY (assessment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE assessment_leaf (
            assessment_id INTEGER NOT NULL, position INTEGER NOT NULL,
            leaf_id TEXT NOT NULL, part_id TEXT NOT NULL, weight TEXT NOT NULL,
            rule_path TEXT, rule_sha256 TEXT, params TEXT NOT NULL,
            status TEXT NOT NULL, fraction TEXT, points TEXT, band TEXT,
            PRIMARY KEY (assessment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE leaf_finding (
            assessment_id INTEGER NOT NULL, leaf_position INTEGER NOT NULL, position INTEGER NOT NULL,
            level TEXT NOT NULL, message TEXT NOT NULL,
            PRIMARY KEY (assessment_id, leaf_position, position)
        ) WITHOUT ROWID;
        """
        + (["assessment"] + childTables).map { table in
            """

            CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
            CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END;
            """
        }.joined()

    /// Version 2: report JSON compressed. A new entry stores its report as a
    /// zlib stream in `report_json_zlib` and an empty `report_json`; an entry
    /// written before keeps its text (the triggers forbid rewriting it).
    static let schemaVersion2 =
        """
        ALTER TABLE assessment ADD COLUMN report_json_zlib BLOB;
        """

    // MARK: - Append

    public func append(_ record: ArchivedAssessment) throws(ArchiveError) -> Int64 {
        guard let writer else { throw ArchiveError("\(path): the archive was opened read-only") }
        let compressed = try ReportCompression.deflate(record.reportJSON)
        do {
            return try writer.writeWithoutTransaction { db in
                var id: Int64 = 0
                try db.inTransaction(.immediate) {
                    let last = try Row.fetchOne(
                        db, sql: "SELECT id, record_hash FROM assessment ORDER BY id DESC LIMIT 1")
                    id = (last?["id"] as Int64? ?? 0) + 1
                    let previous: String = last?["record_hash"] ?? ArchiveChain.genesis
                    try Self.insert(record, compressedReport: compressed, id: id, previous: previous, db: db)
                    return .commit
                }
                return id
            }
        } catch {
            throw ArchiveError("\(path): cannot append the assessment of \(record.creditCode): \(error)")
        }
    }

    private static func insert(
        _ record: ArchivedAssessment, compressedReport: Data, id: Int64, previous: String, db: Database
    ) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO organization (credit_code) VALUES (?)")
            .execute(arguments: [record.creditCode])
        try db.cachedStatement(
            sql: """
                INSERT INTO assessment (id, credit_code, organization_name, assessment_type, period_from,
                    period_to, as_of, rubric_id, rubric_version, rubric_sha256, manifest_sha256, zip_sha256,
                    status, total, grade, report_json, report_json_zlib, previous_hash, record_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id, record.creditCode, record.organizationName, record.assessmentType, record.periodFrom,
            record.periodTo, record.asOf, record.rubricID, record.rubricVersion, record.rubricSHA256,
            record.manifestSHA256, record.zipSHA256, record.status, record.total, record.grade, "", compressedReport,
            previous, ArchiveChain.hash(previous: previous, id: id, record: record),
        ])
        let overlay = try db.cachedStatement(sql: "INSERT INTO assessment_overlay VALUES (?, ?, ?, ?)")
        for (position, item) in record.overlays.enumerated() {
            try overlay.execute(arguments: [id, position, item.id, item.sha256])
        }
        let file = try db.cachedStatement(sql: "INSERT INTO assessment_file VALUES (?, ?, ?, ?)")
        for (position, item) in record.files.enumerated() {
            try file.execute(arguments: [id, position, item.path, item.sha256])
        }
        let override = try db.cachedStatement(sql: "INSERT INTO assessment_override VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (position, item) in record.overrides.enumerated() {
            try override.execute(arguments: [
                id, position, item.leaf, item.auditor, item.date, item.justification, item.value,
            ])
        }
        let part = try db.cachedStatement(sql: "INSERT INTO assessment_part VALUES (?, ?, ?, ?)")
        for (position, item) in record.parts.enumerated() {
            try part.execute(arguments: [id, position, item.id, item.points])
        }
        let leaf = try db.cachedStatement(
            sql: "INSERT INTO assessment_leaf VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        let finding = try db.cachedStatement(sql: "INSERT INTO leaf_finding VALUES (?, ?, ?, ?, ?)")
        for (position, item) in record.leaves.enumerated() {
            try leaf.execute(arguments: [
                id, position, item.id, item.part, item.weight, item.rulePath, item.ruleSHA256, item.params,
                item.status, item.fraction, item.points, item.band,
            ])
            for (index, found) in item.findings.enumerated() {
                try finding.execute(arguments: [id, position, index, found.level, found.message])
            }
        }
    }

    // MARK: - Reads

    public func entry(_ id: Int64) throws(ArchiveError) -> ArchiveEntry? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assessment WHERE id = ?", arguments: [id]).map {
                try Self.entry($0, db: db)
            }
        }
    }

    public func entries(creditCode: String) throws(ArchiveError) -> [ArchiveEntry] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM assessment WHERE credit_code = ? ORDER BY as_of, id", arguments: [creditCode]
            ).map { try Self.entry($0, db: db) }
        }
    }

    public func latestEntries() throws(ArchiveError) -> [ArchiveEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.* FROM assessment a
                    WHERE a.id = (SELECT b.id FROM assessment b WHERE b.credit_code = a.credit_code
                                  ORDER BY b.as_of DESC, b.id DESC LIMIT 1)
                    ORDER BY a.id
                    """
            ).map { try Self.entry($0, db: db) }
        }
    }

    public func count() throws(ArchiveError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM assessment") ?? 0 }
    }

    public func verify() throws(ArchiveError) -> ArchiveVerification {
        try read { db in
            var problems: [ArchiveVerification.Problem] = []
            var previousHash = ArchiveChain.genesis
            var expectedID: Int64 = 1
            var count = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM assessment ORDER BY id")
            while let row = try rows.next() {
                let entry = try Self.entry(row, db: db)
                let storedPrevious: String = row["previous_hash"]
                let storedHash: String = row["record_hash"]
                if entry.id != expectedID {
                    problems.append(
                        .init(
                            entry: entry.id, kind: .removedOrReordered,
                            detail:
                                "expected entry \(expectedID) here: entries \(expectedID)…\(entry.id - 1) are missing"
                        ))
                }
                if storedPrevious != previousHash {
                    problems.append(
                        .init(
                            entry: entry.id, kind: .removedOrReordered,
                            detail:
                                "it does not follow the entry before it (previous hash \(storedPrevious.prefix(12))…, "
                                + "the entry before has \(previousHash.prefix(12))…)"))
                }
                let computed = ArchiveChain.hash(previous: storedPrevious, id: entry.id, record: entry.record)
                if computed != storedHash {
                    problems.append(
                        .init(
                            entry: entry.id, kind: .changed,
                            detail: "its content gives hash \(computed.prefix(12))…, recorded \(storedHash.prefix(12))…"
                        ))
                }
                previousHash = storedHash
                expectedID = entry.id + 1
                count += 1
            }
            for table in Self.childTables {
                let orphans = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT assessment_id FROM \(table)
                        WHERE assessment_id NOT IN (SELECT id FROM assessment) ORDER BY assessment_id
                        """)
                for orphan in orphans {
                    problems.append(
                        .init(
                            entry: orphan, kind: .removedOrReordered,
                            detail: "rows of \(table) remain for an entry that is gone"))
                }
            }
            return ArchiveVerification(count: count, headHash: previousHash, problems: problems)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw ArchiveError("\(path): cannot read the archive: \(error)")
        }
    }

    private static func entry(_ row: Row, db: Database) throws -> ArchiveEntry {
        let id: Int64 = row["id"]
        let arguments: StatementArguments = [id]
        let overlays = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM assessment_overlay WHERE assessment_id = ? ORDER BY position"),
            arguments: arguments
        ).map { ArchivedAssessment.Overlay(id: $0["overlay_id"], sha256: $0["sha256"]) }
        let files = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM assessment_file WHERE assessment_id = ? ORDER BY position"),
            arguments: arguments
        ).map { ArchivedAssessment.File(path: $0["path"], sha256: $0["sha256"]) }
        let overrides = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM assessment_override WHERE assessment_id = ? ORDER BY position"),
            arguments: arguments
        ).map {
            ArchivedAssessment.Override(
                leaf: $0["leaf_id"], auditor: $0["auditor"], date: $0["date"], justification: $0["justification"],
                value: $0["value"])
        }
        let parts = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM assessment_part WHERE assessment_id = ? ORDER BY position"),
            arguments: arguments
        ).map { ArchivedAssessment.Part(id: $0["part_id"], points: $0["points"]) }
        var findings: [Int: [ArchivedAssessment.Finding]] = [:]
        for found in try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT * FROM leaf_finding WHERE assessment_id = ? ORDER BY leaf_position, position"),
            arguments: arguments)
        {
            findings[found["leaf_position"], default: []].append(
                ArchivedAssessment.Finding(level: found["level"], message: found["message"]))
        }
        let leaves = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM assessment_leaf WHERE assessment_id = ? ORDER BY position"),
            arguments: arguments
        ).map { leaf in
            ArchivedAssessment.Leaf(
                id: leaf["leaf_id"], part: leaf["part_id"], weight: leaf["weight"], rulePath: leaf["rule_path"],
                ruleSHA256: leaf["rule_sha256"], params: leaf["params"], status: leaf["status"],
                fraction: leaf["fraction"], points: leaf["points"], band: leaf["band"],
                findings: findings[leaf["position"]] ?? [])
        }
        let record = ArchivedAssessment(
            creditCode: row["credit_code"], organizationName: row["organization_name"],
            assessmentType: row["assessment_type"], periodFrom: row["period_from"], periodTo: row["period_to"],
            asOf: row["as_of"], rubricID: row["rubric_id"], rubricVersion: row["rubric_version"],
            rubricSHA256: row["rubric_sha256"], overlays: overlays, manifestSHA256: row["manifest_sha256"],
            zipSHA256: row["zip_sha256"], files: files, overrides: overrides, status: row["status"],
            total: row["total"], grade: row["grade"], parts: parts, leaves: leaves, reportJSON: try reportJSON(row))
        return ArchiveEntry(id: id, record: record)
    }

    /// The report JSON of an entry's row: inflated from `report_json_zlib`
    /// when the entry has it, else the text of `report_json`.
    private static func reportJSON(_ row: Row) throws -> String {
        if let compressed = row["report_json_zlib"] as Data? { return try ReportCompression.inflate(compressed) }
        return row["report_json"]
    }
}
