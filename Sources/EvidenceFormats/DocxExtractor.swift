import Foundation
import ZIPFoundation

/// Reads the text of a Word `.docx` file: paragraphs, headings with their levels
/// (from the paragraph's style and its outline level, resolved through
/// `word/styles.xml`, so localised style names work), and tables as rows of cells.
/// Only the main document part is read (not headers, footers or comments).
package enum DocxExtractor {
    /// Why a `.docx` could not be read.
    package struct Failure: Error {
        package var reason: String
    }

    /// The largest XML part read unless the caller says otherwise (a guard
    /// against bombs inside the docx zip); `ReadLimits.ooxmlPartBytes` in a bundle.
    static let defaultMaximumPartBytes = 64 * 1024 * 1024
    /// The largest ratio of unpacked to packed size for a part larger than 1 MiB.
    static let maximumPartRatio: UInt64 = 200

    package static func extract(fileAt url: URL, maximumPartBytes: Int = defaultMaximumPartBytes) throws(Failure)
        -> DocumentContent
    {
        let data: Data
        do {
            data = Data(try FileBytes.read(url))
        } catch {
            throw Failure(reason: error.localizedDescription)
        }
        return try extract(data: data, maximumPartBytes: maximumPartBytes)
    }

    /// The content of a `.docx` file's bytes. A part that unpacks to more than
    /// `maximumPartBytes` is refused, so memory stays bounded by the file's size and the cap.
    ///
    /// Worst case: the work is linear in the unpacked parts (see ``OOXMLScanner``
    /// and ``DocxStyles``), each at most `maximumPartBytes`.
    package static func extract(data: Data, maximumPartBytes: Int = defaultMaximumPartBytes) throws(Failure)
        -> DocumentContent
    {
        // ZIPFoundation's in-memory reading stops the process on an archive whose offsets
        // point past its end, and leaks bytes without an end record (see InMemoryZipCheck).
        let archive: Archive
        switch InMemoryZipCheck.verdict(data) {
        case .noEndRecord:
            throw Failure(
                reason:
                    "the file is not a valid .docx (it is not a zip archive: \(Archive.ArchiveError.missingEndOfCentralDirectoryRecord))"
            )
        case .outside:
            throw Failure(reason: "the file is not a valid .docx (its zip directory points past the end of the file)")
        case .zip64:
            archive = try archiveOnDisk(data)
        case .readable:
            do {
                archive = try Archive(data: data, accessMode: .read)
            } catch {
                throw Failure(reason: "the file is not a valid .docx (it is not a zip archive: \(error))")
            }
        }
        guard let documentEntry = archive["word/document.xml"] else {
            throw Failure(reason: "the file is not a Word document (it has no word/document.xml)")
        }
        let documentXML = try read(documentEntry, in: archive, maximumBytes: maximumPartBytes)
        var styles = DocxStyles()
        if let stylesEntry = archive["word/styles.xml"] {
            // The styles only give heading levels (a broken part loses just those), and one
            // template's styles part is large and the same in every document: no CRC-32 of
            // it, and when its packed bytes have been seen before, no unpacking either.
            let unpack = { () throws(Failure) -> Data in
                try read(stylesEntry, in: archive, checkCRC32: false, maximumBytes: maximumPartBytes)
            }
            if let stored = ZipStoredEntry(named: stylesEntry.path, in: data),
                stored.packed.count == Int(stylesEntry.compressedSize)
            {
                styles = try DocxStylesCache.shared.styles(stored: stored, in: data, unpack: unpack)
            } else {
                styles = DocxStylesCache.shared.styles(of: try unpack())
            }
        }
        return try content(documentXML: documentXML, styles: styles)
    }

    /// A ZIP64 archive, which `InMemoryZipCheck` does not follow, read from a temporary
    /// copy on disk, where reading past the end is harmless; the copy is removed at once
    /// (the archive keeps it open).
    private static func archiveOnDisk(_ data: Data) throws(Failure) -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-docx-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            try data.write(to: url)
            return try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(reason: "the file is not a valid .docx (it is not a zip archive: \(error))")
        }
    }

    /// The content of a `word/document.xml` part, with the heading levels of `styles`.
    static func content(documentXML: Data, styles: DocxStyles) throws(Failure) -> DocumentContent {
        let reader = DocxBodyReader(styles: styles)
        do {
            try OOXMLScanner.scan(documentXML, into: reader)
        } catch {
            throw Failure(reason: "word/document.xml is not well-formed XML (line \(error.line): \(error.message))")
        }
        return DocumentContent(blocks: reader.blocks)
    }

    /// The bytes of one part, refusing parts that unpack to more than `maximumBytes`
    /// or too far; checked against the archive's CRC-32 unless `checkCRC32` is false.
    static func read(
        _ entry: Entry, in archive: Archive, checkCRC32: Bool = true,
        maximumBytes: Int = defaultMaximumPartBytes
    ) throws(Failure) -> Data {
        let declared = entry.uncompressedSize
        if declared > UInt64(maximumBytes) {
            throw Failure(reason: "\(entry.path) unpacks to \(declared) bytes, more than the \(maximumBytes) allowed")
        }
        if declared > 1 << 20, entry.compressedSize > 0, declared / entry.compressedSize > maximumPartRatio {
            throw Failure(
                reason:
                    "\(entry.path) is compressed \(declared / entry.compressedSize) to 1, more than the \(maximumPartRatio) to 1 allowed (a zip bomb?)"
            )
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: !checkCRC32) { chunk in
                data.append(chunk)
                if data.count > maximumBytes || UInt64(data.count) > max(declared, 1) * 2 + 1024 {
                    throw Failure(reason: "\(entry.path) unpacks to more than it declares")
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "\(entry.path) cannot be unpacked: \(error)")
        }
        return data
    }
}

