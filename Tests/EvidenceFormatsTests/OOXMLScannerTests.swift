import Foundation
import TestSupport
import Testing

@testable import EvidenceFormats

/// Writes down what the scanner reports, one string per event; adjacent text is joined.
private final class EventLog: OOXMLEventHandler {
    /// The attributes asked for at each start tag, by local name.
    let asking: [String]
    var events: [String] = []

    init(asking: [String]) {
        self.asking = asking
    }

    var wantsText: Bool { true }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        var event = "<{\(namespace ?? "")}\(localName)"
        for name in asking {
            if let value = attribute(name) { event += " \(name)=\(value)" }
        }
        events.append(event + ">")
    }

    func endElement(namespace: String?, localName: String) {
        events.append("</{\(namespace ?? "")}\(localName)>")
    }

    func text(_ text: String) {
        if let last = events.last, last.hasPrefix("'") {
            events[events.count - 1] = String(last.dropLast()) + text + "'"
        } else {
            events.append("'\(text)'")
        }
    }
}

@Suite("OOXML scanner: XML 1.0 with namespaces, strictly")
struct OOXMLScannerTests {
    static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    func events(_ xml: String, asking: [String] = []) throws -> [String] {
        try events(Array(xml.utf8), asking: asking)
    }

    func events(_ bytes: [UInt8], asking: [String] = []) throws -> [String] {
        let log = EventLog(asking: asking)
        try OOXMLScanner.scan(bytes, into: log)
        return log.events
    }

    /// The failure for `xml`, or nil if it is read.
    func failure(_ xml: String) -> OOXMLScanner.Failure? {
        failure(Array(xml.utf8))
    }

    func failure(_ bytes: [UInt8]) -> OOXMLScanner.Failure? {
        do {
            try OOXMLScanner.scan(bytes, into: EventLog(asking: []))
            return nil
        } catch {
            return error
        }
    }

