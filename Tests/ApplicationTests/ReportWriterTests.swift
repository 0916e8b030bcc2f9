import Application
import Foundation
import Testing

@Suite("ReportWriter")
struct ReportWriterTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("writes the text, replacing an older report, and leaves no temporary file")
    func writes() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("report.json")
        try ReportWriter.write("old\n", to: url)
        try ReportWriter.write("新的 new\n", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "新的 new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }

    @Test("a failure leaves nothing behind")
    func failure() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing/report.json")
        #expect(throws: ReportWriter.WriteError.self) { try ReportWriter.write("x", to: missing) }
        // Renaming over a folder fails: the folder stays, and no temporary file is left.
        let blocked = folder.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(
            at: blocked.appendingPathComponent("inside"),
            withIntermediateDirectories: true)
        #expect(throws: ReportWriter.WriteError.self) { try ReportWriter.write("x", to: blocked) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blocked"])
    }
}
