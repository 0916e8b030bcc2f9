import Diagnostics
import Foundation
import Testing
import YAMLSupport
import Yams

@Suite("YAML reader")
struct YAMLReaderTests {
    enum Color: String, CaseIterable { case red, green }

    @Test("typed values are read, and every problem is located")
    func typedValues() throws {
        let text = """
            name: 华信 R&D
            count: 3
            ratio: 0.725
            on: true
            color: gren
            tags: [a, b]
            bad_count: -2
            """
        let reader = YAMLReader(file: "t.yaml")
        let root = try #require(reader.compose(text, refusing: true))
        let fields = try #require(
            reader.mapping(root, "the test", keys: ["name", "count", "ratio", "on", "color", "tags", "bad_count"]))
        #expect(fields["name"].flatMap { reader.string($0, "`name`") } == "华信 R&D")
        #expect(fields["count"].flatMap { reader.positiveInteger($0, "`count`") } == 3)
        #expect(fields["ratio"].flatMap { reader.decimal($0, "`ratio` must be a number") } == Decimal(string: "0.725"))
        #expect(fields["on"].flatMap { reader.bool($0, "`on`") } == true)
        #expect(fields["tags"].flatMap { reader.strings($0, "`tags`") } == ["a", "b"])
        #expect(fields["color"].flatMap { reader.setting($0, "`color`", as: Color.self) } == nil)
        #expect(fields["bad_count"].flatMap { reader.positiveInteger($0, "`bad_count`") } == nil)
        #expect(
            reader.findings.map(\.description) == [
                "t.yaml:5:8: error: `color` must be one of `red`, `green`, not `gren`; did you mean `green`? [invalid-value]",
                "t.yaml:7:12: error: `bad_count` must be a positive whole number, not `-2` [invalid-value]",
            ])
    }

    @Test("unknown keys get a did-you-mean, or the keys the format knows")
    func unknownKeys() throws {
        let reader = YAMLReader(file: "t.yaml")
        let root = try #require(reader.compose("nmae: x\nzzz: y\n", refusing: true))
        let fields = try #require(reader.mapping(root, "the test", keys: ["name", "id"], required: ["id"]))
        #expect(fields.entries.isEmpty)
        #expect(
            reader.findings.map(\.description) == [
                "t.yaml:1:1: error: unknown key `nmae` in the test; did you mean `name`? [unknown-key]",
                "t.yaml:2:1: error: unknown key `zzz` in the test; expected one of `name`, `id` [unknown-key]",
                "t.yaml:1:1: error: the test is missing the required key `id` [missing-field]",
            ])
    }

    @Test("a value of the wrong kind is named")
    func wrongKind() throws {
        let reader = YAMLReader(file: "t.yaml")
        let root = try #require(reader.compose("a: [1]\nb:\nc: x\n", refusing: true))
        let fields = try #require(reader.mapping(root, "the test", keys: ["a", "b", "c"]))
        #expect(fields["a"].flatMap { reader.string($0, "`a`") } == nil)
        #expect(fields["b"].flatMap { reader.identifier($0, "`b`") } == nil)
        #expect(fields["c"].flatMap { reader.sequence($0, "`c`") } == nil)
        #expect(fields["c"].flatMap { reader.scalar($0, "`c` must be a number", Int.init) } == nil)
        #expect(
            reader.findings.map(\.message) == [
                "`a` must be a text, not a list",
                "`b` must be a text, not an empty value",
                "`c` must be a list, not the value `x`",
                "`c` must be a number, not the value `x`",
            ])
    }

    @Test("a refused feature, a syntax error and an empty text are findings")
    func documents() throws {
        let refused = YAMLReader(file: "t.yaml")
        #expect(refused.compose("a: &x 1\nb: *x\n", refusing: true) == nil)
        #expect(refused.findings.map(\.code) == [YAMLGuard.code])
        #expect(refused.findings.first?.location == SourceLocation(file: "t.yaml", line: 1, column: 4))

        let allowed = YAMLReader(file: "t.yaml")
        #expect(allowed.compose("a: &x 1\nb: *x\n", refusing: false) != nil)
        #expect(allowed.findings.isEmpty)

        let broken = YAMLReader(file: "t.yaml")
        #expect(broken.compose("a: [1\n", refusing: true) == nil)
        #expect(broken.findings.first?.code == YAMLReader.Code.syntax)
        #expect(broken.findings.first?.message.hasPrefix("malformed YAML: ") == true)

        let duplicate = YAMLReader(file: "t.yaml")
        #expect(duplicate.compose("a: 1\na: 2\n", refusing: true) == nil)
        #expect(duplicate.findings.first?.message == "the key `a` appears more than once in one mapping")

        let empty = YAMLReader(file: "t.yaml")
        #expect(empty.compose("# nothing\n", refusing: true, whenEmpty: "nothing here") == nil)
        #expect(empty.findings.map(\.message) == ["nothing here"])
    }

    @Test("exact decimals are read from plain texts only")
    func exactDecimals() {
        #expect(YAMLReader.exactDecimal("0.8") == Decimal(string: "0.8"))
        #expect(YAMLReader.exactDecimal("-12") == -12)
        #expect(YAMLReader.exactDecimal("2.50") == Decimal(string: "2.5"))
        for text in ["1e3", ".5", "1.", "inf", "0x10", "", "1.2.3"] {
            #expect(YAMLReader.exactDecimal(text) == nil, "\(text)")
        }
    }

    @Test("one did-you-mean, one wording")
    func suggestion() {
        #expect(
            Suggestion.didYouMean("organisation", among: ["organization", "assessment"])
                == "; did you mean `organization`?")
        #expect(Suggestion.didYouMean("zzz", among: ["organization"]) == "")
    }
}
