import Diagnostics
import Engine
import Evidence
import Foundation
import Overrides
import Scheme
import TestSupport
import Testing

/// The overrides file comes from the auditor, not from the rubric's authors:
/// anchors, aliases, merge keys and tags are refused with a located error
/// before Yams composes anything.
@Suite("Overrides: YAML features refused")
struct OverrideRefusalTests {
    static let valid = EngineFixtures.tests.appendingPathComponent("EngineTests/Fixtures/overrides/valid.yaml")

    /// The one finding that stops `text`. Expanding the aliases would take gigabytes
    /// and minutes; the test's own time limit fails it if that happens.
    func refusal(_ text: String) throws -> Finding {
        let rubric = try RubricLoader.load(directory: EngineFixtures.mini).rubric
        let asOf = try #require(CalendarDate(iso: "2026-10-20"))
        let error = try #require(throws: FindingsError.self) {
            try withinTestTimeLimit { try OverrideSet.parse(text, file: "overrides.yaml", rubric: rubric, asOf: asOf) }
        }
        #expect(error.findings.count == 1, "\(error.findings)")
        let finding = try #require(error.findings.first)
        #expect(finding.code == "yaml-refused")
        return finding
    }

    @Test("the alias bomb is refused at its first anchor")
    func aliasBomb() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        let text = try String(contentsOf: Self.valid, encoding: .utf8) + lines.joined(separator: "\n") + "\n"
        let finding = try refusal(text)
        let line = text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("a0:") }.map { $0 + 1 }
        #expect(finding.location == SourceLocation(file: "overrides.yaml", line: line, column: 5))
    }

    @Test("an alias, a merge key and a tag are refused where they are")
    func features() throws {
        let entry = """
            overrides:
              - leaf: "1.1"
                fraction: 0.9
                justification: &why "现场核实 (verified on site)"
                auditor: "张三"
                date: 2026-10-20
            """
        let anchor = try refusal(entry)
        #expect(anchor.location == SourceLocation(file: "overrides.yaml", line: 4, column: 20))

        let alias = try refusal(entry.replacingOccurrences(of: "&why \"现场核实 (verified on site)\"", with: "*why"))
        #expect(alias.location == SourceLocation(file: "overrides.yaml", line: 4, column: 20))

        let merge = try refusal(entry.replacingOccurrences(of: "    fraction: 0.9", with: "    <<: {fraction: 0.9}"))
        #expect(merge.location == SourceLocation(file: "overrides.yaml", line: 3, column: 5))

        let tag = try refusal(entry.replacingOccurrences(of: "fraction: 0.9", with: "fraction: !!float 0.9"))
        #expect(tag.location == SourceLocation(file: "overrides.yaml", line: 3, column: 15))
        #expect(tag.message.hasPrefix("YAML tag `!!float` refused"))
    }
}
