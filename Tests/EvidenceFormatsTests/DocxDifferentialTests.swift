import Foundation
import PropertyBased
import Testing
import ZIPFoundation

@testable import EvidenceFormats

/// A small deterministic random source, so every run sees the same documents.
struct SeededRandom {
    var generator: Xoshiro

    init(state: UInt64) {
        generator = Xoshiro(seed: (state, 0x9E37_79B9_7F4A_7C15, 1, 2))
    }

    mutating func next() -> UInt64 { generator.next() }

    /// 0..<bound.
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True one time in `n`.
    mutating func oneIn(_ n: Int) -> Bool { int(n) == 0 }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(choices.count)] }
}

/// Random well-formed `word/document.xml` and `word/styles.xml` parts: paragraphs, runs,
/// text, tables (nested too), tabs, breaks, deleted text, field codes, markup
/// compatibility, with random prefixes (redeclared inside), entities, character
/// references, CJK text, comments and processing instructions.
struct WordPartGenerator {
    static let transitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    static let compatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    static let office = "urn:schemas-microsoft-com:office:office"
    static let styleIDs = ["Heading1", "heading 2", "a1", "Title", "Body&amp;Text", "标题3", "Custom", "Missing"]

    var random: SeededRandom
    let word: String
    /// The Word prefixes in scope, innermost last; "" for the default namespace.
    var prefixes: [String]
    var depth = 0

    init(seed: UInt64) {
        random = SeededRandom(state: seed)
        word = random.oneIn(4) ? Self.strict : Self.transitional
        prefixes = [random.pick(["w", "w", "x", "wp", "ns0", ""])]
    }

    /// A Word element name with the prefix in scope.
    func w(_ localName: String) -> String {
        prefixes.last!.isEmpty ? localName : "\(prefixes.last!):\(localName)"
    }

    /// A Word attribute: prefixed, or unprefixed when the default namespace is Word's.
    mutating func attribute(_ localName: String, _ value: String) -> String {
        let quote = random.pick(["\"", "'"])
        var text = " \(w(localName))=\(quote)\(value)\(quote)"
        if random.oneIn(6) {
            // Another attribute with the same local name in another namespace.
            text += " o:\(localName)=\(quote)other\(quote)"
        }
        return text
    }

    mutating func space() -> String {
        random.oneIn(3) ? random.pick(["\n", "\n  ", " ", "\t", "\r\n"]) : ""
    }

    mutating func text() -> String {
        var text = ""
        for _ in 0..<random.int(6) {
            text += random.pick([
                "plain", " ", "  two spaces ", "中文", "第一章 总则", "验收", "\t", "\n", "\r\n",
                "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#20013;", "&#x4E2D;", "&#x1F600;", "&#9;", "&#10;",
                "a > b", "'quoted'", "\"double\"", "]]", "😀",
            ])
        }
        return text
    }

    mutating func document() -> String {
        let prefix = prefixes[0]
        let declaration = random.pick([
            "", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n",
            "<?xml version='1.0' encoding='utf-8'?>",
        ])
        let namespace = prefix.isEmpty ? " xmlns=\"\(word)\"" : " xmlns:\(prefix)=\"\(word)\""
        var xml = declaration + (random.oneIn(4) ? "<!-- generated -->\n" : "")
        xml +=
            "<\(w("document"))\(namespace) xmlns:mc=\"\(Self.compatibility)\" xmlns:o=\"\(Self.office)\" mc:Ignorable=\"o\">"
        xml += space() + "<\(w("body"))>"
        for _ in 0..<1 + random.int(12) { xml += space() + block() }
        xml += space() + "</\(w("body"))></\(w("document"))>"
        return xml + (random.oneIn(4) ? "\n<?after end?>\n" : "")
    }

    mutating func block() -> String {
        switch random.int(10) {
        case 0...5: return paragraph()
        case 6, 7: return depth < 3 ? table() : paragraph()
        case 8: return "<\(w("sectPr"))><\(w("pgSz"))\(attribute("w", "11906"))/></\(w("sectPr"))>"
        default: return "<o:p>not Word</o:p>"
        }
    }

