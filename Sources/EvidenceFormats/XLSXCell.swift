/// One cell of a worksheet as the workbook stores it, before any column type is applied.
package enum XLSXCellValue: Sendable, Hashable {
    /// A shared, inline or formula string.
    case text(String)
    /// A number as written in the part (`42`, `12.5`, `1.5E-3`); `isDate` when the
    /// cell's number format shows it as a date or a time (an Excel serial date).
    case number(String, isDate: Bool)
    case boolean(Bool)
    /// An ISO 8601 date written as text (`t="d"`).
    case isoDate(String)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// The cell as text: numbers as written, booleans as TRUE/FALSE (as Excel shows them),
    /// date-formatted numbers in ISO form in a workbook of the given date system.
    package func displayText(date1904: Bool) -> String {
        switch self {
        case .text(let text): return text
        case .number(let raw, let isDate):
            if isDate, let serial = Double(raw), let moment = XLSXSerialDate(serial: serial, date1904: date1904) {
                return moment.isoText
            }
            return raw
        case .boolean(let value): return value ? "TRUE" : "FALSE"
        case .isoDate(let text): return text
        case .error(let text): return text
        }
    }
}

/// A cell with its place: the 0-based column and its value.
package struct XLSXCell: Sendable, Hashable {
    /// The 0-based column (A is 0).
    package var column: Int
    package var value: XLSXCellValue
}

/// One row of a worksheet: its 1-based number and its non-empty cells, left to right.
package struct XLSXRow: Sendable, Hashable {
    package var number: Int
    package var cells: [XLSXCell]

    /// The cell in a 0-based column, or nil when it is empty.
    package func cell(column: Int) -> XLSXCellValue? {
        cells.first { $0.column == column }?.value
    }
}

/// A rectangle of merged cells (0-based columns, 1-based rows), as in `A1:C1`.
package struct XLSXMergedRange: Sendable, Hashable {
    package var firstColumn: Int
    package var lastColumn: Int
    package var firstRow: Int
    package var lastRow: Int

    /// A range from its reference (`A1:C2`); nil when it is not one.
    package init?(reference: String) {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = XLSXCellReference(String(parts[0])),
            let end = XLSXCellReference(String(parts[1])), start.column <= end.column, start.row <= end.row
        else { return nil }
        firstColumn = start.column
        lastColumn = end.column
        firstRow = start.row
        lastRow = end.row
    }
}

/// A cell reference such as `B12`: a 0-based column and a 1-based row.
package struct XLSXCellReference: Sendable, Hashable {
    /// The largest column (XFD) and row Excel allows.
    static let maximumColumn = 16383
    static let maximumRow = 1_048_576

    package var column: Int
    package var row: Int

    package init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    /// Parses `A1`…`XFD1048576` (an optional `$` before each part); nil for anything else.
    package init?(_ text: String) {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$") where digits == 0: continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, column - 1 <= Self.maximumColumn, (1...Self.maximumRow).contains(row) else {
            return nil
        }
        self.column = column - 1
        self.row = row
    }

    /// The column's letters: 0 is `A`, 26 is `AA`.
    package static func letters(ofColumn column: Int) -> String {
        var n = column + 1
        var result: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            result.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(r))), at: 0)
            n = (n - 1) / 26
        }
        return String(result)
    }

    /// `B12`.
    package var text: String { Self.letters(ofColumn: column) + String(row) }
}

/// A moment from an Excel serial date: days (and a fraction of a day) counted from
/// the workbook's epoch. In the 1900 system serial 1 is 1900-01-01 and serial 60 is
/// the 29 February 1900 that Lotus 1-2-3 invented and Excel kept, so from serial 61
/// on a day is one less than the count suggests; in the 1904 system serial 0 is 1904-01-01.
package struct XLSXSerialDate: Sendable, Hashable {
    package var year: Int
    package var month: Int
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int

    /// Nil for a serial outside 1 (or 0 in 1904) to 2958465 (9999-12-31), for serial 60 of
    /// the 1900 system (a day that never was), and for anything that is not a finite number.
    package init?(serial: Double, date1904: Bool) {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        // Round to the nearest second first: 0.999999 of a day is the next midnight.
        let totalSeconds = (serial * 86_400).rounded()
        var days = Int(totalSeconds / 86_400)
        let seconds = Int(totalSeconds) - days * 86_400
        if date1904 {
            days += 1461 // 1904-01-01 is 1461 days after 1899-12-31
        } else {
            guard days >= 1, days != 60 else { return nil }
            if days > 60 { days -= 1 }
        }
        // Days from 1899-12-31 (day 0) to a civil date (Howard Hinnant's algorithm,
        // counting from 1970-01-01, which is 25568 days after 1899-12-31).
        let z = days - 25568 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        hour = seconds / 3600
        minute = seconds % 3600 / 60
        second = seconds % 60
        guard year <= 9999 else { return nil }
    }

    /// Whether the moment has a time of day other than midnight.
    package var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

    /// `2024-03-01`, or `2024-03-01 08:30:00` when there is a time of day.
    package var isoText: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        return hasTime ? "\(date) \(two(hour)):\(two(minute)):\(two(second))" : date
    }
}

/// Whether a number format shows a date or a time.
package enum XLSXNumberFormat {
    /// The built-in formats that show dates or times (ECMA-376 §18.8.30, with the
    /// East Asian built-ins 27–36 and 50–58 that Chinese Excel uses).
    package static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code shows a date or a time: it has y, m, d, h or s outside
    /// quoted text, escaped characters and bracketed parts such as `[Red]` or `[$-804]`
    /// (an elapsed-time part such as `[h]` counts as a time).
    package static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var inBracket = false
        var bracket = ""
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    if !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { return true }
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "\\", "_", "*": escaped = true
            case "[":
                inBracket = true
                bracket = ""
            case ";": return false // only the first (positive) section decides
            case "y", "m", "d", "h", "s": return true
            default: continue
            }
        }
        return false
    }
}
