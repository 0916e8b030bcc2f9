import Diagnostics
import Foundation
import RuleTesting
import TestSupport
import Testing

/// A rule test's inline bundle becomes a manifest: anchors, aliases, merge keys
/// and tags in a rule test file are refused with a located error, as in a manifest.
struct RuleTestRefusalTests {
    /// The findings of loading the mini rubric's tests with one more file, `extra.yaml`.
    func findings(_ text: String) throws -> [Finding] {
        let folder = try RuleTestingTests.copyOfMini()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("tests/extra.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: FindingsError.self) {
            try withinTestTimeLimit { try RuleTestSuite.load(rubricDirectory: folder) }
        }
        return error.findings.map { finding in
            var finding = finding
            let name = URL(fileURLWithPath: finding.location?.file ?? "").lastPathComponent
            finding.location?.file = name
            return finding
        }
    }

    @Test func theAliasBombInAnInlineBundleIsRefused() throws {
        var lines = ["    a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append(
                "    a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
                    + "]")
        }
        let text = "leaf: \"1.1\"\nbundle:\n" + lines.joined(separator: "\n") + "\nexpect: {status: scored}\n"
        let found = try findings(text)
        #expect(found.map(\.code) == ["yaml-refused"])
        #expect(found.first?.location == SourceLocation(file: "extra.yaml", line: 3, column: 9))
    }

    @Test func aTagAndAMergeKeyAreRefused() throws {
        let tag = try findings("leaf: !x \"1.1\"\nbundle: x\nexpect: {status: scored}\n")
        #expect(tag.map(\.code) == ["yaml-refused"])
        #expect(tag.first?.location == SourceLocation(file: "extra.yaml", line: 1, column: 7))

        let merge = try findings("leaf: \"1.1\"\nbundle: x\nexpect:\n  <<: {status: scored}\n")
        #expect(merge.first?.location == SourceLocation(file: "extra.yaml", line: 4, column: 3))
    }
}