    /// Runs `body` with the Word namespace sometimes redeclared under a new prefix on the element it opens.
    mutating func scoped(_ body: (inout WordPartGenerator, String) -> String) -> String {
        guard random.oneIn(8) else { return body(&self, "") }
        let prefix = random.pick(["y", "z", "w", ""])
        prefixes.append(prefix)
        defer { prefixes.removeLast() }
        let declaration = prefix.isEmpty ? " xmlns=\"\(word)\"" : " xmlns:\(prefix)=\"\(word)\""
        return body(&self, declaration)
    }

    mutating func paragraph() -> String {
        scoped { g, declaration in
            if g.random.oneIn(10) { return "<\(g.w("p"))\(declaration)/>" }
            g.depth += 1
            defer { g.depth -= 1 }
            var xml = "<\(g.w("p"))\(declaration)>"
            if g.random.oneIn(2) { xml += g.paragraphProperties() }
            for _ in 0..<g.random.int(5) { xml += g.space() + g.inline() }
            return xml + "</\(g.w("p"))>"
        }
    }

    mutating func paragraphProperties() -> String {
        var xml = "<\(w("pPr"))>"
        if random.oneIn(2) { xml += "<\(w("pStyle"))\(attribute("val", random.pick(Self.styleIDs)))/>" }
        if random.oneIn(3) {
            xml += "<\(w("outlineLvl"))\(attribute("val", random.pick(["0", "1", "2", "8", "9", "x"])))/>"
        }
        if random.oneIn(4) { xml += "<\(w("tabs"))><\(w("tab"))\(attribute("pos", "720"))/></\(w("tabs"))>" }
        if random.oneIn(4) { xml += "<\(w("rPr"))><\(w("b"))/></\(w("rPr"))>" }
        return xml + "</\(w("pPr"))>"
    }

    mutating func inline() -> String {
        switch random.int(12) {
        case 0...5: return run()
        case 6:
            return
                "<\(w("del"))\(attribute("id", "1"))><\(w("r"))><\(w("delText"))>\(text())</\(w("delText"))></\(w("r"))></\(w("del"))>"
        case 7: return "<\(w("ins"))\(attribute("id", "2"))>\(run())</\(w("ins"))>"
        case 8: return alternateContent()
        case 9:
            return random.pick([
                "<!-- comment -->", "<?pi data?>", "<\(w("bookmarkStart"))\(attribute("name", "_Toc"))/>",
            ])
        case 10: return "<\(w("hyperlink"))>\(run())</\(w("hyperlink"))>"
        default: return depth < 3 ? paragraph() : run()
        }
    }

    mutating func alternateContent() -> String {
        var xml = "<mc:AlternateContent><mc:Choice Requires=\"wps\">"
        xml += random.oneIn(2) ? run() : paragraph()
        xml += "</mc:Choice><mc:Fallback>"
        xml += random.oneIn(2) ? run() : paragraph()
        return xml + "</mc:Fallback></mc:AlternateContent>"
    }

    mutating func run() -> String {
        scoped { g, declaration in
            var xml = "<\(g.w("r"))\(declaration)>"
            if g.random.oneIn(3) {
                xml += "<\(g.w("rPr"))><\(g.w("rFonts"))\(g.attribute("ascii", "宋体"))/></\(g.w("rPr"))>"
            }
            for _ in 0..<g.random.int(5) {
                switch g.random.int(9) {
                case 0...3:
                    let preserve = g.random.oneIn(2) ? " xml:space=\"preserve\"" : ""
                    xml += g.random.oneIn(8) ? "<\(g.w("t"))/>" : "<\(g.w("t"))\(preserve)>\(g.text())</\(g.w("t"))>"
                case 4: xml += "<\(g.w("tab"))/>"
                case 5:
                    xml += g.random.pick([
                        "<\(g.w("br"))/>", "<\(g.w("cr"))/>", "<\(g.w("br"))\(g.attribute("type", "page"))/>",
                    ])
                case 6: xml += "<\(g.w("instrText"))> TOC \\o &quot;1-3&quot; </\(g.w("instrText"))>"
                case 7: xml += "<\(g.w("delText"))>\(g.text())</\(g.w("delText"))>"
                default: xml += g.alternateContent()
                }
                xml += g.space()
            }
            return xml + "</\(g.w("r"))>"
        }
    }

