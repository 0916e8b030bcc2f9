import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Evidence

/// Anchors, aliases, merge keys and tags in a manifest are refused with a located
/// error before Yams composes anything (issue 17: ten lines of aliases took the
/// process to 11 GB).
@Suite("Manifest: YAML features refused")
struct ManifestRefusalTests {
    let loader = ManifestLoader(documentTypes: Fixtures.documentTypes, schemeID: "isi")

    /// The example bundle's manifest.
    var basic: String {
        get throws { try String(contentsOf: Fixtures.url("basic/bundle.yaml"), encoding: .utf8) }
    }

    /// Nine levels of anchors, each a list of nine aliases of the level below.
    static let aliasBomb: String = {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append(
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// The one finding of a refused manifest. Expanding the aliases would take
    /// gigabytes and minutes; the test's own time limit fails it if that happens.
    func refusal(_ text: String) throws -> Finding {
        let loader = self.loader
        let result = try withinTestTimeLimit { loader.load(yaml: text, file: "bundle.yaml") }
        #expect(result.manifest == nil)
        #expect(result.findings.count == 1, "\(result.findings)")
        let finding = try #require(result.findings.first)
        #expect(finding.code == "yaml-refused")
        #expect(finding.severity == .error)
        return finding
    }

    /// The line on which `text` has `needle` (1-based).
    func line(of needle: String, in text: String) throws -> Int {
        let lines = text.components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(needle) }) + 1
    }

    @Test("the alias bomb added to bundle.yaml is refused at its first anchor")
    func aliasBombAtTheTop() throws {
        let text = try basic + Self.aliasBomb
        let finding = try refusal(text)
        #expect(
            finding.location == SourceLocation(file: "bundle.yaml", line: try line(of: "a0: &a0", in: text), column: 5))
        #expect(finding.message.hasPrefix("YAML anchor `&a0` refused"))
    }

    @Test("an alias inside a value is refused where it is")
    func aliasInAValue() throws {
        let text = try basic.replacingOccurrences(of: "signatories: [张伟, 李娜]", with: "signatories: *a8")
        let finding = try refusal(text)
        #expect(
            finding.location == SourceLocation(file: "bundle.yaml", line: try line(of: "*a8", in: text), column: 18))
        #expect(finding.message.hasPrefix("YAML alias `*a8` refused"))
    }

    @Test("the bomb inside a value, its anchors in a list of the manifest, is refused")
    func bombInsideAValue() throws {
        let bomb = Self.aliasBomb.split(separator: "\n").map { "      - " + $0 }
        let text = try basic.replacingOccurrences(
            of: "    signatories: [张伟, 李娜]\n",
            with: "    signatories:\n" + bomb.joined(separator: "\n") + "\n      - *a8\n")
        let finding = try refusal(text)
        #expect(finding.location?.line == (try line(of: "&a0", in: text)))
        #expect(finding.location?.column == 13)
    }

    @Test("a merge key is refused")
    func mergeKey() throws {
        let text = try basic.replacingOccurrences(of: "  - id: D02\n", with: "  - <<: {sealed: true}\n    id: D02\n")
        let finding = try refusal(text)
        #expect(finding.location == SourceLocation(file: "bundle.yaml", line: try line(of: "<<:", in: text), column: 5))
        #expect(finding.message.hasPrefix("YAML merge key `<<` refused"))
    }

    @Test("a tag is refused, not silently ignored")
    func tag() throws {
        let text = try basic.replacingOccurrences(of: "type: implementation_plan", with: "type: !x implementation_plan")
        let finding = try refusal(text)
        #expect(finding.location == SourceLocation(file: "bundle.yaml", line: try line(of: "!x", in: text), column: 11))
        #expect(finding.message.hasPrefix("YAML tag `!x` refused"))
    }

    @Test("&, * and ! inside text are text, also in a manifest only Yams reads")
    func textIsText() throws {
        // `---` makes the fast reader give the text to the guard and Yams.
        for prefix in ["", "---\n"] {
            let text =
                try prefix
                + basic
                .replacingOccurrences(of: "title: 实施方案 Implementation plan", with: "title: R&D 部 很*重要* 实施方案")
                .replacingOccurrences(of: "version: \"1.0\"", with: "version: \"!1.0*\"")
            let result = loader.load(yaml: text, file: "bundle.yaml")
            #expect(result.findings.isEmpty, "\(result.findings)")
            let manifest = try result.get()
            #expect(manifest.documents[0].title == "R&D 部 很*重要* 实施方案")
            #expect(manifest.documents[0].version == "!1.0*")
        }
    }

    @Test("the fast reader leaves every refused feature to the guard")
    func fastReaderGivesUp() {
        for text in ["a: &x 1\n", "a: *x\n", "a: !x 1\n", "<<: {a: 1}\n", "a: [*x]\n", "a: {b: !x c}\n", "- &x a\n"] {
            #expect(ManifestYAML.parse(text) == nil, "\(text)")
        }
    }
}
