import Diagnostics
import EvidenceValues

/// The date helpers rules get as `dates.*`. Arguments are text: dates `YYYY-MM-DD`
/// (or `YYYY/M/D`), date-times `YYYY-MM-DD HH:MM[:SS]` or with a `T`. Results are
/// ISO text or numbers. A date where a date-time is expected counts as its midnight.
public struct DateHelpers: Sendable {
    /// The working-day calendar; nil makes the working-day helpers throw.
    public let calendar: WorkingDayCalendar?

    public init(calendar: WorkingDayCalendar?) {
        self.calendar = calendar
    }

    /// A parsed argument: a date or a date-time.
    public enum Moment: Sendable, Hashable {
        case date(CalendarDate)
        case dateTime(LocalDateTime)

        var date: CalendarDate {
            switch self {
            case .date(let d): d
            case .dateTime(let t): t.date
            }
        }

        var seconds: Int64 {
            switch self {
            case .date(let d): Int64(d.dayNumber) * 86_400
            case .dateTime(let t): t.secondsSinceEpoch
            }
        }

        var iso: String {
            switch self {
            case .date(let d): d.description
            case .dateTime(let t): t.description
            }
        }
    }

    /// Parses a date or a date-time; nil when the text is neither.
    public static func moment(_ text: String) -> Moment? {
        let trimmed = text.trimmingWhitespace()
        let bytes = trimmed.utf8.span
        if let date = DateParsing.parseDate(bytes, lenient: true) { return .date(date) }
        if let time = DateParsing.parseDateTime(bytes, lenient: true) { return .dateTime(time) }
        return nil
    }

    private func argument(_ text: String, _ function: String, _ position: Int) throws(FindingsError) -> Moment {
        guard let moment = DateHelpers.moment(text) else {
            throw .single(
                "date-argument",
                "dates.\(function): argument \(position) is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DD HH:MM:SS): '\(text)'"
            )
        }
        return moment
    }

    /// `dates.parse(text)`: the ISO form of a date or date-time, or `null` when the text is neither.
    public func parse(_ text: String) -> EvidenceValue {
        DateHelpers.moment(text).map { .string($0.iso) } ?? .null
    }

    /// `dates.compare(a, b)`: -1, 0 or 1.
    public func compare(_ a: String, _ b: String) throws(FindingsError) -> EvidenceValue {
        let x = try argument(a, "compare", 1).seconds
        let y = try argument(b, "compare", 2).seconds
        return .integer(x < y ? -1 : (x == y ? 0 : 1))
    }

    /// The most days a date can move: the span of the years 1 to 9999 that dates can have.
    public static let dayLimit = 3_652_059

    /// `dates.add_days(x, n)`: the date or date-time `n` calendar days later (earlier when negative).
    /// A result outside the years 1 to 9999 is an error.
    public func addDays(_ text: String, _ days: Int) throws(FindingsError) -> EvidenceValue {
        let moment = try argument(text, "add_days", 1)
        let first = CalendarDate(year: 1, month: 1, day: 1)!.dayNumber
        let last = CalendarDate(year: 9999, month: 12, day: 31)!.dayNumber
        guard abs(days) <= Self.dayLimit, (first...last).contains(moment.date.dayNumber + days) else {
            throw .single("date-range", "dates.add_days: the result is outside the years 1 to 9999")
        }
        switch moment {
        case .date(let d): return .string(d.adding(days: days).description)
        case .dateTime(let t): return .string(t.adding(seconds: Int64(days) * 86_400).description)
        }
    }

    /// `dates.days_between(a, b)`: calendar days from a's date to b's date (negative when b is earlier).
    public func daysBetween(_ a: String, _ b: String) throws(FindingsError) -> EvidenceValue {
        let x = try argument(a, "days_between", 1).date
        let y = try argument(b, "days_between", 2).date
        return .integer(Int64(x.days(to: y)))
    }

    /// `dates.hours_between(a, b)`: hours from a to b, with fractions (1.5 is 90 minutes).
    public func hoursBetween(_ a: String, _ b: String) throws(FindingsError) -> EvidenceValue {
        let x = try argument(a, "hours_between", 1).seconds
        let y = try argument(b, "hours_between", 2).seconds
        return .number(Double(y - x) / 3600)
    }

    private func requireCalendar(_ function: String) throws(FindingsError) -> WorkingDayCalendar {
        guard let calendar else {
            throw .single("calendar-missing", "dates.\(function): no working-day calendar is loaded")
        }
        return calendar
    }

    /// `dates.working_days(a, b)`: working days from a's date to b's date, both included.
    public func workingDays(_ a: String, _ b: String) throws(FindingsError) -> EvidenceValue {
        let calendar = try requireCalendar("working_days")
        let x = try argument(a, "working_days", 1).date
        let y = try argument(b, "working_days", 2).date
        return .integer(Int64(try calendar.workingDays(from: x, to: y)))
    }

    /// `dates.add_working_days(x, n)`: the date `n` working days after x's date (before when negative).
    public func addWorkingDays(_ text: String, _ count: Int) throws(FindingsError) -> EvidenceValue {
        let calendar = try requireCalendar("add_working_days")
        let date = try argument(text, "add_working_days", 1).date
        return .string(try calendar.adding(workingDays: count, to: date).description)
    }

    /// `dates.is_working_day(x)`: whether x's date is a working day.
    public func isWorkingDay(_ text: String) throws(FindingsError) -> EvidenceValue {
        let calendar = try requireCalendar("is_working_day")
        return .boolean(try calendar.isWorkingDay(try argument(text, "is_working_day", 1).date))
    }
}
