/// A day of the Gregorian calendar, without a time or a time zone.
///
/// Evidence dates are local dates in mainland China; they are compared and
/// counted as plain calendar days. The ISO form `YYYY-MM-DD` sorts and compares
/// correctly as text, which is the form rules see.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    // Stored small: record tables hold a great many dates.
    private let storedYear: Int16
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }

    /// A date from its parts, or nil when they do not name a real day (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.storedYear = Int16(year)
        self.storedMonth = UInt8(month)
        self.storedDay = UInt8(day)
    }

    /// The date `dayNumber` days after 1970-01-01 (negative: before it).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.storedYear = Int16(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
        self.storedMonth = UInt8(m)
        self.storedDay = UInt8(d)
    }

    /// Days since 1970-01-01: consecutive days have consecutive numbers.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (dayNumber + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// Whether the date is a Saturday or a Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(to other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        ISOText.format(self)
    }

    /// Parses the ISO form `YYYY-MM-DD`; nil for anything else.
    public init?(iso text: String) {
        guard let date = DateParsing.parseDate(text.utf8.span, lenient: false) else { return nil }
        self = date
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a date YYYY-MM-DD, found '\(text)'"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// ISO text of dates and times, written digit by digit: `ev.records` turns
/// hundreds of thousands of cells into these strings.
enum ISOText {
    /// `YYYY-MM-DD`, with `THH:MM:SS` when `time` is given (years 1...9999).
    static func format(_ date: CalendarDate, time: (hour: Int, minute: Int, second: Int)? = nil) -> String {
        var text = InlineArray<19, UInt8>(repeating: UInt8(ascii: "-"))
        func put(_ value: Int, _ width: Int, at start: Int) {
            var value = value
            for index in stride(from: start + width - 1, through: start, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(date.year, 4, at: 0)
        put(date.month, 2, at: 5)
        put(date.day, 2, at: 8)
        var count = 10
        if let time {
            text[10] = UInt8(ascii: "T")
            put(time.hour, 2, at: 11)
            text[13] = UInt8(ascii: ":")
            put(time.minute, 2, at: 14)
            text[16] = UInt8(ascii: ":")
            put(time.second, 2, at: 17)
            count = 19
        }
        // ASCII digits and separators are always valid UTF-8.
        guard let utf8 = try? UTF8Span(validating: text.span.extracting(0..<count)) else { return "" }
        return String(copying: utf8)
    }
}
