import Foundation
import Testing

/// An override holds up to and including its `expires` day: on that day it is
/// applied, the day after it stops the run as expired.
@Suite("Override expiry, run as a process")
struct OverrideExpiryTests {
    /// An overrides file for the mini rubric's leaf 1.1, dated 2026-10-01, expiring on `expires`.
    static func overridesFile(expires: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rubric-override-expiry-\(UUID().uuidString).yaml")
        let text = """
            overrides:
              - leaf: "1.1"
                fraction: 0.5
                justification: "现场核实 (verified on site)"
                auditor: "张三"
                date: 2026-10-01
                expires: \(expires)

            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func assess(expires: String, asOf: String) throws -> RubricBinary.Output {
        let file = try overridesFile(expires: expires)
        defer { try? FileManager.default.removeItem(at: file) }
        return try RubricBinary.run([
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle,
            "--overrides", file.path, "--as-of", asOf, "--format", "json",
        ])
    }

    @Test("on its last valid day (expires = the assessment date) the override is applied")
    func lastValidDay() throws {
        let output = try Self.assess(expires: "2026-10-20", asOf: "2026-10-20")
        #expect(output.status != 1, "\(output.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        let overrides = try #require(report["overrides"] as? [[String: Any]])
        #expect(overrides.count == 1)
        #expect(overrides.first?["leaf"] as? String == "1.1")
        #expect(overrides.first?["expires"] as? String == "2026-10-20")
        let leaves = try #require(report["leaves"] as? [[String: Any]])
        let leaf = try #require(leaves.first { $0["id"] as? String == "1.1" })
        #expect(leaf["fraction"] as? String == "0.50", "\(leaf)")
    }

    @Test("the day after, the override has expired and the run stops with bad input")
    func dayAfter() throws {
        let output = try Self.assess(expires: "2026-10-19", asOf: "2026-10-20")
        #expect(output.status == 1)
        #expect(output.stderr.contains("expired on 2026-10-19"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