    @Test func namesAreResolvedThroughPrefixesAndTheDefaultNamespace() throws {
        let xml = """
            <x:document xmlns:x="\(Self.w)"><body xmlns="urn:d"><x:p/><q xmlns=""><r/></q>\
            <y:t xmlns:y="urn:y"><x:t xmlns:x="urn:other"/></y:t><x:t/></body></x:document>
            """
        #expect(
            try events(xml) == [
                "<{\(Self.w)}document>", "<{urn:d}body>", "<{\(Self.w)}p>", "</{\(Self.w)}p>",
                "<{}q>", "<{}r>", "</{}r>", "</{}q>",
                "<{urn:y}t>", "<{urn:other}t>", "</{urn:other}t>", "</{urn:y}t>",
                "<{\(Self.w)}t>", "</{\(Self.w)}t>", "</{urn:d}body>", "</{\(Self.w)}document>",
            ])
        // The xml prefix is always bound; a prefix declared after its use in the same tag counts.
        #expect(
            try events("<xml:a/>") == [
                "<{http://www.w3.org/XML/1998/namespace}a>", "</{http://www.w3.org/XML/1998/namespace}a>",
            ])
        #expect(try events("<p:a p:v='1' xmlns:p='urn:p'/>", asking: ["v"]) == ["<{urn:p}a v=1>", "</{urn:p}a>"])
    }

    @Test func attributesByLocalNameAsTheReadersAlwaysPickedThem() throws {
        // The unprefixed attribute wins; then the smallest qualified name; declarations are not attributes.
        let xml = "<w:e xmlns:w='\(Self.w)' xmlns:a='urn:a' w:val='w' a:val='a' xml:space='preserve' w:styleId='s'/>"
        #expect(
            try events(xml, asking: ["val", "space", "styleId", "w", "a", "xmlns", "missing"])
                == ["<{\(Self.w)}e val=a space=preserve styleId=s>", "</{\(Self.w)}e>"])
        #expect(
            try events("<e xmlns:w='\(Self.w)' w:val='w' val='plain'/>", asking: ["val"]) == [
                "<{}e val=plain>", "</{}e>",
            ])
        #expect(
            try events("<e xmlns:w='\(Self.w)' val='plain' w:val='w'/>", asking: ["val"]) == [
                "<{}e val=plain>", "</{}e>",
            ])
        // An attribute named xmlns with a prefix is an attribute like any other.
        #expect(try events("<e xmlns:p='urn:p' p:xmlns='v'/>", asking: ["xmlns"]) == ["<{}e xmlns=v>", "</{}e>"])
    }

    @Test func entitiesAndCharacterReferences() throws {
        #expect(
            try events("<a>a&amp;b&lt;&gt;&quot;&apos;&#20013;&#x6587;&#x1F600;&#0065;</a>")
                == ["<{}a>", "'a&b<>\"'中文😀A'", "</{}a>"])
        // In attribute values too, where literal tabs and line ends become spaces but references stay.
        #expect(
            try events("<a v=\"&lt;&amp;&#x4E2D;&apos;&quot;\" t='x&#9;y\tz&#10;\r\nw&#13;'/>", asking: ["v", "t"])
                == ["<{}a v=<&中'\" t=x\ty z\n w\r>", "</{}a>"])
        // A carriage return in text is a line end; a referenced one is kept.
        #expect(try events("<a>1\r\n2\r3&#13;</a>") == ["<{}a>", "'1\n2\n3\r'", "</{}a>"])
    }

    @Test func cdataCommentsAndProcessingInstructions() throws {
        #expect(
            try events("<a>x<![CDATA[<w:t>&amp;]]]]><![CDATA[>\r\n]]>y</a>") == [
                "<{}a>", "'x<w:t>&amp;]]>\ny'", "</{}a>",
            ])
        #expect(
            try events(
                "<?xml version='1.0'?><!-- before --><?pi before?><a>x<!-- c - -->y<?pi?>z<?pi data ?>w<!----></a><!-- after -->\n<?pi after?>\n"
            )
                == ["<{}a>", "'xyzw'", "</{}a>"])
    }

    @Test func utf16WithAByteOrderMarkAndUTF8WithOrWithout() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<w:t xmlns:w=\"\(Self.w)\" w:val=\"值\">中文 text 😀</w:t>"
        let expected = ["<{\(Self.w)}t val=值>", "'中文 text 😀'", "</{\(Self.w)}t>"]
        let little: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + xml.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try events(little, asking: ["val"]) == expected)
        #expect(try events(big, asking: ["val"]) == expected)
        let utf8 = xml.replacingOccurrences(of: "UTF-16", with: "UTF-8")
        #expect(try events(utf8, asking: ["val"]) == expected)
        #expect(try events([0xEF, 0xBB, 0xBF] + Array(utf8.utf8), asking: ["val"]) == expected)
        // UTF-16 errors carry their line too.
        let lone: [UInt8] =
            [0xFF, 0xFE] + Array("<a>\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x00, 0xD8]
        #expect(failure(lone) == .init(line: 2, message: "the UTF-16 part has an unpaired surrogate"))
        #expect(
            failure(Array(little.dropLast())) == .init(line: 2, message: "the UTF-16 part has an odd number of bytes"))
    }

    @Test func encodingsOtherThanUTF8AndUTF16AreRefused() {
        #expect(
            failure("<?xml version='1.0' encoding='ISO-8859-1'?><a/>")?.message
                == "the encoding ISO-8859-1 is not supported (only UTF-8 and UTF-16)")
        #expect(failure("<?xml version='1.0' encoding='GB2312'?>\n<a/>")?.line == 1)
        #expect(
            failure("<?xml version='1.0' encoding='UTF-16'?><a/>")?.message
                == "the part declares UTF-16 but has no UTF-16 byte order mark")
        #expect(
            failure([0x3C, 0x61, 0x3E, 0x0A, 0xC3, 0x28, 0x3C, 0x2F, 0x61, 0x3E])
                == .init(line: 2, message: "the part is not valid UTF-8"))
        // Overlong forms, encoded surrogates and bytes past U+10FFFF are not UTF-8.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8]] {
            #expect(failure(Array("<a>".utf8) + bad + Array("</a>".utf8))?.message == "the part is not valid UTF-8")
        }
        #expect(failure("<a>\u{1}</a>")?.message == "the character U+0001 is not allowed in XML")
        #expect(failure("<a>\u{FFFE}</a>")?.message == "the character U+FFFE is not allowed in XML")
        #expect(failure("<?xml version='1.1'?><a/>")?.message == "XML version 1.1 is not supported (only 1.0)")
    }

    @Test func documentTypeDeclarationsAreRefused() {
        let message = "a document type declaration (<!DOCTYPE) is not allowed in an OOXML part"
        #expect(
            failure("<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>")
                == .init(line: 2, message: message))
        #expect(failure("<!DOCTYPE a><a/>") == .init(line: 1, message: message))
        #expect(failure("<a>\n<!DOCTYPE a></a>") == .init(line: 2, message: message))
        #expect(failure("<a/>\n\n<!DOCTYPE a>") == .init(line: 3, message: message))
    }

    @Test func malformedXMLIsRefusedWithItsLine() {
        let cases: [(xml: String, line: Int, message: String)] = [
            ("<a>\n<b>\n</c>\n</a>", 3, "the end tag </c> does not match the start tag <b>"),
            (
                "<w:a xmlns:w='urn:w' xmlns:v='urn:w'>\n</v:a>", 2,
                "the end tag </v:a> does not match the start tag <w:a>"
            ),
            ("<a>\n<b></b>\n", 3, "the XML ends before <a> is closed"),
            ("<a>\n<b>text", 2, "the XML ends before <b> is closed"),
            ("<a/>\n\ntext", 3, "only comments and processing instructions may follow the root element"),
            ("<a/>\n<b/>", 2, "only comments and processing instructions may follow the root element"),
            ("x<a/>", 1, "text is not allowed before the root element"),
            ("", 1, "the XML has no root element"),
            ("<?xml version='1.0'?>\n<!-- only -->\n", 3, "the XML has no root element"),
            ("<a\n x='1'\n x='2'/>", 3, "the attribute x appears twice in one element"),
            (
                "<a xmlns:p='urn:u' xmlns:q='urn:u'\n p:x='1' q:x='2'/>", 2,
                "the attribute q:x appears twice in one element"
            ),
            ("<a xmlns:p='urn:u' xmlns:p='urn:u'/>", 1, "the attribute xmlns:p appears twice in one element"),
            ("<a>\n&#0;</a>", 2, "a character reference is to U+0000, which is not allowed in XML"),
            ("<a>\n\n&#xD800;</a>", 3, "a character reference is to U+D800, which is not allowed in XML"),
            ("<a v='&#xFFFF;'/>", 1, "a character reference is to U+FFFF, which is not allowed in XML"),
            ("<a>&#x110000;</a>", 1, "a character reference is beyond U+10FFFF"),
            ("<a>&#99999999999999999999;</a>", 1, "a character reference is beyond U+10FFFF"),
            ("<a>&#12a;</a>", 1, "a character reference is malformed (it is written &#123; or &#x7B;)"),
            ("<a>&#X41;</a>", 1, "a character reference is malformed (it is written &#123; or &#x7B;)"),
            ("<a>&#;</a>", 1, "a character reference is malformed (it is written &#123; or &#x7B;)"),
            ("<a>\n\n&nbsp;</a>", 3, "the entity &nbsp; is not defined (only &lt; &gt; &amp; &apos; &quot; are)"),
            ("<a v='\n&e;'/>", 2, "the entity &e; is not defined (only &lt; &gt; &amp; &apos; &quot; are)"),
            ("<a>fish & chips</a>", 1, "'&' does not begin an entity or character reference (it is written &amp;)"),
            ("<a>&amp</a>", 1, "'&' does not begin an entity or character reference (it is written &amp;)"),
            ("<a v='a<b'/>", 1, "'<' is not allowed in an attribute value (it is written &lt;)"),
            ("<a v=1/>", 1, "the value of the attribute v must be quoted with \" or '"),
            ("<a v/>", 1, "expected '=' after the attribute name v"),
            ("<a x='1'y='2'/>", 1, "expected whitespace, an attribute, '>' or '/>' in the start tag <a>"),
            ("<a v='1\"/>", 1, "the XML ends inside the value of the attribute v"),
            ("<a>\n<x:b/></a>", 2, "the namespace prefix x is not declared"),
            ("<a x:v='1'/>", 1, "the namespace prefix x is not declared"),
            ("<a xmlns:p=''/>", 1, "the prefix p cannot be bound to an empty namespace name"),
            ("<a:b:c xmlns:a='urn:a'/>", 1, "a:b:c is not a valid name with namespaces"),
            ("<1a/>", 1, "expected an element name"),
            ("<a></ a>", 1, "expected the name in an end tag"),
            ("<a>]]></a>", 1, "']]>' is not allowed in text"),
            ("<a><!-- a -- b --></a>", 1, "'--' is not allowed inside a comment"),
            ("<a>\n<!-- open", 2, "the XML ends inside a comment"),
            ("<a><![CDATA[open</a>", 1, "the XML ends inside a CDATA section"),
            ("<a><?pi open</a>", 1, "the XML ends inside a processing instruction"),
            ("<a><!ELEMENT a></a>", 1, "'<!' begins neither a comment nor a CDATA section"),
            ("<a><?xml version='1.0'?></a>", 1, "the XML declaration is allowed only at the very start of the part"),
            (" <?xml version='1.0'?><a/>", 1, "the XML declaration is allowed only at the very start of the part"),
            ("<?xml encoding='UTF-8'?><a/>", 1, "the XML declaration does not give the version"),
            ("<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>", 1, "the XML declaration is malformed"),
            ("<a\n", 2, "the XML ends inside the start tag <a>"),
            ("<a></a", 1, "the XML ends inside an end tag"),
            ("<a><", 1, "the XML ends where an element name was expected"),
        ]
        for (xml, line, message) in cases {
            #expect(failure(xml) == .init(line: line, message: message), "\(xml.debugDescription)")
        }
    }

    @Test func everyTruncationOfADocumentIsRefused() throws {
        let xml = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="\(Self.w)"><w:body>\
            <w:p><w:r><w:t xml:space="preserve"> a &amp; 中 <![CDATA[c]]></w:t><!-- c --><?pi x?></w:r></w:p>\
            <w:p w:val='&#x4E2D;'/></w:body></w:document>
            """.utf8)
        #expect(try events(xml).count == 13)
        for length in 0..<xml.count {
            #expect(failure(Array(xml.prefix(length))) != nil, "\(length) bytes of \(xml.count)")
        }
    }

    @Test func nestingIsLimited() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<a>\n", count: depth) + String(repeating: "</a>", count: depth)
        }
        #expect(try events(nested(OOXMLScanner.maximumDepth)).count == 3 * OOXMLScanner.maximumDepth)
        #expect(
            failure(nested(OOXMLScanner.maximumDepth + 1))
                == .init(line: 257, message: "elements are nested deeper than 256 levels"))
        // Hostile depth fails fast, without exhausting the stack.
        let deep = String(repeating: "<a>", count: 1_000_000)
        #expect(try withinTestTimeLimit { failure(deep) }?.message == "elements are nested deeper than 256 levels")
    }

    @Test func namespaceDeclarationsInScopeAreLimited() throws {
        let declarations = (0..<OOXMLScanner.maximumNamespaceDeclarations).map { " xmlns:p\($0)='urn:\($0)'" }.joined()
        #expect(try events("<p0:a\(declarations)/>") == ["<{urn:0}a>", "</{urn:0}a>"])
        #expect(
            failure("<a\(declarations)>\n<b xmlns:q='urn:q'/></a>")
                == .init(line: 2, message: "more than 256 namespace declarations are in scope"))
        // Declarations go out of scope with their element.
        #expect(try events("<a>" + String(repeating: "<b\(declarations)/>", count: 3) + "</a>").count == 8)
    }

    @Test func manyAttributesAreCheckedForDuplicatesToo() throws {
        let names = (0..<40).map { "a\($0)" }
        let distinct = "<e xmlns:p='urn:p' xmlns:q='urn:p' " + names.map { "p:\($0)='1'" }.joined(separator: " ") + "/>"
        #expect(try events(distinct, asking: ["a39"]) == ["<{}e a39=1>", "</{}e>"])
        let twice =
            "<e xmlns:p='urn:p' xmlns:q='urn:p' " + names.map { "p:\($0)='1'" }.joined(separator: " ") + "\n q:a7='2'/>"
        #expect(failure(twice) == .init(line: 2, message: "the attribute q:a7 appears twice in one element"))
        let sameName = "<e " + names.map { "\($0)='1'" }.joined(separator: " ") + " a0='2'/>"
        #expect(failure(sameName)?.message == "the attribute a0 appears twice in one element")
    }

    @Test func whitespaceAndNonASCIINames() throws {
        #expect(try events("<a >\n\t<b\n/>  </a\n>") == ["<{}a>", "'\n\t'", "<{}b>", "</{}b>", "'  '", "</{}a>"])
        #expect(try events("<中文 属性='值'/>", asking: ["属性"]) == ["<{}中文 属性=值>", "</{}中文>"])
        #expect(failure("<a×/>")?.message == "expected whitespace, an attribute, '>' or '/>' in the start tag <a>")
    }
}
