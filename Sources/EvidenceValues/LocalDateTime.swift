/// A date and a time of day to the second, in local (China Standard) time,
/// without a time zone: the form ticket systems and spreadsheets export.
///
/// The ISO form rules see is `YYYY-MM-DDTHH:MM:SS`, which sorts and compares
/// correctly as text.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let date: CalendarDate
    // Stored small: record tables hold a great many date-times.
    private let secondOfDay: Int32

    public var hour: Int { Int(secondOfDay) / 3600 }
    public var minute: Int { Int(secondOfDay) / 60 % 60 }
    public var second: Int { Int(secondOfDay) % 60 }

    /// A date-time from its parts, or nil when the time is not a real time of day.
    public init?(date: CalendarDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.secondOfDay = Int32(hour * 3600 + minute * 60 + second)
    }

    /// Seconds since 1970-01-01T00:00:00 in the same local time.
    public var secondsSinceEpoch: Int64 {
        Int64(date.dayNumber) * 86_400 + Int64(secondOfDay)
    }

    /// The date-time `seconds` seconds later (earlier when negative).
    public func adding(seconds: Int64) -> LocalDateTime {
        let total = secondsSinceEpoch + seconds
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        return LocalDateTime(
            date: CalendarDate(dayNumber: Int(days)), hour: Int(rest / 3600),
            minute: Int(rest / 60 % 60), second: Int(rest % 60))!
    }

    /// Seconds from `self` to `other`: positive when `other` is later.
    public func seconds(to other: LocalDateTime) -> Int64 {
        other.secondsSinceEpoch - secondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String {
        ISOText.format(date, time: (hour, minute, second))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` or `YYYY-MM-DD HH:MM[:SS]`; nil for anything else.
    public init?(iso text: String) {
        guard let value = DateParsing.parseDateTime(text.utf8.span, lenient: false) else { return nil }
        self = value
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDateTime(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a date-time YYYY-MM-DDTHH:MM:SS, found '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