    mutating func table() -> String {
        depth += 1
        defer { depth -= 1 }
        var xml = "<\(w("tbl"))>"
        if random.oneIn(2) {
            xml += "<\(w("tblPr"))><\(w("tblStyle"))\(attribute("val", "TableGrid"))/></\(w("tblPr"))>"
        }
        for _ in 0..<1 + random.int(3) {
            xml += "<\(w("tr"))>"
            for _ in 0..<1 + random.int(3) {
                xml += "<\(w("tc"))>"
                if random.oneIn(3) { xml += "<\(w("tcPr"))><\(w("tcW"))\(attribute("w", "1000"))/></\(w("tcPr"))>" }
                for _ in 0..<random.int(3) { xml += space() + (random.oneIn(5) && depth < 3 ? table() : paragraph()) }
                xml += "</\(w("tc"))>"
            }
            xml += "</\(w("tr"))>"
        }
        return xml + "</\(w("tbl"))>"
    }

    mutating func styles() -> String {
        let prefix = prefixes[0]
        let namespace = prefix.isEmpty ? " xmlns=\"\(word)\"" : " xmlns:\(prefix)=\"\(word)\""
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(w("styles"))\(namespace) xmlns:o=\"\(Self.office)\">"
        for id in Self.styleIDs.dropLast() where !random.oneIn(4) {
            let type = random.pick(["", attribute("type", "paragraph"), attribute("type", "character")])
            xml += "\n<\(w("style"))\(type)\(attribute("styleId", id))>"
            xml +=
                "<\(w("name"))\(attribute("val", random.pick(["heading 1", "Heading2", "标题 3", "Normal", "Title", id])))/>"
            if random.oneIn(3) { xml += "<\(w("basedOn"))\(attribute("val", random.pick(Self.styleIDs)))/>" }
            if random.oneIn(3) {
                xml +=
                    "<\(w("pPr"))><\(w("outlineLvl"))\(attribute("val", random.pick(["0", "1", "3", "9"])))/></\(w("pPr"))>"
            }
            xml += "</\(w("style"))>"
        }
        return xml + "\n</\(w("styles"))>"
    }
}

@Suite("Docx: the OOXML scanner reads what XMLParser read")
struct DocxDifferentialTests {
    /// Each style as text, so two `DocxStyles` can be compared.
    func summary(_ styles: DocxStyles) -> [String: String] {
        styles.styles.mapValues { "\($0.name ?? "-")|\($0.basedOn ?? "-")|\($0.outlineLevel.map(String.init) ?? "-")" }
    }

