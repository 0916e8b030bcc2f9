import Foundation
import GRDB
import Testing

@testable import Archive

@Suite("SQLiteArchive: compressed reports, schema versions, read-only opening")
struct ArchiveStorageTests {
    @Test("a report is stored as a zlib stream a fraction of its size, and reads back byte for byte")
    func compressed() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let queue = try DatabaseQueue(path: archive.path)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT report_json, report_json_zlib FROM assessment ORDER BY id")
        }
        #expect(rows.count == ArchiveFixtures.sampleReports.count)
        for (row, report) in zip(rows, ArchiveFixtures.sampleReports) {
            #expect(row["report_json"] as String == "")
            let stored = try #require(row["report_json_zlib"] as Data?)
            #expect(stored.count * 4 < report.utf8.count, "\(stored.count) bytes for \(report.utf8.count)")
            #expect(Data(try ReportCompression.inflate(stored).utf8) == Data(report.utf8))
        }
    }

    @Test("a damaged zlib stream is an error, not a wrong report")
    func damaged() throws {
        let stream = try ReportCompression.deflate("{\"schema\": \"rubric.report/2\"}")
        #expect(throws: ArchiveError.self) { try ReportCompression.inflate(stream.prefix(stream.count - 3)) }
        #expect(throws: ArchiveError.self) { try ReportCompression.inflate(Data("not zlib".utf8)) }
    }

    @Test("an entry that holds its report as text (schema version 1) reads back and verifies")
    func textEntry() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let report = ArchiveFixtures.sampleReports[1]
        let queue = try DatabaseQueue(path: archive.path)
        try queue.write { db in
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger)") }
            try db.execute(
                sql: "UPDATE assessment SET report_json = ?, report_json_zlib = NULL WHERE id = 2", arguments: [report])
        }
        let entry = try #require(try archive.entry(2))
        #expect(Data(entry.record.reportJSON.utf8) == Data(report.utf8))
        #expect(try archive.verify().isIntact)
    }

    @Test("verify catches an edited compressed report")
    func editedCompressedReport() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let edited = ArchiveFixtures.sampleReports[1] + " "
        let stream = try ReportCompression.deflate(edited)
        let queue = try DatabaseQueue(path: archive.path)
        try queue.write { db in
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger)") }
            try db.execute(sql: "UPDATE assessment SET report_json_zlib = ? WHERE id = 2", arguments: [stream])
        }
        let problems = try archive.verify().problems
        #expect(problems.map(\.entry) == [2] && problems.first?.kind == .changed, "\(problems)")
    }

    @Test("an archive of schema version 1 is brought up to date when opened, and keeps its entries")
    func migratesVersion1() throws {
        let path = try ArchiveFixtures.newArchivePath()
        var version1 = DatabaseMigrator()
        version1.registerMigration("v1") { db in try db.execute(sql: SQLiteArchive.schemaVersion1) }
        try version1.migrate(try DatabaseQueue(path: path))

        let reader = try SQLiteArchive(readingOnly: path)
        #expect(try reader.count() == 0)
        let archive = try SQLiteArchive(path: path)
        let report = ArchiveFixtures.sampleReports[0]
        let id = try archive.append(try ArchivedAssessment(reportJSON: report, source: "sample"))
        #expect(Data(try #require(try archive.entry(id)).record.reportJSON.utf8) == Data(report.utf8))
        #expect(try archive.verify().isIntact)
    }

    @Test("a read-only archive reads what a writer appended and refuses to append")
    func readOnly() throws {
        let written = try ArchiveFixtures.sampleArchive()
        let reader = try SQLiteArchive(readingOnly: written.path)
        #expect(try reader.count() == 3)
        #expect(try reader.entry(3) == (try written.entry(3)))
        let record = try ArchivedAssessment(reportJSON: ArchiveFixtures.sampleReports[0], source: "sample")
        #expect(throws: ArchiveError.self) { try reader.append(record) }
        #expect(throws: ArchiveError.self) { try SQLiteArchive(readingOnly: written.path + ".missing") }
    }
}
