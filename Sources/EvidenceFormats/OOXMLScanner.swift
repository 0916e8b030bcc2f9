import Foundation

/// What reads the events of an XML part as `OOXMLScanner` finds them, in document order.
protocol OOXMLEventHandler: AnyObject {
    /// Whether character data found now is wanted. When it is not, the scanner
    /// still checks the text but builds no `String` for it.
    var wantsText: Bool { get }

    /// An element starts. `namespace` is the namespace URI of its name (nil for
    /// none) and `localName` its name without prefix. `attribute` gives the value of
    /// an attribute by local name, whatever its prefix: the unprefixed attribute of
    /// that name if there is one, else the prefixed one with the smallest qualified
    /// name; namespace declarations are not attributes. It can be called only
    /// during this call.
    func startElement(namespace: String?, localName: String, attribute: (_ localName: String) -> String?)

    /// The element that started last and is still open ends.
    func endElement(namespace: String?, localName: String)

    /// Character data (from text, references and CDATA sections); one run of text
    /// may come in several pieces.
    func text(_ text: String)
}

/// A strict, non-validating XML scanner for the parts of Office Open XML files
/// (`word/document.xml`, `word/styles.xml`), which come from untrusted files.
///
/// It reads XML 1.0 with namespaces in UTF-8 (with or without a byte order mark)
/// or UTF-16 with a byte order mark, and tells an `OOXMLEventHandler` about
/// elements (with their names resolved to namespace URI and local name) and text
/// (with the five predefined entities and character references resolved, line
/// ends normalised). It refuses what is not well-formed, and also: document type
/// declarations (OOXML parts have none, so no entity can expand), encodings other
/// than UTF-8 and UTF-16, elements nested deeper than `maximumDepth` and more than
/// `maximumNamespaceDeclarations` namespace declarations in scope. It never
/// recurses, so hostile input cannot exhaust the stack.
///
/// It works on the part's bytes and makes a `String` only for element names,
/// namespace URIs, the text the handler wants and the attribute values it asks for.
///
/// Worst case: linear in the part. Each byte is read once; a start tag's
/// attributes are checked for repeats by pairs up to 32 and by a set beyond, and
/// each name is looked up among at most `maximumNamespaceDeclarations` bindings,
/// so no shape of tag (100,000 attributes, the deepest nesting, a long run of
/// references) costs more than a constant per byte.
struct OOXMLScanner {
    /// Why a part is not read: the 1-based line where the problem is, and what it is.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String

