import Foundation
import Testing

@Suite("rubric bundle check, rubric bundle init, rubric explain --evidence")
struct BundleCommandTests {
    static let accuracyScript = RubricBinary.tests.appendingPathComponent(
        "rubricTests/Fixtures/bundle-init/init_accuracy.py")
    static let yamlReady = WorkbookSampleTests.run(["python3", "-c", "import yaml"])

    static func temporaryFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID())")
    }

    @Test(
        "bundle init guesses at least 90% of a sample's document types from files named by their titles",
        .enabled(if: yamlReady, "PyYAML is not installed (pip install pyyaml): the guesses cannot be compared"),
        arguments: SampleTests.names)
    func initGuessesDocumentTypes(name: String) throws {
        let work = Self.temporaryFolder("bundle-init")
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.accuracyScript.path, RubricBinary.url.path, CommandsTests.isi,
            SampleTests.samples.appendingPathComponent(name).path, work.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        var figures: [String: (Int, Int)] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let right = Int(parts[1]), let total = Int(parts[2]) {
                figures[String(parts[0])] = (right, total)
            }
        }
        let documents = try #require(figures["documents"])
        #expect(documents.1 > 50)
        #expect(Double(documents.0) >= 0.9 * Double(documents.1), "\(output)")
        let tables = try #require(figures["tables"])
        #expect(tables.0 == tables.1, "\(output)")
    }

    @Test func initRefusesToOverwriteWithoutForce() throws {
        let folder = Self.temporaryFolder("bundle-init-force")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("format: 1\n".utf8).write(to: folder.appendingPathComponent("bundle.yaml"))
        try Data("# 2026年度内部审核报告\n\n编制日期：2026年3月5日\n".utf8).write(
            to: folder.appendingPathComponent("内审.md"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("照片.jpg"))
        let refused = try RubricBinary.run(["bundle", "init", folder.path, "--rubric", CommandsTests.isi])
        #expect(refused.status == 1)
        let forced = try RubricBinary.run(["bundle", "init", folder.path, "--rubric", CommandsTests.isi, "--force"])
        #expect(forced.status == 0)
        let draft = try String(contentsOf: folder.appendingPathComponent("bundle.yaml"), encoding: .utf8)
        #expect(draft.contains("type: internal_audit_report  # 待确认 confirm"))
        #expect(draft.contains("date: 2026-03-05"))
        #expect(draft.contains("#   照片.jpg"))
        #expect(CommandsTests.text(forced.stdout).contains("照片.jpg"))
    }

    @Test func checkListsProblemsAndTheMissingEvidence() throws {
        let output = try RubricBinary.run([
            "bundle", "check", SampleTests.samples.appendingPathComponent("qiheng-level3").path, "--rubric",
            CommandsTests.isi,
        ])
        let text = CommandsTests.text(output.stdout)
        #expect(output.status == 0, "\(text)")
        #expect(text.contains("document type team_roster (项目组成员名单): read by 5.10"))
        #expect(text.contains("0 error(s)"))

        let folder = Self.temporaryFolder("bundle-check")
        try FileManager.default.copyItem(at: SampleTests.samples.appendingPathComponent("qiheng-level3"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("records/part5b/service-tickets.csv"))
        let broken = try RubricBinary.run(["bundle", "check", folder.path, "--rubric", CommandsTests.isi])
        let brokenText = CommandsTests.text(broken.stdout)
        #expect(broken.status == 1, "\(brokenText)")
        #expect(brokenText.contains("service-tickets.csv"))
    }

    @Test func explainPrintsTheEvidenceCatalogue() throws {
        let output = try RubricBinary.run(["explain", "--rubric", CommandsTests.isi, "--evidence", "--lang", "en"])
        let text = CommandsTests.text(output.stdout)
        #expect(output.status == 0)
        #expect(text.contains("Document types 文档类型 (69)"))
        #expect(text.contains("  service_tickets  After-sales service tickets / 售后服务工单"))
        #expect(text.contains("    read by 读取的指标: 5.6"))
        #expect(text.contains("- ticket_id (string, required 必填)  ← 工单号, 工单编号"))
        let none = try RubricBinary.run(["explain", "--rubric", CommandsTests.isi])
        #expect(none.status != 0)
    }
}
