import Foundation
import Testing
import ZIPFoundation
@testable import Evidence

@Suite("Docx details: styles, outline levels, hostile XML")
struct DocxDetailTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A .docx made of the given parts, in a temporary folder.
    func docx(_ parts: [String: String]) throws -> URL {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("test.docx")
        let archive = try Archive(url: url, accessMode: .create)
        for name in parts.keys.sorted() {
            let data = Data(parts[name]!.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
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
        let document = body("""
            <w:p><w:pPr><w:pStyle w:val="a1"/></w:pPr><w:r><w:t>第一章 总则</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="MyTitle2"/></w:pPr><w:r><w:t>1.1 范围</w:t></w:r></w:p>
            <w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>direct</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>body</w:t><w:tab/><w:t>text</w:t></w:r></w:p>
            <w:p><w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>choice</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>
            <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>
            """)
        let content = try DocxExtractor.extract(fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles]))
        #expect(content.headings == [.init(level: 1, text: "第一章 总则"), .init(level: 2, text: "1.1 范围"), .init(level: 3, text: "direct")])
        #expect(content.paragraphs == ["body\ttext", "kept", "choice"])
        #expect(content.tables == [[["a\nb", "inner"]]])
    }

    @Test func theStoredBytesOfAnEntryAreFound() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("stored.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let plain = Data("<stored>plain part</stored>".utf8)
        let packed = Data(String(repeating: "<w:style/>", count: 200).utf8)
        for (name, data, method) in [("a/plain.xml", plain, CompressionMethod.none), ("word/styles.xml", packed, .deflate)] {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
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
                let content = try DocxExtractor.extract(fileAt: try docx(["word/document.xml": document, "word/styles.xml": styles(level)]))
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
        let xml = "<?xml version=\"1.0\"?>" + dtd + "<w:document xmlns:w=\"\(Self.w)\"><w:body><w:p><w:r><w:t>&l10;</w:t></w:r></w:p></w:body></w:document>"
        let url = try docx(["word/document.xml": xml])
        let start = Date()
        let result = Result { try DocxExtractor.extract(fileAt: url) }
        #expect(Date().timeIntervalSince(start) < 10)
        if case .success(let content) = result {
            #expect(content.text.utf8.count < 100_000_000)
        }
    }
}