        var description: String { "line \(line): \(message)" }
    }

    /// The deepest element nesting accepted.
    static let maximumDepth = 256
    /// The most namespace declarations in scope at once (Word declares a few dozen;
    /// the limit keeps hostile input from making every name lookup slow).
    static let maximumNamespaceDeclarations = 256

    /// Reads `data`, telling `handler` what it finds; throws at the first problem
    /// (the handler may have been told about what came before it).
    static func scan<Handler: OOXMLEventHandler>(_ data: Data, into handler: Handler) throws(Failure) {
        let result: Result<Void, Failure> = data.withUnsafeBytes { raw in
            scan(raw.assumingMemoryBound(to: UInt8.self), into: handler)
        }
        try result.get()
    }

    /// Reads `bytes`, telling `handler` what it finds; throws at the first problem.
    static func scan<Handler: OOXMLEventHandler>(_ bytes: [UInt8], into handler: Handler) throws(Failure) {
        try bytes.withUnsafeBufferPointer { scan($0, into: handler) }.get()
    }

    // MARK: - Encodings

    private static func scan<Handler: OOXMLEventHandler>(
        _ input: UnsafeBufferPointer<UInt8>,
        into handler: Handler
    ) -> Result<Void, Failure> {
        if input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) {
            let littleEndian = input[0] == 0xFF
            switch utf8(fromUTF16: UnsafeBufferPointer(rebasing: input[2...]), littleEndian: littleEndian) {
            case .failure(let failure):
                return .failure(failure)
            case .success(let utf8):
                return utf8.withUnsafeBufferPointer { scanUTF8($0, fromUTF16: true, into: handler) }
            }
        }
        let body = input.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: input[3...]) : input
        return scanUTF8(body, fromUTF16: false, into: handler)
    }

    private static func scanUTF8<Handler: OOXMLEventHandler>(
        _ bytes: UnsafeBufferPointer<UInt8>, fromUTF16: Bool,
        into handler: Handler
    ) -> Result<Void, Failure> {
        if let (offset, message) = firstInvalidCharacter(in: bytes) {
            return .failure(Failure(line: line(of: offset, in: bytes), message: message))
        }
        var scanner = OOXMLScanner(bytes: bytes, fromUTF16: fromUTF16)
        do {
            try scanner.scanDocument(handler)
        } catch {
            return .failure(Failure(line: line(of: error.offset, in: bytes), message: error.message))
        }
        return .success(())
    }

    /// UTF-16 (after its byte order mark) as UTF-8.
    private static func utf8(fromUTF16 bytes: UnsafeBufferPointer<UInt8>, littleEndian: Bool) -> Result<
        [UInt8], Failure
    > {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2 * 3)
        func failure(_ message: String) -> Result<[UInt8], Failure> {
            .failure(Failure(line: output.withUnsafeBufferPointer { line(of: $0.count, in: $0) }, message: message))
        }
        func unit(_ i: Int) -> UInt32 {
            littleEndian ? UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 : UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
        }
        var i = 0
        while i + 1 < bytes.count {
            var scalar = unit(i)
            i += 2
            if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, (0xDC00...0xDFFF).contains(unit(i)) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(i) - 0xDC00)
                i += 2
            } else if (0xD800...0xDFFF).contains(scalar) {
                return failure("the UTF-16 part has an unpaired surrogate")
            }
            appendUTF8(scalar, to: &output)
        }
        if i < bytes.count { return failure("the UTF-16 part has an odd number of bytes") }
        return .success(output)
    }

    /// Where `bytes` first stop being UTF-8 made of XML characters, and why.
    private static func firstInvalidCharacter(in bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, message: String)? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i < count {
            // Eight ASCII bytes at a time when none of them is a control character.
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & high == 0, (word &- 0x2020_2020_2020_2020) & ~word & high == 0 {
                    i += 8
                    continue
                }
            }
            let byte = base[i]
            if byte < 0x80 {
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                    return (i, "the character U+\(hex(UInt32(byte))) is not allowed in XML")
                }
                i += 1
                continue
            }
            let length: Int
            let second: ClosedRange<UInt8>
            switch byte {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return (i, "the part is not valid UTF-8")
            }
            guard i + length <= count, second.contains(base[i + 1]) else { return (i, "the part is not valid UTF-8") }
            for k in 2..<length where !(0x80...0xBF).contains(base[i + k]) {
                return (i, "the part is not valid UTF-8")
            }
            if byte == 0xEF, base[i + 1] == 0xBF, base[i + 2] >= 0xBE {
                return (i, "the character U+\(base[i + 2] == 0xBE ? "FFFE" : "FFFF") is not allowed in XML")
            }
            i += length
        }
        return nil
    }

    /// The 1-based line of the byte at `offset`.
    private static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for i in 0..<min(offset, bytes.count) {
            // A line ends with LF, CR LF or CR.
            if bytes[i] == ASCII.lineFeed
                || (bytes[i] == ASCII.carriageReturn && (i + 1 == bytes.count || bytes[i + 1] != ASCII.lineFeed))
            {
                line += 1
            }
        }
        return line
    }

    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: - The scanner's state

    /// A problem at a byte offset (turned into a line by `scanUTF8`).
    private struct Problem: Error {
        var offset: Int
        var message: String
    }

    /// A name as it is written: where it starts and ends, and where its colon is.
    private struct Name {
        var start: Int
        var colon: Int?
        var end: Int

        var localStart: Int { colon.map { $0 + 1 } ?? start }
    }

    /// An attribute of the start tag being read.
    private struct Attribute {
        var name: Name
        var valueStart: Int
        var valueEnd: Int
        /// No references and no whitespace to normalise: the bytes are the value.
        var valueIsPlain: Bool
        /// `xmlns="…"` or `xmlns:p="…"`.
        var isNamespaceDeclaration: Bool
    }

    /// A namespace prefix in scope (an empty prefix for the default namespace).
    private struct Binding {
        var prefixStart: Int
        var prefixEnd: Int
        /// Nil where `xmlns=""` takes the default namespace away.
        var namespace: String?
    }

    /// An element whose end tag has not been read yet.
    private struct OpenElement {
        var name: Name
        var namespace: String?
        var localName: String
        /// How many bindings were in scope before this element's declarations.
        var bindingCount: Int
    }

    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
    private static let xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

    private let input: Input
    /// Whether the bytes were transcoded from UTF-16 (so the declaration may say UTF-16).
    private let fromUTF16: Bool
    private var position = 0
    private var openElements: [OpenElement] = []
    private var bindings: [Binding] = []
    /// The attributes of the start tag being read.
    private var attributes: [Attribute] = []
    /// Text being decoded, kept to reuse its storage.
    private var textBuffer: [UInt8] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, fromUTF16: Bool) {
        self.input = Input(bytes: bytes)
        self.fromUTF16 = fromUTF16
    }

    // MARK: - Document structure

    private mutating func scanDocument<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        try scanDeclaration()
        // Before the root element: whitespace, comments and processing instructions.
        while true {
            skipWhitespace()
            if position == input.count { throw Problem(offset: position, message: "the XML has no root element") }
            if try scanMiscellaneous() { continue }
            if input.byte(at: position) != ASCII.lessThan {
                throw Problem(offset: position, message: "text is not allowed before the root element")
            }
            break
        }
        try scanStartTag(handler)
        try scanContent(handler)
        // After it: the same, and nothing else.
        while true {
            skipWhitespace()
            if position == input.count { return }
            if try scanMiscellaneous() { continue }
            throw Problem(
                offset: position, message: "only comments and processing instructions may follow the root element")
        }
    }

    /// A comment or processing instruction outside the root element; false if there is none here.
    private mutating func scanMiscellaneous() throws(Problem) -> Bool {
        if input.hasPrefix("<!--", at: position) {
            try scanComment()
        } else if input.hasPrefix("<?", at: position) {
            try scanProcessingInstruction()
        } else if input.hasPrefix("<!DOCTYPE", at: position) {
            throw Problem(offset: position, message: Self.doctypeRefused)
        } else {
            return false
        }
        return true
    }

    private static let doctypeRefused = "a document type declaration (<!DOCTYPE) is not allowed in an OOXML part"

    /// The content of the open elements, up to the end tag of the root element.
    private mutating func scanContent<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        while !openElements.isEmpty {
            guard position < input.count else {
                let innermost = openElements[openElements.count - 1].name
                throw Problem(
                    offset: input.count,
                    message: "the XML ends before <\(input.string(innermost.start..<innermost.end))> is closed")
            }
            if input.bytes[position] != ASCII.lessThan {
                try scanText(handler)
                continue
            }
            switch input.byte(at: position + 1) {
            case ASCII.slash:
                try scanEndTag(handler)
            case ASCII.questionMark:
                try scanProcessingInstruction()
            case ASCII.exclamationMark:
                if input.hasPrefix("<!--", at: position) {
                    try scanComment()
                } else if input.hasPrefix("<![CDATA[", at: position) {
                    try scanCDATA(handler)
                } else if input.hasPrefix("<!DOCTYPE", at: position) {
                    throw Problem(offset: position, message: Self.doctypeRefused)
                } else {
                    throw Problem(offset: position, message: "'<!' begins neither a comment nor a CDATA section")
                }
            default:
                try scanStartTag(handler)
            }
        }
    }

    // MARK: - Tags

    private mutating func scanStartTag<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        let tagStart = position
        position += 1
        let name = try scanName(what: "an element name")
        attributes.removeAll(keepingCapacity: true)
        var isEmptyElement = false
        while true {
            let spaced = skipWhitespace()
            let next = input.byte(at: position)
            if next == ASCII.greaterThan {
                position += 1
                break
            }
            if next == ASCII.slash, input.byte(at: position + 1) == ASCII.greaterThan {
                position += 2
                isEmptyElement = true
                break
            }
            if position == input.count {
                throw Problem(
                    offset: input.count,
                    message: "the XML ends inside the start tag <\(input.string(name.start..<name.end))>")
            }
            guard spaced, next != ASCII.slash else {
                throw Problem(
                    offset: position,
                    message:
                        "expected whitespace, an attribute, '>' or '/>' in the start tag <\(input.string(name.start..<name.end))>"
                )
            }
            try scanAttribute()
        }
        if openElements.count >= Self.maximumDepth {
            throw Problem(offset: tagStart, message: "elements are nested deeper than \(Self.maximumDepth) levels")
        }
        let bindingCount = bindings.count
        try declareNamespaces()
        try checkAttributes()
        let namespace = try elementNamespace(name)
        let localName = input.string(name.localStart..<name.end)
        handler.startElement(namespace: namespace, localName: localName) { attributeValue(localName: $0) }
        if isEmptyElement {
            if bindings.count > bindingCount { bindings.removeSubrange(bindingCount...) }
            handler.endElement(namespace: namespace, localName: localName)
        } else {
            openElements.append(
                OpenElement(name: name, namespace: namespace, localName: localName, bindingCount: bindingCount))
        }
    }

    private mutating func scanEndTag<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        let tagStart = position
        position += 2
        let name = try scanName(what: "the name in an end tag")
        skipWhitespace()
        guard input.byte(at: position) == ASCII.greaterThan else {
            if position == input.count { throw Problem(offset: input.count, message: "the XML ends inside an end tag") }
            throw Problem(
                offset: position, message: "expected '>' to close the end tag </\(input.string(name.start..<name.end))>"
            )
        }
        position += 1
        let element = openElements.removeLast()
        guard input.sameBytes(name.start..<name.end, element.name.start..<element.name.end) else {
            throw Problem(
                offset: tagStart,
                message:
                    "the end tag </\(input.string(name.start..<name.end))> does not match the start tag <\(input.string(element.name.start..<element.name.end))>"
            )
        }
        if bindings.count > element.bindingCount { bindings.removeSubrange(element.bindingCount...) }
        handler.endElement(namespace: element.namespace, localName: element.localName)
    }

    private mutating func scanAttribute() throws(Problem) {
        let name = try scanName(what: "an attribute name")
        let quote = try scanEqualsAndOpeningQuote(ofAttribute: name)
        let valueStart = position
        var plain = true
        while true {
            let current = input.byte(at: position)
            if current == quote { break }
            switch current {
            case 0:
                throw Problem(
                    offset: input.count,
                    message: "the XML ends inside the value of the attribute \(input.string(name.start..<name.end))")
            case ASCII.lessThan:
                throw Problem(
                    offset: position, message: "'<' is not allowed in an attribute value (it is written &lt;)")
            case ASCII.ampersand:
                position = try input.reference(at: position).end
                plain = false
            case ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn:
                position += 1
                plain = false
            default:
                position += 1
            }
        }
        let prefix = name.colon.map { name.start..<$0 } ?? name.start..<name.end
        attributes.append(
            Attribute(
                name: name, valueStart: valueStart, valueEnd: position, valueIsPlain: plain,
                isNamespaceDeclaration: input.matches(prefix, "xmlns")))
        position += 1
    }

    // MARK: - Namespaces and attributes

    /// Brings the namespace declarations of the start tag just read into scope.
    private mutating func declareNamespaces() throws(Problem) {
        for attribute in attributes where attribute.isNamespaceDeclaration {
            let name = attribute.name
            if bindings.count >= Self.maximumNamespaceDeclarations {
                throw Problem(
                    offset: name.start,
                    message: "more than \(Self.maximumNamespaceDeclarations) namespace declarations are in scope")
            }
            let uri = input.value(of: attribute)
            guard let colon = name.colon else {
                if uri == Self.xmlNamespace || uri == Self.xmlnsNamespace {
                    throw Problem(offset: name.start, message: "\(uri) cannot be the default namespace")
                }
                bindings.append(Binding(prefixStart: name.end, prefixEnd: name.end, namespace: uri.isEmpty ? nil : uri))
                continue
            }
            let prefix = colon + 1..<name.end
            let problem: String?
            if input.matches(prefix, "xml") {
                problem = uri == Self.xmlNamespace ? nil : "the prefix xml cannot be bound to another namespace"
            } else if input.matches(prefix, "xmlns") {
                problem = "the prefix xmlns cannot be declared"
            } else if uri.isEmpty {
                problem = "the prefix \(input.string(prefix)) cannot be bound to an empty namespace name"
            } else if uri == Self.xmlNamespace || uri == Self.xmlnsNamespace {
                problem = "\(uri) cannot be bound to the prefix \(input.string(prefix))"
            } else {
                problem = nil
                bindings.append(Binding(prefixStart: prefix.lowerBound, prefixEnd: prefix.upperBound, namespace: uri))
            }
            if let problem { throw Problem(offset: name.start, message: problem) }
        }
    }

    /// Checks that the prefixes of the attributes just read are declared, and that
    /// none appears twice, by qualified name or by namespace and local name.
    private func checkAttributes() throws(Problem) {
        for attribute in attributes where !attribute.isNamespaceDeclaration {
            if let colon = attribute.name.colon { try checkDeclared(prefix: attribute.name.start..<colon) }
        }
        guard attributes.count > 1 else { return }
        if attributes.count <= 32 {
            for j in 1..<attributes.count {
                for i in 0..<j where try isDuplicate(attributes[i], attributes[j]) {
                    throw duplicate(attributes[j])
                }
            }
        } else {
            // Many attributes (hostile input): by set, not by pairs.
            var seen: Set<String> = []
            for attribute in attributes {
                let name = attribute.name
                guard seen.insert(input.string(name.start..<name.end)).inserted else { throw duplicate(attribute) }
                if !attribute.isNamespaceDeclaration, let colon = name.colon {
                    let namespace = try namespace(ofPrefix: name.start..<colon)
                    guard seen.insert("{\(namespace)}" + input.string(name.localStart..<name.end)).inserted else {
                        throw duplicate(attribute)
                    }
                }
            }
        }
    }

    /// Whether two attributes have the same qualified name, or prefixes bound to the same namespace and the same local name.
    private func isDuplicate(_ a: Attribute, _ b: Attribute) throws(Problem) -> Bool {
        if input.sameBytes(a.name.start..<a.name.end, b.name.start..<b.name.end) { return true }
        guard let colonA = a.name.colon, let colonB = b.name.colon, !a.isNamespaceDeclaration,
            !b.isNamespaceDeclaration,
            input.sameBytes(a.name.localStart..<a.name.end, b.name.localStart..<b.name.end)
        else { return false }
        return try namespace(ofPrefix: a.name.start..<colonA) == namespace(ofPrefix: b.name.start..<colonB)
    }

    private func duplicate(_ attribute: Attribute) -> Problem {
        Problem(
            offset: attribute.name.start,
            message:
                "the attribute \(input.string(attribute.name.start..<attribute.name.end)) appears twice in one element")
    }

    private func elementNamespace(_ name: Name) throws(Problem) -> String? {
        if let colon = name.colon { return try namespace(ofPrefix: name.start..<colon) }
        return bindings.last(where: { $0.prefixStart == $0.prefixEnd })?.namespace
    }

    /// The namespace URI a prefix is bound to here.
    private func namespace(ofPrefix prefix: Range<Int>) throws(Problem) -> String {
        if input.matches(prefix, "xml") { return Self.xmlNamespace }
        guard let index = binding(ofPrefix: prefix), let namespace = bindings[index].namespace else {
            throw undeclared(prefix)
        }
        return namespace
    }

    /// Refuses a prefix that is not declared here.
    private func checkDeclared(prefix: Range<Int>) throws(Problem) {
        if binding(ofPrefix: prefix) == nil, !input.matches(prefix, "xml") { throw undeclared(prefix) }
    }

    /// Where in `bindings` the declaration of a prefix in scope is.
    private func binding(ofPrefix prefix: Range<Int>) -> Int? {
        bindings.indices.reversed().first { input.sameBytes(bindings[$0].prefixStart..<bindings[$0].prefixEnd, prefix) }
    }

    private func undeclared(_ prefix: Range<Int>) -> Problem {
        Problem(offset: prefix.lowerBound, message: "the namespace prefix \(input.string(prefix)) is not declared")
    }

    /// See `OOXMLEventHandler.startElement`.
    private func attributeValue(localName: String) -> String? {
        var best: Attribute?
        var bestName = ""
        for attribute in attributes where !attribute.isNamespaceDeclaration {
            let name = attribute.name
            guard localName.utf8.elementsEqual(input.bytes[name.localStart..<name.end]) else { continue }
            if name.colon == nil { return input.value(of: attribute) }
            let qualifiedName = input.string(name.start..<name.end)
            if best == nil || qualifiedName < bestName {
                best = attribute
                bestName = qualifiedName
            }
        }
        return best.map(input.value(of:))
    }

    // MARK: - Text

    private mutating func scanText<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        let wanted = handler.wantsText
        let start = position
        var plain = true
        var chunkStart = start
        textBuffer.removeAll(keepingCapacity: true)
        while position < input.count {
            let current = input.bytes[position]
            if current == ASCII.lessThan { break }
            switch current {
            case ASCII.ampersand:
                let (character, end) = try input.reference(at: position)
                if wanted {
                    textBuffer.append(contentsOf: input.bytes[chunkStart..<position])
                    Self.appendUTF8(character, to: &textBuffer)
                }
                plain = false
                position = end
                chunkStart = end
            case ASCII.carriageReturn:
                // CR LF and CR alone are read as LF.
                if wanted {
                    textBuffer.append(contentsOf: input.bytes[chunkStart..<position])
                    textBuffer.append(ASCII.lineFeed)
                }
                plain = false
                position += input.byte(at: position + 1) == ASCII.lineFeed ? 2 : 1
                chunkStart = position
            case ASCII.rightBracket:
                if input.byte(at: position + 1) == ASCII.rightBracket, input.byte(at: position + 2) == ASCII.greaterThan
                {
                    throw Problem(offset: position, message: "']]>' is not allowed in text")
                }
                position += 1
            default:
                position += 1
            }
        }
        guard wanted else { return }
        if plain {
            handler.text(input.string(start..<position))
        } else {
            textBuffer.append(contentsOf: input.bytes[chunkStart..<position])
            handler.text(String(decoding: textBuffer, as: UTF8.self))
        }
    }

    private mutating func scanCDATA<Handler: OOXMLEventHandler>(_ handler: Handler) throws(Problem) {
        position += 9
        let start = position
        while position < input.count {
            if input.bytes[position] == ASCII.rightBracket, input.byte(at: position + 1) == ASCII.rightBracket,
                input.byte(at: position + 2) == ASCII.greaterThan
            {
                if handler.wantsText, start < position {
                    // CR LF and CR alone are read as LF.
                    textBuffer.removeAll(keepingCapacity: true)
                    var i = start
                    while i < position {
                        if input.bytes[i] == ASCII.carriageReturn {
                            textBuffer.append(ASCII.lineFeed)
                            i += input.bytes[i + 1] == ASCII.lineFeed ? 2 : 1
                        } else {
                            textBuffer.append(input.bytes[i])
                            i += 1
                        }
                    }
                    handler.text(String(decoding: textBuffer, as: UTF8.self))
                }
                position += 3
                return
            }
            position += 1
        }
        throw Problem(offset: input.count, message: "the XML ends inside a CDATA section")
    }

    // MARK: - Declaration, comments, processing instructions

    /// The XML declaration, if the part starts with one.
    private mutating func scanDeclaration() throws(Problem) {
        guard input.hasPrefix("<?xml", at: 0),
            Self.isWhitespace(input.byte(at: 5)) || input.byte(at: 5) == ASCII.questionMark
        else { return }
        position = 5
        var spaced = skipWhitespace()
        guard spaced, let version = try declarationValue("version") else {
            throw Problem(offset: position, message: "the XML declaration does not give the version")
        }
        guard version == "1.0" else {
            throw Problem(offset: position, message: "XML version \(version) is not supported (only 1.0)")
        }
        spaced = skipWhitespace()
        if spaced, let encoding = try declarationValue("encoding") {
            let name = encoding.uppercased()
            if ["UTF-16", "UTF16", "UTF-16LE", "UTF-16BE"].contains(name) {
                guard fromUTF16 else {
                    throw Problem(
                        offset: position, message: "the part declares UTF-16 but has no UTF-16 byte order mark")
                }
            } else if name != "UTF-8", name != "UTF8" {
                throw Problem(
                    offset: position, message: "the encoding \(encoding) is not supported (only UTF-8 and UTF-16)")
            }
            spaced = skipWhitespace()
        }
        if spaced, let standalone = try declarationValue("standalone") {
            guard standalone == "yes" || standalone == "no" else {
                throw Problem(offset: position, message: "standalone must be yes or no in the XML declaration")
            }
            skipWhitespace()
        }
        guard input.hasPrefix("?>", at: position) else {
            throw Problem(offset: position, message: "the XML declaration is malformed")
        }
        position += 2
    }

    /// The value of `name="…"` in the XML declaration, or nil (and nothing read) if the next word is not `name`.
    private mutating func declarationValue(_ name: StaticString) throws(Problem) -> String? {
        guard input.hasPrefix(name, at: position) else { return nil }
        position += name.utf8CodeUnitCount
        let quote = try scanEqualsAndOpeningQuote(ofAttribute: nil)
        let start = position
        while input.byte(at: position) != quote {
            guard position < input.count, input.byte(at: position) != ASCII.lessThan else {
                throw Problem(offset: position, message: "the XML declaration is malformed")
            }
            position += 1
        }
        position += 1
        return input.string(start..<position - 1)
    }

    /// Reads `=` and the opening quote of a value (whitespace allowed around
    /// `=`) after the attribute `name`, or after a word of the XML declaration
    /// when `name` is nil; returns the quote, with `position` just after it.
    private mutating func scanEqualsAndOpeningQuote(ofAttribute name: Name?) throws(Problem) -> UInt8 {
        skipWhitespace()
        guard input.byte(at: position) == ASCII.equals else {
            let message = name.map { "expected '=' after the attribute name \(input.string($0.start..<$0.end))" }
            throw Problem(offset: position, message: message ?? "expected '=' in the XML declaration")
        }
        position += 1
        skipWhitespace()
        let quote = input.byte(at: position)
        guard quote == ASCII.quotationMark || quote == ASCII.apostrophe else {
            let message = name.map {
                "the value of the attribute \(input.string($0.start..<$0.end)) must be quoted with \" or '"
            }
            throw Problem(offset: position, message: message ?? "the values in the XML declaration must be quoted")
        }
        position += 1
        return quote
    }

    private mutating func scanComment() throws(Problem) {
        position += 4
        while position < input.count {
            if input.bytes[position] == ASCII.hyphen, input.byte(at: position + 1) == ASCII.hyphen {
                guard input.byte(at: position + 2) == ASCII.greaterThan else {
                    throw Problem(offset: position, message: "'--' is not allowed inside a comment")
                }
                position += 3
                return
            }
            position += 1
        }
        throw Problem(offset: input.count, message: "the XML ends inside a comment")
    }

    private mutating func scanProcessingInstruction() throws(Problem) {
        let start = position
        position += 2
        let target = try scanName(what: "the target of a processing instruction")
        if target.colon != nil {
            throw Problem(offset: target.start, message: "the target of a processing instruction cannot contain ':'")
        }
        if input.string(target.start..<target.end).lowercased() == "xml" {
            throw Problem(offset: start, message: "the XML declaration is allowed only at the very start of the part")
        }
        if !skipWhitespace(), !input.hasPrefix("?>", at: position) {
            throw Problem(
                offset: position, message: "expected whitespace or '?>' after the target of a processing instruction")
        }
        while position < input.count {
            if input.hasPrefix("?>", at: position) {
                position += 2
                return
            }
            position += 1
        }
        throw Problem(offset: input.count, message: "the XML ends inside a processing instruction")
    }

    // MARK: - Names, whitespace, characters

    /// Reads a name (qualified: at most one colon, neither first nor last).
    private mutating func scanName(what: String) throws(Problem) -> Name {
        let start = position
        guard let end = input.nameEnd(from: start) else {
            if position == input.count {
                throw Problem(offset: input.count, message: "the XML ends where \(what) was expected")
            }
            throw Problem(offset: start, message: "expected \(what)")
        }
        var colon: Int?
        for i in start..<end where input.bytes[i] == ASCII.colon {
            guard colon == nil, i != start, i != end - 1 else {
                throw Problem(
                    offset: start, message: "\(input.string(start..<end)) is not a valid name with namespaces")
            }
            colon = i
        }
        position = end
        return Name(start: start, colon: colon, end: end)
    }

    /// Skips whitespace; whether there was any.
    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while position < input.count, Self.isWhitespace(input.bytes[position]) { position += 1 }
        return position > start
    }

    /// Whether an ASCII byte can be (the first character of) a name: a-z A-Z _ : and then also 0-9 - .
    private static func isASCIINameCharacter(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case 0x61...0x7A, 0x41...0x5A, ASCII.underscore, ASCII.colon: true
        case 0x30...0x39, ASCII.hyphen, ASCII.period: !first
        default: false
        }
    }

    /// NameStartChar of XML 1.0 (fifth edition), beyond ASCII.
    private static func isNameStartCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
            0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            true
        default:
            false
        }
    }

    /// NameChar of XML 1.0 (fifth edition), beyond ASCII.
    private static func isNameCharacter(_ scalar: UInt32) -> Bool {
        isNameStartCharacter(scalar) || scalar == 0xB7 || (0x300...0x36F).contains(scalar)
            || (0x203F...0x2040).contains(scalar)
    }

    private static func digitValue(_ byte: UInt8, hexadecimal: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46 where hexadecimal: UInt32(byte - 0x41 + 10)
        case 0x61...0x66 where hexadecimal: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }

    private static func isXMLCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.lineFeed || byte == ASCII.tab || byte == ASCII.carriageReturn
    }

    // MARK: - The bytes

    /// The part's bytes, and what can be read from them at an offset. (Kept apart
    /// from the scanner's state, which is larger, so reading them copies nothing.)
    private struct Input {
        /// UTF-8 already checked by `firstInvalidCharacter`, without byte order mark.
        let bytes: UnsafeBufferPointer<UInt8>
        var count: Int { bytes.count }

        /// The byte at `offset`, or 0 past the end (0 never occurs in checked input).
        func byte(at offset: Int) -> UInt8 {
            offset < count ? bytes[offset] : 0
        }

        func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard offset + length <= count else { return false }
            let text = literal.utf8Start
            for k in 0..<length where bytes[offset + k] != text[k] { return false }
            return true
        }

        func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
            range.count == literal.utf8CodeUnitCount && hasPrefix(literal, at: range.lowerBound)
        }

        func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            guard a.count == b.count else { return false }
            for k in 0..<a.count where bytes[a.lowerBound + k] != bytes[b.lowerBound + k] { return false }
            return true
        }

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// The end of the XML name that starts at `start`, or nil if none does.
        func nameEnd(from start: Int) -> Int? {
            var i = start
            while i < count {
                let byte = bytes[i]
                if byte < 0x80 {
                    guard OOXMLScanner.isASCIINameCharacter(byte, first: i == start) else { break }
                    i += 1
                } else {
                    let (scalar, length) = scalar(at: i)
                    guard
                        OOXMLScanner.isNameStartCharacter(scalar) || (i > start && OOXMLScanner.isNameCharacter(scalar))
                    else { break }
                    i += length
                }
            }
            return i > start ? i : nil
        }

        /// The Unicode scalar of the (valid) multi-byte UTF-8 sequence at `i`, and its length.
        func scalar(at i: Int) -> (UInt32, Int) {
            let lead = UInt32(bytes[i])
            func next(_ k: Int) -> UInt32 { UInt32(bytes[i + k]) & 0x3F }
            if lead < 0xE0 { return ((lead & 0x1F) << 6 | next(1), 2) }
            if lead < 0xF0 { return ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3) }
            return ((lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3), 4)
        }

        /// The character of the entity or character reference at `start` (its `&`), and where the reference ends.
        func reference(at start: Int) throws(Problem) -> (character: UInt32, end: Int) {
            var i = start + 1
            if byte(at: i) == ASCII.numberSign {
                i += 1
                let hexadecimal = byte(at: i) == ASCII.lowercaseX
                if hexadecimal { i += 1 }
                var value: UInt32 = 0
                var digits = 0
                while let digit = OOXMLScanner.digitValue(byte(at: i), hexadecimal: hexadecimal) {
                    value = value * (hexadecimal ? 16 : 10) + digit
                    guard value <= 0x10FFFF else {
                        throw Problem(offset: start, message: "a character reference is beyond U+10FFFF")
                    }
                    digits += 1
                    i += 1
                }
                guard digits > 0, byte(at: i) == ASCII.semicolon else {
                    throw Problem(
                        offset: start, message: "a character reference is malformed (it is written &#123; or &#x7B;)")
                }
                guard OOXMLScanner.isXMLCharacter(value) else {
                    throw Problem(
                        offset: start,
                        message: "a character reference is to U+\(OOXMLScanner.hex(value)), which is not allowed in XML"
                    )
                }
                return (value, i + 1)
            }
            guard let nameEnd = nameEnd(from: i), byte(at: nameEnd) == ASCII.semicolon else {
                throw Problem(
                    offset: start, message: "'&' does not begin an entity or character reference (it is written &amp;)")
            }
            let name = i..<nameEnd
            if matches(name, "lt") { return (0x3C, nameEnd + 1) }
            if matches(name, "gt") { return (0x3E, nameEnd + 1) }
            if matches(name, "amp") { return (0x26, nameEnd + 1) }
            if matches(name, "apos") { return (0x27, nameEnd + 1) }
            if matches(name, "quot") { return (0x22, nameEnd + 1) }
            throw Problem(
                offset: start,
                message: "the entity &\(string(name)); is not defined (only &lt; &gt; &amp; &apos; &quot; are)")
        }

        /// An attribute's value, references resolved and whitespace normalised as XML
        /// requires (tab, line feed, carriage return and CR LF each become one space).
        func value(of attribute: Attribute) -> String {
            if attribute.valueIsPlain { return string(attribute.valueStart..<attribute.valueEnd) }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(attribute.valueEnd - attribute.valueStart)
            var i = attribute.valueStart
            while i < attribute.valueEnd {
                let current = bytes[i]
                switch current {
                case ASCII.ampersand:
                    // Checked when the tag was read.
                    guard let (character, end) = try? reference(at: i) else { return "" }
                    OOXMLScanner.appendUTF8(character, to: &decoded)
                    i = end
                case ASCII.carriageReturn:
                    decoded.append(ASCII.space)
                    i += byte(at: i + 1) == ASCII.lineFeed ? 2 : 1
                case ASCII.tab, ASCII.lineFeed:
                    decoded.append(ASCII.space)
                    i += 1
                default:
                    decoded.append(current)
                    i += 1
                }
            }
            return String(decoding: decoded, as: UTF8.self)
        }
    }

    /// The ASCII bytes the scanner looks for.
    private enum ASCII {
        static let tab: UInt8 = 0x09
        static let lineFeed: UInt8 = 0x0A
        static let carriageReturn: UInt8 = 0x0D
        static let space: UInt8 = 0x20
        static let exclamationMark: UInt8 = 0x21
        static let quotationMark: UInt8 = 0x22
        static let numberSign: UInt8 = 0x23
        static let ampersand: UInt8 = 0x26
        static let apostrophe: UInt8 = 0x27
        static let hyphen: UInt8 = 0x2D
        static let period: UInt8 = 0x2E
        static let slash: UInt8 = 0x2F
        static let colon: UInt8 = 0x3A
        static let semicolon: UInt8 = 0x3B
        static let lessThan: UInt8 = 0x3C
        static let equals: UInt8 = 0x3D
        static let greaterThan: UInt8 = 0x3E
        static let questionMark: UInt8 = 0x3F
        static let rightBracket: UInt8 = 0x5D
        static let underscore: UInt8 = 0x5F
        static let lowercaseX: UInt8 = 0x78
    }
}
