import Application
import Archive
import Foundation
import TestSupport

/// Reports of the ISI samples, assessed once for the archive tests, and fresh archive files.
enum ArchiveFixtures {
    static let epoch = ["SOURCE_DATE_EPOCH": "1790000000"]

    /// The JSON reports of the three ISI samples, in name order.
    static let sampleReports: [String] = {
        do {
            let preparation = try AssessmentPreparation(
                rubricDirectory: RepositoryPaths.isiRubric, engineVersion: "0.1.0", environment: epoch)
            return try ["huaxin-level1", "qiheng-level3", "ruituo-ungraded"].map { name in
                let bundle = RepositoryPaths.isiSamples.appendingPathComponent(name)
                return try AssessmentRun(preparation: preparation, bundle: bundle, format: .json).run().report
            }
        } catch {
            fatalError("the ISI samples cannot be assessed: \(error)")
        }
    }()

    /// A path for a new archive in a folder of its own.
    static func newArchivePath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archive-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("audits.sqlite").path
    }

    /// An archive holding the three sample reports (entries 1, 2, 3).
    static func sampleArchive() throws -> SQLiteArchive {
        let archive = try SQLiteArchive(path: try newArchivePath())
        for (index, report) in sampleReports.enumerated() {
            _ = try archive.append(try ArchivedAssessment(reportJSON: report, source: "sample \(index)"))
        }
        return archive
    }
}
