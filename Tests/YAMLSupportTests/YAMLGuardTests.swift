import Diagnostics
import Foundation
import TestSupport
import Testing
import YAMLSupport

@Suite("YAML guard")
struct YAMLGuardTests {
    /// The alias bomb of issue 17: nine levels, each a list of nine aliases of the level below.
    static func aliasBomb(indent: String = "") -> String {
        var lines = ["\(indent)a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            let below = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("\(indent)a\(level): &a\(level) [\(below)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func refusal(_ text: String) -> YAMLGuard.Refusal? {
        YAMLGuard.firstRefusal(in: text)
    }

    @Test("an anchor, an alias, a tag and a merge key are refused where they are")
    func refused() throws {
        let anchor = try #require(refusal("name: x\nlist: &a [1, 2]\n"))
        #expect(anchor.feature == .anchor)
        #expect(anchor.token == "&a")
        #expect((anchor.line, anchor.column) == (2, 7))

        let alias = try #require(refusal("signatories: *a8\n"))
        #expect(alias.feature == .alias)
        #expect(alias.token == "*a8")
        #expect((alias.line, alias.column) == (1, 14))

        let tag = try #require(refusal("documents:\n  - type: !x service_plan\n"))
        #expect(tag.feature == .tag)
        #expect(tag.token == "!x")
        #expect((tag.line, tag.column) == (2, 11))

        let merge = try #require(refusal("base: {a: 1}\nitem:\n  <<: {a: 2}\n  b: 3\n"))
        #expect(merge.feature == .mergeKey)
        #expect((merge.line, merge.column) == (3, 3))

        let flowMerge = try #require(refusal("item: {<<: {a: 2}}\n"))
        #expect(flowMerge.feature == .mergeKey)

        #expect(refusal("- !!str 12\n")?.feature == .tag)
        #expect(refusal("--- !x\na: 1\n")?.feature == .tag)
        #expect(refusal("? &k key\n: value\n")?.feature == .anchor)
        #expect(refusal("a: [x, *y]\n")?.feature == .alias)
        #expect(refusal("a: {\"k\":*y}\n")?.feature == .alias)
    }

    @Test("the alias bomb is refused at its first anchor")
    func aliasBomb() throws {
        let found = try #require(try withinTestTimeLimit { refusal("format: 1\n" + Self.aliasBomb()) })
        #expect(found.feature == .anchor)
        #expect(found.token == "&a0")
        #expect((found.line, found.column) == (2, 5))
    }

    @Test("&, * and ! inside text are not refused")
    func textIsText() {
        let texts = [
            "name: R&D 部\n",
            "note: 很*重要*\n",
            "x: \"!\"\n",
            "x: '*a'\n",
            "x: \"&a *b !c\"\n",
            "x: a!b\n",
            "x: 3 * 4\n",
            "x: a & b\n",
            "x: [R&D, 很*重要*, \"!\"]\n",
            "x: 'it''s *not* an alias'\n",
            "x: \"multi\n  &line *quoted\"\n",
            "x: plain text\n  continued &here *and !there\n",
            "- item\n  &continued\n",
            "x: |\n  &anchor-looking\n  *alias-looking\n  !tag-looking\n  <<: merge-looking\ny: 1\n",
            "x: >-\n  *folded\n\n  &text\ny: 1\n",
            "# &a comment *b !c\nx: 1 # &a *b !c\n",
            "x: a#b &c\n",
            "x: <<\n",
            "\"<<\": quoted key\n",
            "x: 100%\n",
            "email: a@b\n",
            "x: -1\n",
            "x: ?a\n",
            "x: :a\n",
        ]
        for text in texts {
            #expect(refusal(text) == nil, "\(text)")
        }
    }

    @Test("after a block scalar, the next keys are read again")
    func afterBlockScalar() throws {
        let text = "a:\n  b: |\n    *text\n  c: *real\n"
        let found = try #require(refusal(text))
        #expect(found.feature == .alias)
        #expect((found.line, found.column) == (4, 6))
    }

    @Test("a key at the indentation of its mapping is not a continuation of the value before it")
    func notAContinuation() throws {
        let found = try #require(refusal("- key: value\n  &a other: x\n"))
        #expect(found.feature == .anchor)
        #expect(found.line == 2)
        let top = try #require(refusal("key:\n  value\n&a other: x\n"))
        #expect(top.line == 3)
    }

    @Test("line breaks other than LF count as line breaks")
    func otherBreaks() throws {
        let crlf = try #require(refusal("a: 1\r\nb: *x\r\n"))
        #expect((crlf.line, crlf.column) == (2, 4))
        let separator = try #require(refusal("a: x\u{2028}&b c: 1\n"))
        #expect(separator.feature == .anchor)
    }

    @Test("the finding names the file, line and column")
    func finding() throws {
        let finding = try #require(YAMLGuard.check("a: !x 1\n", file: "f.yaml"))
        #expect(finding.severity == .error)
        #expect(finding.code == "yaml-refused")
        #expect(finding.location == SourceLocation(file: "f.yaml", line: 1, column: 4))
        #expect(finding.message.hasPrefix("YAML tag `!x` refused"))
    }

    /// A long text is scanned in one pass (the guard keeps no per-token state that
    /// grows): 20,000 lines are accepted, and an alias after them is found on its line.
    @Test("a long text is scanned to its end")
    func longText() throws {
        let line = "- {name: \"R&D 部\", note: 很*重要*, list: [a, b, c]}\n"
        let text = String(repeating: line, count: 20_000)
        #expect(try withinTestTimeLimit { refusal(text) } == nil)
        #expect(try withinTestTimeLimit { refusal(text + "- *x\n") }?.line == 20_001)
    }
}
