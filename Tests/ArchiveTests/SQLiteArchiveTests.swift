import Archive
import Foundation
import GRDB
import Testing

@Suite("SQLiteArchive: round trip, hash chain, tampering")
struct SQLiteArchiveTests {
    @Test("assess → archive → the report JSON comes back byte for byte, with its facts")
    func roundTrip() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        for (index, report) in ArchiveFixtures.sampleReports.enumerated() {
            let entry = try #require(try archive.entry(Int64(index + 1)))
            #expect(Data(entry.record.reportJSON.utf8) == Data(report.utf8))
            #expect(entry.record == (try ArchivedAssessment(reportJSON: report, source: "sample")))
        }
        let first = try #require(try archive.entry(1)).record
        #expect(first.creditCode.count == 18)
        #expect(first.rubricID == "isi")
        #expect(
            first.assessmentType == "initial" || first.assessmentType == "surveillance"
                || first.assessmentType == "recertification")
        #expect(!first.files.isEmpty && first.files.allSatisfy { $0.sha256?.count == 64 })
        #expect(first.leaves.contains { $0.ruleSHA256?.count == 64 && $0.params != "null" })
        #expect(try archive.count() == 3)
        #expect(try archive.entry(4) == nil)
    }

    @Test("an intact archive verifies; its head is the last entry's hash")
    func intact() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let verification = try archive.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(verification.count == 3)
        #expect(verification.headHash.count == 64 && verification.headHash != ArchiveChain.genesis)
    }

    @Test("the archive refuses UPDATE and DELETE")
    func appendOnly() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let queue = try DatabaseQueue(path: archive.path)
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE assessment_leaf SET points = '0.00'") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "DELETE FROM assessment WHERE id = 2") }
        }
        #expect(try archive.verify().isIntact)
    }

    /// Runs `sql` on the archive with its append-only triggers dropped, as a tamperer would.
    func tamper(_ archive: SQLiteArchive, _ sql: String) throws {
        let queue = try DatabaseQueue(path: archive.path)
        try queue.write { db in
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger)") }
            try db.execute(sql: sql)
        }
    }

    @Test("verify catches a points value edited in SQLite")
    func editedPoints() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        try tamper(archive, "UPDATE assessment_leaf SET points = '9.99' WHERE assessment_id = 2 AND position = 0")
        let verification = try archive.verify()
        #expect(verification.problems.map(\.entry) == [2])
        #expect(verification.problems.first?.kind == .changed)
    }

    @Test("verify catches a deleted entry")
    func deletedRow() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        try tamper(archive, "DELETE FROM assessment WHERE id = 2")
        let verification = try archive.verify()
        #expect(verification.count == 2)
        #expect(!verification.isIntact)
        #expect(verification.problems.contains { $0.entry == 3 && $0.kind == .removedOrReordered })
    }

    @Test("verify catches a swapped pair")
    func swappedPair() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        try tamper(
            archive,
            """
            UPDATE assessment SET id = -1 WHERE id = 2;
            UPDATE assessment SET id = 2 WHERE id = 3;
            UPDATE assessment SET id = 3 WHERE id = -1;
            """)
        let verification = try archive.verify()
        #expect(Set(verification.problems.map(\.entry)) == [2, 3])
        #expect(verification.problems.contains { $0.kind == .removedOrReordered })
    }

    @Test("a report of another schema, or not JSON, is refused with its name")
    func refused() throws {
        #expect(throws: ArchiveError.self) {
            try ArchivedAssessment(reportJSON: "{\"schema\": \"rubric.report/1\"}", source: "old.json")
        }
        let error = #expect(throws: ArchiveError.self) { try ArchivedAssessment(reportJSON: "nope", source: "x.json") }
        #expect(error?.message.hasPrefix("x.json: not JSON") == true)
    }

    @Test("entries by organization come by as-of date; the latest of each organization")
    func byOrganization() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let report = ArchiveFixtures.sampleReports[0]
        let again = try archive.append(try ArchivedAssessment(reportJSON: report, source: "again"))
        #expect(again == 4)
        let code = try ArchivedAssessment(reportJSON: report, source: "sample").creditCode
        #expect(try archive.entries(creditCode: code).map(\.id) == [1, 4])
        #expect(try archive.latestEntries().map(\.id) == [2, 3, 4])
        #expect(try archive.verify().isIntact)
    }
}