    @Test func generatedDocumentsReadAsXMLParserReadThem() throws {
        var blocks = 0
        var headings = 0
        var tables = 0
        for seed in 0..<400 as Range<UInt64> {
            var generator = WordPartGenerator(seed: seed)
            let document = Data(generator.document().utf8)
            let stylesXML = Data(generator.styles().utf8)

            let styles = DocxStyles.parse(stylesXML)
            let oldStyles = XMLParserReference.styles(stylesXML)
            #expect(summary(styles) == summary(oldStyles), "seed \(seed)")

            let expected = try #require(XMLParserReference.documentContent(document, styles: oldStyles), "seed \(seed)")
            let content = try DocxExtractor.content(documentXML: document, styles: styles)
            #expect(content == expected, "seed \(seed): \(String(decoding: document, as: UTF8.self))")
            blocks += content.blocks.count
            headings += content.headings.count
            tables += content.tables.count

            // The same part in UTF-16, both byte orders.
            if seed % 10 == 0 {
                let text = String(decoding: document, as: UTF8.self)
                let little = Data([0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
                let big = Data([0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
                #expect(try DocxExtractor.content(documentXML: little, styles: styles) == expected, "seed \(seed)")
                #expect(try DocxExtractor.content(documentXML: big, styles: styles) == expected, "seed \(seed)")
            }
        }
        // The documents are not trivial.
        #expect(
            blocks > 1000 && headings > 50 && tables > 100, "\(blocks) blocks, \(headings) headings, \(tables) tables")
    }
}

extension DocxDifferentialTests {
    @Test func brokenDocumentsAreReadAsXMLParserReadThemOrRefused() throws {
        // Generated documents with a few random edits, most of them no longer well-formed:
        // where XMLParser read one, the scanner reads the same. (The other way round
        // does not hold: XMLParser failed on its own warnings, about a namespace name
        // that is not a valid URI or an xml:space other than default and preserve,
        // where the XML is well-formed and the scanner reads it.)
        let edits = [
            "<", ">", "&", "/", "'", "\"", ":", "=", "</w:p>", "<w:p>", " xmlns:q='u'", "-->", "<!--", "]]>",
            "&#0;", " ", "x:", "<w:t>", "</w:t>", "&amp", "?>", "<?", "\r", " xmlns=''", "\u{1}", "中",
        ]
        var random = SeededRandom(state: 42)
        var same = 0
        for seed in 0..<1500 as Range<UInt64> {
            var generator = WordPartGenerator(seed: seed % 400)
            var bytes = Array(generator.document().utf8)
            for _ in 0..<1 + random.int(2) {
                let at = random.int(bytes.count)
                switch random.int(4) {
                case 0: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.int(5)))
                case 1: bytes.insert(contentsOf: Array(random.pick(edits).utf8), at: at)
                case 2: bytes.insert(contentsOf: Array(bytes[at..<min(bytes.count, at + 1 + random.int(8))]), at: at)
                default: bytes.swapAt(at, random.int(bytes.count))
                }
            }
            let document = Data(bytes)
            let content = try? DocxExtractor.content(documentXML: document, styles: DocxStyles())
            // XMLParser traps on invalid UTF-8 in names and crashes on a processing instruction without data.
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                #expect(content == nil, "seed \(seed)")
                continue
            }
            if text.range(of: #"<\?[^\s?]*\?>"#, options: .regularExpression) != nil { continue }
            // A declared encoding other than UTF-8 or UTF-16 is refused on purpose (XMLParser may go on).
            if let declared = text.firstMatch(of: /encoding=["']([^"']*)["']/)?.1,
                !["utf-8", "utf-16"].contains(declared.lowercased())
            {
                #expect(content == nil, "seed \(seed)")
                continue
            }
            if let expected = XMLParserReference.documentContent(document, styles: DocxStyles()) {
                #expect(content == expected, "seed \(seed): \(text)")
                same += 1
            }
        }
        #expect(same > 100)
    }
}

extension DocxDifferentialTests {
    @Test func theRepositorysDocxFilesReadAsXMLParserReadThem() throws {
        let folders = ["Rubrics", "Tests"].map { TestFiles.repository.appendingPathComponent($0) }
        var files: [URL] = []
        for folder in folders {
            let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                if url.pathExtension == "docx" { files.append(url) }
            }
        }
        var read = 0
        for url in files {
            // Some fixtures are broken on purpose.
            let archive: Archive
            do { archive = try Archive(data: Data(contentsOf: url), accessMode: .read) } catch { continue }
            guard let entry = archive["word/document.xml"] else { continue }
            let document = try DocxExtractor.read(entry, in: archive)
            let stylesXML = try archive["word/styles.xml"].map { try DocxExtractor.read($0, in: archive) } ?? Data()
            let styles = DocxStyles.parse(stylesXML)
            #expect(summary(styles) == summary(XMLParserReference.styles(stylesXML)), "\(url.lastPathComponent)")
            let expected = try #require(
                XMLParserReference.documentContent(document, styles: styles), "\(url.lastPathComponent)")
            #expect(
                try DocxExtractor.content(documentXML: document, styles: styles) == expected, "\(url.lastPathComponent)"
            )
            read += 1
        }
        #expect(read >= 20)
    }
}
