import Foundation

@testable import EvidenceFormats

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// How `DocxExtractor` read XML parts before `OOXMLScanner`: Foundation's `XMLParser`
/// (namespace processing on, external entities off) driving the same readers. Kept
/// only to compare the two. Beware: `XMLParser` crashes on a processing
/// instruction without data (`<?pi?>`), and hands CDATA sections to a delegate
/// method the old readers did not implement, so their text was lost.
final class XMLParserReference: NSObject, XMLParserDelegate {
    let handler: any OOXMLEventHandler
    var depth = 0
    var sawRoot = false
    var error: Error?

    init(handler: any OOXMLEventHandler) {
        self.handler = handler
    }

    /// The content of a `word/document.xml` part as the old path read it, or nil where it failed.
    static func documentContent(_ xml: Data, styles: DocxStyles) -> DocumentContent? {
        let reader = DocxBodyReader(styles: styles)
        let events = XMLParserReference(handler: reader)
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = events
        let parsed = parser.parse()
        // Some XMLParser versions accept a document that simply stops; the element depth tells.
        guard parsed, parser.parserError == nil, events.error == nil, events.depth == 0, events.sawRoot else {
            return nil
        }
        return DocumentContent(blocks: reader.blocks)
    }

    /// A `word/styles.xml` part as the old path read it.
    static func styles(_ xml: Data) -> DocxStyles {
        let reader = DocxStyles.StylesReader()
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        let events = XMLParserReference(handler: reader)
        parser.delegate = events
        _ = parser.parse()
        return reader.result
    }

    /// The value of an attribute by local name, whether or not the parser kept its prefix.
    static func attribute(_ attributes: [String: String], _ localName: String) -> String? {
        if let value = attributes[localName] { return value }
        let suffix = ":" + localName
        // Attribute dictionaries are small; pick the match with the smallest key so the choice is stable.
        return attributes.filter { $0.key.hasSuffix(suffix) }.min { $0.key < $1.key }?.value
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil { error = parseError }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        depth += 1
        sawRoot = true
        handler.startElement(namespace: namespaceURI, localName: name) { Self.attribute(attributes, $0) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        handler.endElement(namespace: namespaceURI, localName: name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        handler.text(string)
    }
}
