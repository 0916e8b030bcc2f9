import Foundation
import TestSupport
import Testing

/// `rubric assess --format deliverable|pdf|nc-csv|nc-xlsx` and the deliverable's options.
@Suite("rubric assess: deliverable and non-conformity register")
struct DeliverableCommandTests {
    static let qiheng = RepositoryPaths.isiSamples.appendingPathComponent("qiheng-level3").path
    static let isi = RepositoryPaths.isiRubric.path

    @Test("nc-csv on standard output, in any case; nc-xlsx into --output as a zip")
    func register() throws {
        let csv = try RubricBinary.run([
            "assess", "--rubric", Self.isi, Self.qiheng, "--format", "NC-CSV", "--lang", "en",
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
        let text = String(decoding: csv.stdout, as: UTF8.self)
        #expect(text.hasPrefix("No.,Part,Leaf,Title,Clause,Finding,Evidence,Severity,Overridden,Closure deadline\n"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nc-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("nc.xlsx")
        let xlsx = try RubricBinary.run([
            "assess", "--rubric", Self.isi, Self.qiheng, "--format", "nc-xlsx", "--output", file.path,
        ])
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    }

    @Test("the deliverable names the certification body and the audit team, in one language")
    func deliverable() throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", Self.isi, Self.qiheng, "--format", "deliverable", "--lang", "en",
            "--certification-body", "Example Certification", "--audit-team", "Zhang San", "--audit-team", "Li Si",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let html = String(decoding: output.stdout, as: UTF8.self)
        #expect(html.contains("<td>Example Certification</td>"))
        #expect(html.contains("<td>Zhang San, Li Si</td>"))
        #expect(html.contains("<td>Lead auditor</td><td>Zhang San</td>"))
        #expect(!html.contains("审核组长"))
    }

    @Test("--format pdf without a browser fails with exit 1 and says what to install")
    func pdfWithoutBrowser() throws {
        let process = Process()
        process.executableURL = RubricBinary.url
        process.arguments = ["assess", "--rubric", Self.isi, Self.qiheng, "--format", "pdf"]
        var environment = ProcessInfo.processInfo.environment
        environment["RUBRIC_CHROMIUM"] = "/no/such/chromium"
        process.environment = environment
        let stderr = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("rubric assess: /no/such/chromium: cannot run it"), "\(message)")
    }
}
