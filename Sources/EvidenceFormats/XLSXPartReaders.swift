/// SpreadsheetML namespaces: transitional and strict OOXML.
let spreadsheetNamespaces = [
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
]

/// Walks `xl/workbook.xml`: the sheets in tab order and the date system.
final class XLSXWorkbookPartReader: OOXMLEventHandler {
    struct DeclaredSheet {
        var name: String
        /// The `r:id` of the sheet's relationship.
        var relationship: String?
    }

    var sheets: [DeclaredSheet] = []
    var date1904 = false

    var wantsText: Bool { false }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        guard let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "sheet":
            sheets.append(
                DeclaredSheet(name: attribute("name") ?? "Sheet\(sheets.count + 1)", relationship: attribute("id")))
        case "workbookPr":
            let value = attribute("date1904")
            date1904 = value == "1" || value == "true"
        default: break
        }
    }

    func endElement(namespace: String?, localName: String) {}
    func text(_ text: String) {}
}

/// Walks a relationships part: the target of each relationship, by id.
final class XLSXRelationshipsReader: OOXMLEventHandler {
    var targets: [String: String] = [:]

    var wantsText: Bool { false }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        guard localName == "Relationship", let id = attribute("Id"), let target = attribute("Target") else { return }
        targets[id] = target
    }

    func endElement(namespace: String?, localName: String) {}
    func text(_ text: String) {}
}

/// Walks `xl/sharedStrings.xml`: each string item's text (its runs joined, phonetic
/// guides left out), stopping to collect once there are more than `maximumCount`.
final class XLSXSharedStringsReader: OOXMLEventHandler {
    let maximumCount: Int
    var strings: [String] = []
    var tooMany = false
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    init(maximumCount: Int) {
        self.maximumCount = maximumCount
    }

    var wantsText: Bool { inText && phoneticDepth == 0 && !tooMany }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        guard let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "si":
            inItem = true
            current = ""
        case "rPh": phoneticDepth += 1
        case "t" where inItem: inText = true
        default: break
        }
    }

    func endElement(namespace: String?, localName: String) {
        guard let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "si":
            inItem = false
            if strings.count >= maximumCount {
                tooMany = true
            } else if !tooMany {
                strings.append(current)
            }
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func text(_ text: String) {
        if wantsText { current += text }
    }
}

/// Walks `xl/styles.xml`: for each cell style (`cellXfs`), whether its number format
/// shows a date or a time.
final class XLSXStylesReader: OOXMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var formatIDs: [Int] = []
    private var inCellStyles = false

    var wantsText: Bool { false }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        guard let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "numFmt":
            if let id = attribute("numFmtId").flatMap({ Int($0) }), let code = attribute("formatCode") {
                customFormats[id] = code
            }
        case "cellXfs": inCellStyles = true
        case "xf" where inCellStyles: formatIDs.append(attribute("numFmtId").flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    func endElement(namespace: String?, localName: String) {
        if localName == "cellXfs" { inCellStyles = false }
    }

    func text(_ text: String) {}

    /// Whether each cell style shows dates, by its index.
    var dateStyles: [Bool] {
        formatIDs.map { id in
            if let code = customFormats[id] { return XLSXNumberFormat.isDateFormat(code) }
            return XLSXNumberFormat.builtInDateFormats.contains(id)
        }
    }
}

/// Walks a worksheet part: its rows of non-empty cells, typed by the cell's `t`
/// attribute and style, and its merged ranges. A formula cell gives its cached value.
/// Rows and cells without a reference follow the previous one, as Excel allows.
final class XLSXSheetReader: OOXMLEventHandler {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    var rows: [XLSXRow] = []
    var merged: [XLSXMergedRange] = []
    /// The first problem found (a bad reference, a shared string out of range).
    var problem: String?

    private var row: XLSXRow?
    private var lastRowNumber = 0
    private var nextColumn = 0
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var inCell = false
    private var collecting = false
    private var phoneticDepth = 0
    private var value = ""
    private var hasValue = false

    init(sharedStrings: [String], dateStyles: [Bool]) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
    }

    var wantsText: Bool { collecting && phoneticDepth == 0 }

    func startElement(namespace: String?, localName: String, attribute: (String) -> String?) {
        guard problem == nil, let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "row":
            var number = lastRowNumber + 1
            if let text = attribute("r") {
                guard let given = Int(text), given > lastRowNumber, given <= XLSXCellReference.maximumRow else {
                    problem = "row number '\(text)' after row \(lastRowNumber) is not a row number in order"
                    return
                }
                number = given
            }
            lastRowNumber = number
            row = XLSXRow(number: number, cells: [])
            nextColumn = 0
        case "c":
            guard row != nil else { return }
            cellColumn = nextColumn
            if let text = attribute("r") {
                guard let reference = XLSXCellReference(text), reference.column >= nextColumn else {
                    problem = "cell reference '\(text)' in row \(lastRowNumber) is not a cell of this row in order"
                    return
                }
                cellColumn = reference.column
            }
            nextColumn = cellColumn + 1
            cellType = attribute("t") ?? "n"
            cellStyle = attribute("s").flatMap { Int($0) } ?? 0
            inCell = true
            hasValue = false
            value = ""
        case "v" where inCell:
            collecting = true
            hasValue = true
        case "t" where inCell && cellType == "inlineStr":
            collecting = true
            hasValue = true
        case "rPh": phoneticDepth += 1
        case "mergeCell":
            if let reference = attribute("ref"), let range = XLSXMergedRange(reference: reference) {
                merged.append(range)
            }
        default: break
        }
    }

    func endElement(namespace: String?, localName: String) {
        guard problem == nil, let namespace, spreadsheetNamespaces.contains(namespace) else { return }
        switch localName {
        case "v", "t": collecting = false
        case "rPh": phoneticDepth -= 1
        case "c":
            guard inCell else { return }
            inCell = false
            if hasValue, let typed = typedValue() { row?.cells.append(XLSXCell(column: cellColumn, value: typed)) }
        case "row":
            if let row, !row.cells.isEmpty { rows.append(row) }
            row = nil
        default: break
        }
    }

    func text(_ text: String) {
        if wantsText { value += text }
    }

    /// The cell's value from its type and text; nil for an empty cell.
    private func typedValue() -> XLSXCellValue? {
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingWhitespace()), sharedStrings.indices.contains(index) else {
                problem =
                    "cell \(XLSXCellReference(column: cellColumn, row: lastRowNumber).text) refers to shared string '\(value)', which the workbook does not have"
                return nil
            }
            return sharedStrings[index].isEmpty ? nil : .text(sharedStrings[index])
        case "inlineStr", "str": return value.isEmpty ? nil : .text(value)
        case "b": return .boolean(value.trimmingWhitespace() == "1")
        case "e": return .error(value)
        case "d": return value.isEmpty ? nil : .isoDate(value.trimmingWhitespace())
        default:
            let raw = value.trimmingWhitespace()
            if raw.isEmpty { return nil }
            let isDate = dateStyles.indices.contains(cellStyle) && dateStyles[cellStyle]
            return .number(raw, isDate: isDate)
        }
    }
}
