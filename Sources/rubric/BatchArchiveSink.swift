import Application
import Archive

/// Appends each assessed row's JSON report to the archive as rows arrive (in
/// input order, one at a time: ``BatchRun``'s contract), one transaction per
/// assessment. Failed bundles have no report and are not archived. The first
/// failure stops further appends and is reported when the run ends.
final class BatchArchiveSink: @unchecked Sendable {
    let archive: SQLiteArchive
    private(set) var failure: String?

    init(archive: SQLiteArchive) {
        self.archive = archive
    }

    func add(_ row: BatchRow) {
        guard failure == nil, let json = row.jsonReport else { return }
        do throws(ArchiveError) {
            _ = try archive.append(try ArchivedAssessment(reportJSON: json, source: row.bundle))
        } catch {
            failure = error.message
        }
    }
}
