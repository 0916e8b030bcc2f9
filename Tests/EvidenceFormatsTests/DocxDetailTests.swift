import Foundation
import TestSupport
import Testing
import ZIPFoundation

@testable import EvidenceFormats

@Suite("Docx details: styles, outline levels, hostile XML")
struct DocxDetailTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A .docx made of the given parts, in a temporary folder.
    func docx(_ parts: [String: String]) throws -> URL {
        try docx(bytes: parts.mapValues { Data($0.utf8) })
    }

    /// A .docx made of the given parts as bytes, in a temporary folder.
    func docx(bytes parts: [String: Data]) throws -> URL {
        let url = try TestFiles.temporaryFolder().appendingPathComponent("test.docx")
        let archive = try Archive(url: url, accessMode: .create)
        for name in parts.keys.sorted() {
            let data = parts[name]!
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    func body(_ xml: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"\(Self.w)\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>\(xml)</w:body></w:document>"
    }

    @Test func localisedStyleNamesAndInheritance() throws {
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(Self.w)">
            <w:style w:type="paragraph" w:styleId="a1"><w:name w:val="标题 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="MyTitle2"><w:name w:val="Chapter"/><w:basedOn w:val="Base2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Base2"><w:name w:val="Base"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
            </w:styles>
            """
        let document = body(
            """
            <w:p><w:pPr><w:pStyle w:val="a1"/></w:pPr><w:r><w:t>第一章 总则</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="MyTitle2"/></w:pPr><w:r><w:t>1.1 范围</w:t></w:r></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>direct</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>body</w:t><w:tab/><w:t>text</w:t></w:r></w:p>
            <w:p><w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>choice</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>
            <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>
            """)
        let content = try DocxExtractor.extract(
            fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles]))
        #expect(
            content.headings == [
                .init(level: 1, text: "第一章 总则"), .init(level: 2, text: "1.1 范围"), .init(level: 3, text: "direct"),
            ])
        #expect(content.paragraphs == ["body\ttext", "kept", "choice"])
        #expect(content.tables == [[["a\nb", "inner"]]])
    }

    @Test func theStoredBytesOfAnEntryAreFound() throws {
        let url = try TestFiles.temporaryFolder().appendingPathComponent("stored.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let plain = Data("<stored>plain part</stored>".utf8)
        let packed = Data(String(repeating: "<w:style/>", count: 200).utf8)
        for (name, data, method) in [
            ("a/plain.xml", plain, CompressionMethod.none), ("word/styles.xml", packed, .deflate),
        ] {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let bytes = try Data(contentsOf: url)
        let stored = try #require(ZipStoredEntry(named: "a/plain.xml", in: bytes))
        #expect(stored.method == 0 && bytes.subdata(in: stored.packed) == plain)
        let deflated = try #require(ZipStoredEntry(named: "word/styles.xml", in: bytes))
        let entry = try #require(archive["word/styles.xml"])
        #expect(deflated.method == 8 && deflated.packed.count == Int(entry.compressedSize))
        #expect(deflated.uncompressedSize == UInt32(packed.count))
        #expect(ZipStoredEntry(named: "word/missing.xml", in: bytes) == nil)
        // Cut archives and other bytes are not followed.
        #expect(ZipStoredEntry(named: "a/plain.xml", in: bytes.prefix(bytes.count - 1)) == nil)
        #expect(ZipStoredEntry(named: "a/plain.xml", in: Data("not a zip".utf8)) == nil)
    }

    @Test func documentsWithDifferentStylesNeverShareThem() throws {
        // The same style id means a different level in each template; the
        // styles cache must keep them apart, however often each is read.
        func styles(_ level: Int) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(Self.w)">
            <w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:pPr><w:outlineLvl w:val="\(level)"/></w:pPr></w:style>
            </w:styles>
            """
        }
        let document = body("<w:p><w:pPr><w:pStyle w:val=\"Chapter\"/></w:pPr><w:r><w:t>范围</w:t></w:r></w:p>")
        for _ in 0..<2 {
            for level in [0, 2] {
                let content = try DocxExtractor.extract(
                    fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles(level)]))
                #expect(content.headings == [.init(level: level + 1, text: "范围")])
            }
        }
    }

    @Test func headingNames() {
        #expect(DocxStyles.levelFromName("heading 2") == 2)
        #expect(DocxStyles.levelFromName("Heading3") == 3)
        #expect(DocxStyles.levelFromName("标题1") == 1)
        #expect(DocxStyles.levelFromName("Heading") == nil)
        #expect(DocxStyles.levelFromName("Title") == nil)
    }

    @Test func malformedXMLIsAFailureWithALine() throws {
        let url = try docx(["word/document.xml": body("<w:p><w:r><w:t>open")])
        #expect {
            try DocxExtractor.extract(fileAt: url)
        } throws: { error in
            (error as! DocxExtractor.Failure).reason.contains("not well-formed")
        }
    }

    @Test func entityExpansionDoesNotHang() throws {
        // "Billion laughs": must fail or stay small, quickly.
        var dtd = "<!DOCTYPE w:document [<!ENTITY l0 \"ha\">"
        for i in 1...10 { dtd += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">" }
        dtd += "]>"
        let xml =
            "<?xml version=\"1.0\"?>" + dtd
            + "<w:document xmlns:w=\"\(Self.w)\"><w:body><w:p><w:r><w:t>&l10;</w:t></w:r></w:p></w:body></w:document>"
        let url = try docx(["word/document.xml": xml])
        let result = try withinTestTimeLimit { Result { try DocxExtractor.extract(fileAt: url) } }
        if case .success(let content) = result {
            #expect(content.text.utf8.count < 100_000_000)
        }
    }

    /// The reason a document part is refused, or nil if it is read.
    func refusal(_ documentXML: String) throws -> String? {
        let url = try docx(["word/document.xml": documentXML])
        do {
            _ = try DocxExtractor.extract(fileAt: url)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func anyPrefixOrTheDefaultNamespaceForWord() throws {
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?><s:styles xmlns:s="\(Self.w)">
            <s:style s:type="paragraph" s:styleId="H1"><s:name s:val="heading 1"/></s:style></s:styles>
            """
        let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
        let documents = [
            "<x:document xmlns:x=\"\(Self.w)\"><x:body><x:p><x:pPr><x:pStyle x:val=\"H1\"/></x:pPr><x:r><x:t>Title</x:t></x:r></x:p>"
                + "<x:p><x:r><x:t>a</x:t><x:tab/><x:t>b</x:t></x:r></x:p><x:tbl><x:tr><x:tc><x:p><x:r><x:t>c</x:t></x:r></x:p></x:tc></x:tr></x:tbl></x:body></x:document>",
            "<document xmlns=\"\(Self.w)\"><body><p><pPr><pStyle val=\"H1\"/></pPr><r><t>Title</t></r></p>"
                + "<p><r><t>a</t><tab/><t>b</t></r></p><tbl><tr><tc><p><r><t>c</t></r></p></tc></tr></tbl></body></document>",
            "<w:document xmlns:w=\"\(strict)\"><w:body><w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>"
                + "<p xmlns=\"\(strict)\"><r><t>a</t><tab/><t>b</t></r></p><w:tbl><w:tr><v:tc xmlns:v=\"\(strict)\"><w:p><w:r><w:t>c</w:t></w:r></w:p></v:tc></w:tr></w:tbl>"
                + "<o:p xmlns:o=\"urn:schemas-microsoft-com:office:office\"><o:t>not Word</o:t></o:p></w:body></w:document>",
        ]
        for document in documents {
            let content = try DocxExtractor.extract(
                fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles]))
            #expect(
                content.blocks == [.heading(.init(level: 1, text: "Title")), .paragraph("a\tb"), .table([["c"]])],
                "\(document)")
        }
    }

    @Test func entitiesReferencesCDATACommentsAndWhitespace() throws {
        let styles = """
            <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="\(Self.w)">
            <w:style w:type="paragraph" w:styleId="R&amp;D"><w:name w:val="heading&#x20;2"/></w:style></w:styles>
            """
        let document = body(
            """
            <w:p><w:pPr><w:pStyle w:val="R&amp;D"/></w:pPr><w:r><w:t>R&amp;D &lt;&#x7814;&#21457;&gt; &quot;&apos;</w:t></w:r></w:p>
            <w:p><w:r><w:t><![CDATA[<b>&amp;</b>]]></w:t><!-- a comment --><?pi data?><w:t>after</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">  two  spaces </w:t><w:t xml:space="preserve"> and	a tab  </w:t></w:r></w:p>
            <w:p><w:r><w:t>line&#10;break</w:t><w:br/><w:t>next</w:t></w:r></w:p>
            """)
        let content = try DocxExtractor.extract(
            fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles]))
        #expect(
            content.blocks == [
                .heading(.init(level: 2, text: "R&D <研发> \"'")),
                .paragraph("<b>&amp;</b>after"),
                .paragraph("two  spaces  and\ta tab"),
                .paragraph("line\nbreak\nnext"),
            ])
    }

    @Test func utf16Parts() throws {
        let document = body("<w:p><w:r><w:t>第一章 总则 UTF-16</w:t></w:r></w:p>")
            .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let little = Data([0xFF, 0xFE] + document.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let big = Data([0xFE, 0xFF] + document.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        for part in [little, big] {
            let content = try DocxExtractor.extract(fileAt: try docx(bytes: ["word/document.xml": part]))
            #expect(content.paragraphs == ["第一章 总则 UTF-16"])
        }
    }

    @Test func malformedPartsAreRefusedWithTheirLine() throws {
        let start = "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"\(Self.w)\">\n<w:body>\n"
        let cases: [(String, String)] = [
            ("<w:p>\n</w:r></w:body></w:document>", "line 5: the end tag </w:r> does not match the start tag <w:p>"),
            ("<w:p><w:r><w:t>open\n", "line 5: the XML ends before <w:t> is closed"),
            (
                "</w:body></w:document>\n\ntrailing text",
                "line 6: only comments and processing instructions may follow the root element"
            ),
            (
                "<w:p w:rsidR='1'\n w:rsidR='2'/></w:body></w:document>",
                "line 5: the attribute w:rsidR appears twice in one element"
            ),
            (
                "<w:p><w:r><w:t>&#xFFFF;</w:t></w:r></w:p></w:body></w:document>",
                "line 4: a character reference is to U+FFFF, which is not allowed in XML"
            ),
            (
                "\n\n<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p></w:body></w:document>",
                "line 6: the entity &nbsp; is not defined (only &lt; &gt; &amp; &apos; &quot; are)"
            ),
        ]
        for (rest, detail) in cases {
            #expect(try refusal(start + rest) == "word/document.xml is not well-formed XML (\(detail))")
        }
        let deep =
            start + String(repeating: "<w:p>", count: 300) + String(repeating: "</w:p>", count: 300)
            + "</w:body></w:document>"
        #expect(
            try refusal(deep)
                == "word/document.xml is not well-formed XML (line 4: elements are nested deeper than 256 levels)")
        let doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document>\n<w:document xmlns:w=\"\(Self.w)\"/>"
        #expect(
            try refusal(doctype)
                == "word/document.xml is not well-formed XML (line 2: a document type declaration (<!DOCTYPE) is not allowed in an OOXML part)"
        )
    }

    @Test func aBrokenStylesPartOnlyLosesHeadingLevels() throws {
        let document = body(
            "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>one</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"Chapter\"/></w:pPr><w:r><w:t>two</w:t></w:r></w:p>"
        )
        let head =
            "<?xml version=\"1.0\"?><w:styles xmlns:w=\"\(Self.w)\"><w:style w:styleId=\"H1\"><w:name w:val=\"heading 1\"/></w:style>"
        let chapter = "<w:style w:styleId=\"Chapter\"><w:name w:val=\"heading 2\"/></w:style>"
        // The styles read before the problem count; those after it are lost.
        for styles in [head + "<w:style w:styleId=\"Chapter\"><w:name", head + "&bad;" + chapter + "</w:styles>"] {
            let content = try DocxExtractor.extract(
                fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles]))
            #expect(content.blocks == [.heading(.init(level: 1, text: "one")), .paragraph("two")])
        }
        let doctype = "<!DOCTYPE w:styles>" + head + chapter + "</w:styles>"
        let content = try DocxExtractor.extract(
            fileAt: try docx(["word/document.xml": document, "word/styles.xml": doctype]))
        #expect(content.blocks == [.paragraph("one"), .paragraph("two")])
    }

    @Test func zipsZIPFoundationCannotReadInMemoryAreRefusedFirst() throws {
        // Found by Scripts/fuzz zip. A .docx whose zip directory points past its end
        // stopped the process inside ZIPFoundation's in-memory reading (no .docx
        // extension, so that other tests do not open it with ZIPFoundation).
        let fixture = TestFiles.repository.appendingPathComponent(
            "Tests/EvidenceTests/Fixtures/fuzz/docx-offset-past-end.bin")
        let pastEnd = try Data(contentsOf: fixture)
        #expect(InMemoryZipCheck.verdict(pastEnd) == .outside)
        #expect { try DocxExtractor.extract(data: pastEnd) } throws: { error in
            (error as? DocxExtractor.Failure)?.reason
                == "the file is not a valid .docx (its zip directory points past the end of the file)"
        }
        // Bytes without an end record: ZIPFoundation leaked them.
        let notZip = Data("this is not a zip file".utf8)
        #expect(InMemoryZipCheck.verdict(notZip) == .noEndRecord)
        #expect { try DocxExtractor.extract(data: notZip) } throws: { error in
            (error as? DocxExtractor.Failure)?.reason
                == "the file is not a valid .docx (it is not a zip archive: missingEndOfCentralDirectoryRecord)"
        }

        let url = try docx(["word/document.xml": body("<w:p><w:r><w:t>one</w:t></w:r></w:p>")])
        let bytes = try Data(contentsOf: url)
        #expect(InMemoryZipCheck.verdict(bytes) == .readable)
        #expect(try DocxExtractor.extract(data: bytes).blocks == [.paragraph("one")])
        // The end record's comment must lie inside the bytes, and the record within
        // the longest comment's reach of the end.
        var commented = bytes
        commented[commented.count - 2] = 5
        #expect(InMemoryZipCheck.verdict(commented) == .noEndRecord)
        commented.append(contentsOf: [1, 2, 3, 4, 5])
        #expect(InMemoryZipCheck.verdict(commented) == .readable)
        #expect(InMemoryZipCheck.verdict(bytes + Data(count: 65_536)) == .noEndRecord)
        #expect(InMemoryZipCheck.verdict(Data(bytes.suffix(21))) == .noEndRecord)
        // A central directory that starts past the end.
        var moved = bytes
        moved.replaceSubrange((moved.count - 6)..<(moved.count - 2), with: [0xFF, 0xFF, 0xFF, 0x00])
        #expect(InMemoryZipCheck.verdict(moved) == .outside)
    }

    @Test func aZIP64DocxIsReadFromATemporaryCopy() throws {
        // The zip64 locator just before the end record: the in-memory check does not follow it.
        let url = try docx(["word/document.xml": body("<w:p><w:r><w:t>one</w:t></w:r></w:p>")])
        let bytes = try Data(contentsOf: url)
        var locator = Data([0x50, 0x4B, 0x06, 0x07])
        locator.append(Data(count: 16))
        let marked = bytes.prefix(bytes.count - 22) + locator + bytes.suffix(22)
        #expect(InMemoryZipCheck.verdict(marked) == .zip64)
        #expect(try DocxExtractor.extract(data: marked).blocks == [.paragraph("one")])
    }
}