/// Word namespaces: transitional and strict OOXML (an array: faster than a set for two).
private let wordNamespaces = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
]
private let markupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"

/// Paragraph styles and the heading level each one gives.
///
/// Levels are resolved once for all styles when the styles are read, each style
/// following its `basedOn` chain only until a style already resolved: the work is
/// linear in the number of styles, whatever the chains, and a chain that loops
/// back on itself gives no level.
struct DocxStyles {
    struct Style {
        var name: String?
        var basedOn: String?
        var outlineLevel: Int?
    }

    /// The paragraph styles, by id.
    let styles: [String: Style]
    /// The heading level of each style that gives one.
    private let levels: [String: Int]
    /// How many steps resolving the levels took: at most twice the number of styles.
    let resolutionSteps: Int

    init(styles: [String: Style] = [:]) {
        self.styles = styles
        (levels, resolutionSteps) = Self.resolveLevels(styles)
    }

    /// The heading level (1...9) of a style id, or nil for a body style.
    func headingLevel(styleID: String) -> Int? {
        guard styles[styleID] != nil else { return DocxStyles.levelFromName(styleID) }
        return levels[styleID]
    }

    /// The level of every style: from its outline level, else from its name (or its id)
    /// when that is a heading name, else from the style it is based on. A style whose
    /// chain comes back to a style on it has none; a chain that leaves the styles ends
    /// at the missing id's name.
    private static func resolveLevels(_ styles: [String: Style]) -> (levels: [String: Int], steps: Int) {
        var resolved: [String: Int?] = [:]
        var steps = 0
        for start in styles.keys where resolved[start] == nil {
            var path: [String] = []
            var onPath: Set<String> = []
            var current = start
            var level: Int?
            while true {
                steps += 1
                if let known = resolved[current] {
                    level = known
                    break
                }
                guard onPath.insert(current).inserted else {
                    level = nil // a cycle of basedOn
                    break
                }
                guard let style = styles[current] else {
                    level = levelFromName(current)
                    break
                }
                path.append(current)
                if let outline = style.outlineLevel {
                    level = outline < 9 ? outline + 1 : nil
                    break
                }
                if let named = style.name.flatMap(levelFromName) ?? levelFromName(current) {
                    level = named
                    break
                }
                guard let next = style.basedOn else {
                    level = nil
                    break
                }
                current = next
            }
            for id in path { resolved[id] = level }
        }
        return (resolved.compactMapValues { $0 }, steps)
    }

    /// `heading 1`, `Heading1`, `标题 1`, `标题1` and the like: the level, or nil.
    static func levelFromName(_ name: String) -> Int? {
        let lower = name.lowercased().replacingOccurrences(of: " ", with: "")
        for prefix in ["heading", "标题"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if let level = Int(rest), (1...9).contains(level) { return level }
        }
        return nil
    }

    static func parse(_ data: Data) -> DocxStyles {
        let reader = StylesReader()
        // A broken styles part only loses heading levels (those after the problem).
        try? OOXMLScanner.scan(data, into: reader)
        return reader.result
    }

    /// Walks `word/styles.xml` and collects the paragraph styles. (Not private: the
    /// tests also drive it with Foundation's XMLParser, to compare.)
    final class StylesReader: OOXMLEventHandler {
        var collected: [String: Style] = [:]
        var currentID: String?
        var current = Style()
        var inParagraphProperties = false

        var wantsText: Bool { false }

        func startElement(namespace namespaceURI: String?, localName name: String, attribute: (String) -> String?) {
            guard let ns = namespaceURI, wordNamespaces.contains(ns) else { return }
            switch name {
            case "style":
                if attribute("type") ?? "paragraph" == "paragraph" {
                    currentID = attribute("styleId")
                    current = Style()
                }
            case "name" where currentID != nil: current.name = attribute("val")
            case "basedOn" where currentID != nil: current.basedOn = attribute("val")
            case "pPr": inParagraphProperties = true
            case "outlineLvl" where currentID != nil && inParagraphProperties:
                current.outlineLevel = attribute("val").flatMap { Int($0) }
            default: break
            }
        }

