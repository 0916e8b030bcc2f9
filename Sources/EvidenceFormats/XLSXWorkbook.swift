import Foundation
import ZIPFoundation

/// An Excel `.xlsx` workbook opened for reading: its sheets' names, its date system,
/// its shared strings and which cell styles show dates. Sheets are read one at a time
/// as rows of typed cells (`rows(ofSheet:)`), a row source for record tables, or as
/// text (`content()`), for a workbook listed as a document.
///
/// The same defences as ``DocxExtractor``: every part is unpacked under a size cap and
/// a compression-ratio cap (a zip bomb is refused), parts are read by ``OOXMLScanner``
/// (which refuses a DOCTYPE, so no entity can expand), and the shared-strings table
/// may hold at most `maximumSharedStrings` strings.
package struct XLSXWorkbook {
    /// Why a workbook could not be read.
    package struct Failure: Error {
        package var reason: String
    }

    /// One sheet: its name as the tabs show it and the part that holds it.
    package struct Sheet: Sendable, Hashable {
        package var name: String
        package var part: String
    }

    /// The most shared strings read unless the caller says otherwise.
    package static let defaultMaximumSharedStrings = 1_000_000

    /// The sheets, in tab order.
    package let sheets: [Sheet]
    /// Whether serial dates count from 1904-01-01 (the Mac system) rather than 1900-01-01.
    package let date1904: Bool
    private let sharedStrings: [String]
    /// For each cell style (`s=` of a cell), whether its number format shows a date or a time.
    private let dateStyles: [Bool]
    private let archive: Archive
    private let maximumPartBytes: Int

    /// Opens the workbook in `data`; reads the workbook part, its relationships, the
    /// shared strings and the styles.
    package init(
        data: Data, maximumPartBytes: Int = DocxExtractor.defaultMaximumPartBytes,
        maximumSharedStrings: Int = defaultMaximumSharedStrings
    ) throws(Failure) {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw Failure(reason: "the file is not a valid .xlsx (it is not a zip archive: \(error))")
        }
        self.maximumPartBytes = maximumPartBytes
        guard let workbookEntry = archive["xl/workbook.xml"] else {
            throw Failure(reason: "the file is not an Excel workbook (it has no xl/workbook.xml)")
        }
        let workbook = XLSXWorkbookPartReader()
        try Self.scan(
            try Self.read(workbookEntry, in: archive, maximumBytes: maximumPartBytes), "xl/workbook.xml", workbook)
        var targets: [String: String] = [:]
        if let relsEntry = archive["xl/_rels/workbook.xml.rels"] {
            let rels = XLSXRelationshipsReader()
            try Self.scan(
                try Self.read(relsEntry, in: archive, maximumBytes: maximumPartBytes), "xl/_rels/workbook.xml.rels",
                rels)
            targets = rels.targets
        }
        var sheets: [Sheet] = []
        for (i, declared) in workbook.sheets.enumerated() {
            var part = "xl/worksheets/sheet\(i + 1).xml"
            if let id = declared.relationship, let target = targets[id] {
                part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
            sheets.append(Sheet(name: declared.name, part: part))
        }
        self.sheets = sheets
        date1904 = workbook.date1904

        if let entry = archive["xl/sharedStrings.xml"] {
            let reader = XLSXSharedStringsReader(maximumCount: maximumSharedStrings)
            try Self.scan(
                try Self.read(entry, in: archive, maximumBytes: maximumPartBytes), "xl/sharedStrings.xml", reader)
            if reader.tooMany {
                throw Failure(
                    reason:
                        "xl/sharedStrings.xml holds more than \(maximumSharedStrings) strings, more than this program reads"
                )
            }
            sharedStrings = reader.strings
        } else {
            sharedStrings = []
        }
        if let entry = archive["xl/styles.xml"] {
            let reader = XLSXStylesReader()
            // Broken styles only lose which numbers are dates.
            if let data = try? Self.read(entry, in: archive, maximumBytes: maximumPartBytes) {
                try? OOXMLScanner.scan(data, into: reader)
            }
            dateStyles = reader.dateStyles
        } else {
            dateStyles = []
        }
    }

    /// The sheet named `name`, or at the 1-based position `name` gives when it is a number
    /// and no sheet has that name.
    package func sheet(named name: String) -> Sheet? {
        if let sheet = sheets.first(where: { $0.name == name }) { return sheet }
        if let position = Int(name), sheets.indices.contains(position - 1) { return sheets[position - 1] }
        return nil
    }

    /// The rows of a sheet that have at least one non-empty cell, in order, and its merged ranges.
    package func rows(of sheet: Sheet) throws(Failure) -> (rows: [XLSXRow], merged: [XLSXMergedRange]) {
        guard let entry = archive[sheet.part] else {
            throw Failure(reason: "sheet '\(sheet.name)': the part \(sheet.part) is missing from the workbook")
        }
        let data = try Self.read(entry, in: archive, maximumBytes: maximumPartBytes)
        let reader = XLSXSheetReader(sharedStrings: sharedStrings, dateStyles: dateStyles)
        try Self.scan(data, sheet.part, reader)
        if let problem = reader.problem {
            throw Failure(reason: "sheet '\(sheet.name)': \(problem)")
        }
        return (reader.rows, reader.merged)
    }

    /// The text of every sheet: a heading with its name, then its rows as a table
    /// (cells as Excel shows them, empty cells as empty text).
    package func content() throws(Failure) -> DocumentContent {
        var blocks: [DocumentContent.Block] = []
        for sheet in sheets {
            blocks.append(.heading(.init(level: 1, text: sheet.name)))
            let rows = try rows(of: sheet).rows
            guard !rows.isEmpty else { continue }
            let width = rows.map { ($0.cells.last?.column ?? -1) + 1 }.max() ?? 0
            var table: [[String]] = []
            for row in rows {
                var cells = Array(repeating: "", count: width)
                for cell in row.cells { cells[cell.column] = cell.value.displayText(date1904: date1904) }
                table.append(cells)
            }
            blocks.append(.table(table))
        }
        return DocumentContent(blocks: blocks)
    }

    /// The content of a workbook's bytes, for a workbook listed as a document.
    package static func extract(data: Data, maximumPartBytes: Int = DocxExtractor.defaultMaximumPartBytes)
        throws(Failure) -> DocumentContent
    {
        try XLSXWorkbook(data: data, maximumPartBytes: maximumPartBytes).content()
    }

    private static func read(_ entry: Entry, in archive: Archive, maximumBytes: Int) throws(Failure) -> Data {
        do {
            return try DocxExtractor.read(entry, in: archive, maximumBytes: maximumBytes)
        } catch {
            throw Failure(reason: error.reason)
        }
    }

    private static func scan<Handler: OOXMLEventHandler>(_ data: Data, _ part: String, _ handler: Handler)
        throws(Failure)
    {
        do {
            try OOXMLScanner.scan(data, into: handler)
        } catch {
            throw Failure(reason: "\(part) is not well-formed XML (line \(error.line): \(error.message))")
        }
    }
}
