import Foundation
import TestSupport

@testable import Evidence

/// Paths and helpers shared by the evidence tests.
enum Fixtures {
    /// Tests/EvidenceTests/Fixtures, found from this source file.
    static let root = RepositoryPaths.fixtures(of: "EvidenceTests")
    /// The repository root.
    static let repository = RepositoryPaths.root
    /// The ISI working-day calendar data.
    static let calendarFolder = RepositoryPaths.calendar

    /// The document types the fixtures use (the rubric's vocabulary comes from elsewhere).
    static let documentTypes = [
        "management_manual", "requirements_record", "implementation_plan", "test_report",
        "acceptance_report", "handover_record", "trial_run_record",
    ]

    static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    static var options: BundleOptions { BundleOptions(documentTypes: documentTypes, schemeID: "isi") }

    static func openBasic() throws -> EvidenceBundle {
        try EvidenceBundle.open(url("basic"), options: options)
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of a fixture folder in a new temporary folder, to change freely.
    static func copy(_ fixture: String) throws -> URL {
        let target = try temporaryFolder().appendingPathComponent(fixture)
        try FileManager.default.copyItem(at: url(fixture), to: target)
        return target
    }

    static let calendar: WorkingDayCalendar = {
        do {
            return try WorkingDayCalendar.load(directory: calendarFolder)
        } catch {
            fatalError("the shipped calendar does not load: \(error)")
        }
    }()
}

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}
