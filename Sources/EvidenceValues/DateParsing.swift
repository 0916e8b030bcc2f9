/// Byte-level parsers for dates and date-times, fast enough for CSV cells.
///
/// The strict forms are ISO 8601: `YYYY-MM-DD`, and `YYYY-MM-DDTHH:MM[:SS]` or
/// with a space in place of the `T`. The lenient forms, for CSV cells as Excel
/// in China exports them, also accept `/` as the date separator and one-digit
/// months, days and hours: `2026/9/28`, `2026/9/28 9:05`.
package enum DateParsing {
    private static let zero = UInt8(ascii: "0")

    /// The value of the digits in `bytes[start..<end]`, or nil if one is not a digit.
    @inline(__always)
    package static func digits(_ bytes: Span<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start < end else { return nil }
        var value = 0
        var i = start
        while i < end {
            let d = bytes[i] &- zero
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
            i += 1
        }
        return value
    }

    /// Parses a date at the start of `bytes`; returns it with the index just past it.
    package static func parseDatePrefix(_ bytes: Span<UInt8>, lenient: Bool) -> (CalendarDate, Int)? {
        let n = bytes.count
        guard n >= 8, let year = digits(bytes, 0, 4) else { return nil }
        let separator = bytes[4]
        guard separator == UInt8(ascii: "-") || (lenient && separator == UInt8(ascii: "/")) else { return nil }
        var i = 5
        guard let month = field(bytes, &i, maxDigits: 2, exact: !lenient) else { return nil }
        guard i < n, bytes[i] == separator else { return nil }
        i += 1
        guard let day = field(bytes, &i, maxDigits: 2, exact: !lenient) else { return nil }
        guard let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        return (date, i)
    }

    /// Parses a whole cell as a date.
    package static func parseDate(_ bytes: Span<UInt8>, lenient: Bool) -> CalendarDate? {
        guard let (date, end) = parseDatePrefix(bytes, lenient: lenient), end == bytes.count else { return nil }
        return date
    }

    /// Parses a whole cell as a date-time: a date, `T` or a space, `HH:MM` and optionally `:SS`.
    package static func parseDateTime(_ bytes: Span<UInt8>, lenient: Bool) -> LocalDateTime? {
        guard let (date, afterDate) = parseDatePrefix(bytes, lenient: lenient) else { return nil }
        let n = bytes.count
        var i = afterDate
        guard i < n, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = field(bytes, &i, maxDigits: 2, exact: !lenient) else { return nil }
        guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let minute = field(bytes, &i, maxDigits: 2, exact: true) else { return nil }
        var second = 0
        if i < n {
            guard bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let s = field(bytes, &i, maxDigits: 2, exact: true) else { return nil }
            second = s
        }
        guard i == n else { return nil }
        return LocalDateTime(date: date, hour: hour, minute: minute, second: second)
    }

    /// Reads one to `maxDigits` digits (exactly `maxDigits` when `exact`) at `i`, advancing `i`.
    @inline(__always)
    private static func field(_ bytes: Span<UInt8>, _ i: inout Int, maxDigits: Int, exact: Bool) -> Int? {
        let start = i
        var value = 0
        while i < bytes.count, i - start < maxDigits {
            let d = bytes[i] &- zero
            guard d < 10 else { break }
            value = value * 10 + Int(d)
            i += 1
        }
        let count = i - start
        if count == 0 || (exact && count != maxDigits) { return nil }
        return value
    }
}