        func endElement(namespace namespaceURI: String?, localName name: String) {
            guard let ns = namespaceURI, wordNamespaces.contains(ns) else { return }
            if name == "pPr" { inParagraphProperties = false }
            if name == "style", let id = currentID {
                if collected[id] == nil { collected[id] = current }
                currentID = nil
            }
        }

        func text(_ text: String) {}

        /// The styles read so far, with their levels resolved.
        var result: DocxStyles { DocxStyles(styles: collected) }
    }
}

/// Walks `word/document.xml` and builds the blocks. (Not private: the tests also
/// drive it with Foundation's XMLParser, to compare.)
final class DocxBodyReader: OOXMLEventHandler {
    let styles: DocxStyles
    var blocks: [DocumentContent.Block] = []

    /// A paragraph being read; text boxes nest paragraphs inside paragraphs.
    struct Paragraph {
        var text = ""
        var styleID: String?
        var outlineLevel: Int?
    }

    /// A table being read; tables nest inside cells.
    struct Table {
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [String] = []
    }

    var paragraphs: [Paragraph] = []
    var tables: [Table] = []
    var inText = false
    var inParagraphProperties = false
    /// Depth inside content to skip: mc:Fallback (a duplicate of mc:Choice) and deleted text.
    var skipDepth = 0

    init(styles: DocxStyles) {
        self.styles = styles
    }

    var wantsText: Bool { inText && skipDepth == 0 }

    func startElement(namespace namespaceURI: String?, localName name: String, attribute: (String) -> String?) {
        if namespaceURI == markupCompatibility, name == "Fallback" || skipDepth > 0 {
            skipDepth += 1
            return
        }
        if skipDepth > 0 {
            skipDepth += 1
            return
        }
        guard let ns = namespaceURI, wordNamespaces.contains(ns) else { return }
        switch name {
        case "p": paragraphs.append(Paragraph())
        case "pPr": inParagraphProperties = true
        case "pStyle" where inParagraphProperties:
            if !paragraphs.isEmpty { paragraphs[paragraphs.count - 1].styleID = attribute("val") }
        case "outlineLvl" where inParagraphProperties:
            if !paragraphs.isEmpty {
                paragraphs[paragraphs.count - 1].outlineLevel = attribute("val").flatMap { Int($0) }
            }
        case "t": inText = true
        case "tab" where !inParagraphProperties: append("\t")
        case "br", "cr": append("\n")
        case "del", "delText", "instrText": skipDepth = 1
        case "tbl": tables.append(Table())
        case "tc": if !tables.isEmpty { tables[tables.count - 1].cell = [] }
        case "tr": if !tables.isEmpty { tables[tables.count - 1].row = [] }
        default: break
        }
    }

    func endElement(namespace namespaceURI: String?, localName name: String) {
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        guard let ns = namespaceURI, wordNamespaces.contains(ns) else { return }
        switch name {
        case "t": inText = false
        case "pPr": inParagraphProperties = false
        case "p": endParagraph()
        case "tc":
            if !tables.isEmpty {
                let cell = tables[tables.count - 1].cell.joined(separator: "\n")
                tables[tables.count - 1].row.append(cell)
            }
        case "tr":
            if !tables.isEmpty {
                tables[tables.count - 1].rows.append(tables[tables.count - 1].row)
            }
        case "tbl": endTable()
        default: break
        }
    }

    func text(_ string: String) {
        if inText, skipDepth == 0 { append(string) }
    }

    func append(_ text: String) {
        guard !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1].text += text
    }

    /// Heading levels by style id, looked up once per document: a style the styles
    /// part does not define gets its level from its id, which is lower-cased and
    /// searched (the styles part's own styles are resolved when it is read).
    private var levels: [String: Int?] = [:]

    private func headingLevel(styleID: String) -> Int? {
        if let known = levels[styleID] { return known }
        let level = styles.headingLevel(styleID: styleID)
        levels[styleID] = level
        return level
    }

    func endParagraph() {
        guard let paragraph = paragraphs.popLast() else { return }
        let text = paragraph.text.trimmingWhitespace()
        if !tables.isEmpty {
            // Inside a table cell: the paragraph is part of the cell's text.
            if !text.isEmpty || !tables[tables.count - 1].cell.isEmpty {
                tables[tables.count - 1].cell.append(text)
            }
            return
        }
        guard !text.isEmpty else { return }
        let level =
            paragraph.outlineLevel.map { $0 < 9 ? $0 + 1 : nil }
            ?? paragraph.styleID.flatMap(headingLevel(styleID:))
        if let level {
            blocks.append(.heading(.init(level: level, text: text)))
        } else {
            blocks.append(.paragraph(text))
        }
    }

    func endTable() {
        guard let table = tables.popLast() else { return }
        if tables.isEmpty {
            blocks.append(.table(table.rows))
        } else {
            // A nested table becomes text in the enclosing cell.
            let text = table.rows.map { $0.joined(separator: "\t") }.joined(separator: "\n")
            tables[tables.count - 1].cell.append(text)
        }
    }
}
