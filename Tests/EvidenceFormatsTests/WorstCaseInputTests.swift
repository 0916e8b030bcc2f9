import Foundation
import Testing

@testable import EvidenceFormats

/// Counts what the scanner reports and keeps the attributes asked for.
private final class Tally: OOXMLEventHandler {
    let asking: String?
    var elements = 0
    var textBytes = 0
    var answers: [String] = []

    init(asking: String? = nil) {
        self.asking = asking
    }

    var wantsText: Bool { true }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        elements += 1
        if let asking, let value = attribute(asking) { answers.append(value) }
    }

    func endElement(namespace: String?, localName: String) {}

    func text(_ text: String) { textBytes += text.utf8.count }
}

/// Each reader on inputs shaped to be its worst case. The sizes are such that a
/// linear reader finishes at once and a quadratic one would take minutes; the
/// tests check what is read (and, for the styles, the count of steps), never the time.
@Suite("Format readers on generated worst-case inputs")
struct WorstCaseInputTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// `count` paragraph styles `s0`...: each based on the next; the last on the first
    /// (a ring) or, when `headingAtEnd`, on a style named `heading 2`.
    func stylesXML(count: Int, headingAtEnd: Bool) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"\(Self.w)\">"
        for i in 0..<count {
            let next = i + 1 < count ? "s\(i + 1)" : (headingAtEnd ? "h" : "s0")
            xml +=
                "<w:style w:type=\"paragraph\" w:styleId=\"s\(i)\"><w:name w:val=\"Style \(i)\"/><w:basedOn w:val=\"\(next)\"/></w:style>"
        }
        if headingAtEnd {
            xml += "<w:style w:type=\"paragraph\" w:styleId=\"h\"><w:name w:val=\"heading 2\"/></w:style>"
        }
        return Data((xml + "</w:styles>").utf8)
    }

    /// `count` paragraphs, the i-th in style `s(i % styles)`.
    func documentXML(paragraphs count: Int, styles: Int) -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(Self.w)\"><w:body>"
        for i in 0..<count {
            xml += "<w:p><w:pPr><w:pStyle w:val=\"s\(i % styles)\"/></w:pPr><w:r><w:t>p\(i)</w:t></w:r></w:p>"
        }
        return Data((xml + "</w:body></w:document>").utf8)
    }

    @Test func aRingOfStylesIsResolvedOnceAndGivesNoLevel() throws {
        let count = 5_000
        let styles = DocxStyles.parse(stylesXML(count: count, headingAtEnd: false))
        #expect(styles.styles.count == count)
        #expect(styles.resolutionSteps <= 2 * count)
        #expect((0..<count).allSatisfy { styles.headingLevel(styleID: "s\($0)") == nil })

        let content = try DocxExtractor.content(
            documentXML: documentXML(paragraphs: 20_000, styles: count), styles: styles)
        #expect(content.paragraphs.count == 20_000)
        #expect(content.headings.isEmpty)
    }

    @Test func aLongChainOfStylesIsResolvedOnce() throws {
        let count = 5_000
        let styles = DocxStyles.parse(stylesXML(count: count, headingAtEnd: true))
        #expect(styles.resolutionSteps <= 2 * (count + 1))
        #expect((0..<count).allSatisfy { styles.headingLevel(styleID: "s\($0)") == 2 })

        let content = try DocxExtractor.content(
            documentXML: documentXML(paragraphs: 20_000, styles: count), styles: styles)
        #expect(content.headings.count == 20_000)
        #expect(content.headings.allSatisfy { $0.level == 2 })
    }

    @Test func theScannerOnManyAttributesNestingAndText() throws {
        // One element with 20,000 attributes: duplicates are found by set, not by pairs.
        let attributes = (0..<20_000).map { " a\($0)=\"\($0)\"" }.joined()
        let many = Tally(asking: "a19999")
        try OOXMLScanner.scan(Array("<r\(attributes)/>".utf8), into: many)
        #expect(many.answers == ["19999"])
        #expect(throws: OOXMLScanner.Failure.self) {
            try OOXMLScanner.scan(Array("<r\(attributes) a0=\"again\"/>".utf8), into: Tally())
        }

        // Nesting to the limit, 100,000 siblings and one long run of text with references.
        let depth = OOXMLScanner.maximumDepth
        let nested = String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)
        let siblings =
            "<r>" + String(repeating: "<e/>", count: 100_000) + String(repeating: "a&amp;", count: 50_000) + "</r>"
        let tally = Tally()
        try OOXMLScanner.scan(Array(nested.utf8), into: tally)
        try OOXMLScanner.scan(Array(siblings.utf8), into: tally)
        #expect(tally.elements == depth + 100_001)
        #expect(tally.textBytes == 100_000)
    }

    @Test func csvOfOneHugeRecordOneHugeFieldAndManyEmptyLines() throws {
        func records(_ text: String) throws -> [(fields: Int, bytes: Int)] {
            var reader = CSVReader(utf8: Array(text.utf8))
            var result: [(fields: Int, bytes: Int)] = []
            try reader.forEachRecord { record, _ in
                var bytes = 0
                for f in 0..<record.count { bytes += record.ends[f] - record.starts[f] }
                result.append((record.count, bytes))
            }
            return result
        }
        let wide = try records(String(repeating: "x,", count: 100_000) + "x\n")
        #expect(wide.count == 1 && wide[0].fields == 100_001)
        let long = try records("\"" + String(repeating: "a\"\"", count: 200_000) + "\"\n")
        #expect(long.count == 1 && long[0].bytes == 400_000)
        let empty = try records(String(repeating: "\n", count: 100_000))
        #expect(empty.count == 100_000)
    }

    @Test func aNulByteInACSVFieldIsASyntaxError() {
        for text in ["a,b\nx\u{0}y,z\n", "a,b\n\"x\u{0}\",z\n"] {
            var reader = CSVReader(utf8: Array(text.utf8))
            #expect {
                try reader.forEachRecord { _, _ in }
            } throws: { error in
                let syntax = error as? CSVReader.SyntaxError
                return syntax?.line == 2 && syntax?.message.hasPrefix("a NUL byte (0x00)") == true
            }
        }
    }

    @Test func markdownOfLongLinesTablesAndHashes() {
        let table = "| a | b |\n|---|---|\n" + String(repeating: "| x \\| y | z |\n", count: 20_000)
        let hashes =
            "# " + String(repeating: "#", count: 100_000) + " x " + String(repeating: "#", count: 100_000) + "\n"
        let bars = "| " + String(repeating: "|", count: 100_000) + "\n"
        let content = MarkdownExtractor.extract(markdown: table + "\n" + hashes + "\n" + bars)
        guard case .table(let rows) = content.blocks.first else {
            Issue.record("expected a table first, got \(content.blocks.first.map { "\($0)" } ?? "nothing")")
            return
        }
        #expect(rows.count == 20_001)
        #expect(rows[1] == ["x | y", "z"])
        #expect(content.headings.count == 1)
        #expect(content.headings.first?.text.utf8.count == 100_002)
        #expect(content.blocks.count == 3)
    }

    @Test func aFileOverTheCallersCapIsNotRead() throws {
        let url = try TestFiles.temporaryFolder().appendingPathComponent("big.md")
        try Data(repeating: 0x41, count: 1_000).write(to: url)
        #expect(try FileBytes.read(url, maximumBytes: 1_000).count == 1_000)
        #expect {
            try FileBytes.read(url, maximumBytes: 999)
        } throws: { error in
            let tooLarge = error as? FileBytes.TooLarge
            return tooLarge?.size == 1_000 && tooLarge?.limit == 999
        }
    }
}
