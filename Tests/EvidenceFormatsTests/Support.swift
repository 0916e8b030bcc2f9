import Foundation
import TestSupport

/// Paths shared by the format readers' tests.
enum TestFiles {
    /// The repository root.
    static let repository = RepositoryPaths.root

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "evidence-formats-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
