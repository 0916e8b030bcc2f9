import Diagnostics
import Foundation
import Scheme
import TestSupport
import Testing

/// An overlay may come from outside the rubric's authors (a certification body):
/// anchors, aliases, merge keys and tags are refused with a located error before
/// Yams composes anything. The rubric itself is its authors' own file and keeps them.
@Suite struct OverlayRefusalTests {
    static let header = "overlay: {id: o, scheme: mini}\n"

    /// The findings of the valid fixture with one overlay of `text`. Expanding the
    /// aliases would take gigabytes and minutes; the test's own time limit fails it then.
    func findings(overlay text: String) throws -> [Finding] {
        let folder = try TemporaryRubric(files: ["overlays/o.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let findings = try withinTestTimeLimit {
            RubricLoader.validate(directory: folder.directory, overlays: [folder.url("overlays/o.yaml")])
        }
        return findings.map { finding in
            var finding = finding
            let name = URL(fileURLWithPath: finding.location?.file ?? "").lastPathComponent
            finding.location?.file = name
            return finding
        }
    }

    @Test func theAliasBombIsRefused() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        let found = try findings(overlay: Self.header + lines.joined(separator: "\n") + "\n")
        #expect(found.map(\.code) == ["yaml-refused"])
        #expect(found.first?.location == SourceLocation(file: "o.yaml", line: 2, column: 5))
    }

    @Test func anAliasAMergeKeyAndATagAreRefused() throws {
        let alias = try findings(overlay: Self.header + "indicators:\n  \"1.2.2\": {params: *p}\n")
        #expect(alias.map(\.code) == ["yaml-refused"])
        #expect(alias.first?.location == SourceLocation(file: "o.yaml", line: 3, column: 21))

        let merge = try findings(overlay: Self.header + "indicators:\n  \"1.2.2\":\n    <<: {weight: 40}\n")
        #expect(merge.first?.location == SourceLocation(file: "o.yaml", line: 4, column: 5))
        #expect(merge.first?.message.hasPrefix("YAML merge key `<<` refused") == true)

        let tag = try findings(overlay: Self.header + "indicators:\n  \"1.2.2\": {weight: !!int 40}\n")
        #expect(tag.first?.location == SourceLocation(file: "o.yaml", line: 3, column: 21))
        #expect(tag.first?.message.hasPrefix("YAML tag `!!int` refused") == true)
    }

    @Test func textWithAmpersandsAndStarsIsText() throws {
        let found = try findings(
            overlay: """
                overlay: {id: o, scheme: mini, description: "R&D 部: *重要* !"}
                indicators:
                  "1.2.2": {params: {min_days: 7, note: R&D 很*重要*}}
                """)
        #expect(found.filter { $0.severity == .error } == [])
    }

    @Test func theRubricItselfMayUseAnchors() throws {
        let folder = try TemporaryRubric(replacing: [
            ("params: {min_days: 7}", "params: *shared"),
            ("            weight: 20\n", "            weight: 20\n            params: &shared {min_days: 7}\n"),
        ])
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let loaded = try RubricLoader.load(directory: folder.directory)
        #expect(loaded.rubric.leaf("1.2.2")?.params["min_days"] == .integer(7))
    }
}
