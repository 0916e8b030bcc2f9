import Foundation
import TestSupport

/// The workbooks the tests read, written once per test run by `make_workbooks.py`
/// into a temporary folder: hostile ones with Python's zipfile, the others with openpyxl.
enum Workbooks {
    static let script = RepositoryPaths.tests.appendingPathComponent("EvidenceTests/Workbooks/make_workbooks.py")

    /// Whether Python 3 with openpyxl (a test-only dependency, `pip install openpyxl`) can run.
    static let openpyxlAvailable: Bool = run(["python3", "-c", "import openpyxl"])

    /// Whether Python 3 can run.
    static let pythonAvailable: Bool = run(["python3", "-c", "import zipfile"])

    /// The folder of hostile workbooks, or nil when Python cannot write them.
    static let hostile: URL? = make("hostile")
    /// The folder of workbooks written by openpyxl, or nil when it is not installed.
    static let openpyxl: URL? = openpyxlAvailable ? make("openpyxl") : nil

    private static func make(_ kind: String) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbooks-\(kind)-\(UUID())")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil,
            run(["python3", script.path, folder.path, kind])
        else { return nil }
        return folder
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func bytes(_ folder: URL?, _ name: String) throws -> [UInt8] {
        guard let folder else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}
