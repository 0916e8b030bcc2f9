import Testing

@testable import EvidenceValues

@Suite("Dates, date-times and decimals")
struct DateAndDecimalTests {
    @Test func dayNumbersRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "2000-03-01")!.dayNumber - CalendarDate(iso: "2000-02-28")!.dayNumber == 2)
    }

    @Test func weekdays() {
        #expect(CalendarDate(iso: "2026-10-10")!.weekday == 6) // a Saturday
        #expect(CalendarDate(iso: "2026-09-28")!.weekday == 1) // a Monday
        #expect(CalendarDate(iso: "1969-12-31")!.weekday == 3) // a Wednesday, before the epoch
    }

    @Test func strictISODates() {
        #expect(CalendarDate(iso: "2026-09-28")?.description == "2026-09-28")
        #expect(CalendarDate(iso: "2026/9/28") == nil)
        #expect(CalendarDate(iso: "2026-02-30") == nil)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2026-9-28") == nil)
        #expect(CalendarDate(iso: "2026-09-28 ") == nil)
    }

    @Test func dateTimes() {
        #expect(LocalDateTime(iso: "2026-04-02T10:15")?.description == "2026-04-02T10:15:00")
        #expect(LocalDateTime(iso: "2026-04-02 10:15:30")?.description == "2026-04-02T10:15:30")
        #expect(LocalDateTime(iso: "2026-04-02 24:00") == nil)
        #expect(LocalDateTime(iso: "2026-04-02 9:00") == nil)
        let a = LocalDateTime(iso: "2026-04-01 23:30")!
        let b = LocalDateTime(iso: "2026-04-02 00:15")!
        #expect(a.seconds(to: b) == 45 * 60)
        #expect(a.adding(seconds: 45 * 60) == b)
        #expect(b.adding(seconds: -86_400).description == "2026-04-01T00:15:00")
    }

    @Test func lenientCellForms() {
        func date(_ s: String) -> CalendarDate? {
            DateParsing.parseDate(s.utf8.span, lenient: true)
        }
        func time(_ s: String) -> LocalDateTime? {
            DateParsing.parseDateTime(s.utf8.span, lenient: true)
        }
        #expect(date("2026/9/28")?.description == "2026-09-28")
        #expect(date("2026-9-8")?.description == "2026-09-08")
        #expect(date("2026/9-28") == nil)
        #expect(time("2026/4/3 8:05")?.description == "2026-04-03T08:05:00")
        #expect(time("2026-04-03T08:05:09")?.description == "2026-04-03T08:05:09")
        #expect(time("2026-04-03 08:05+08:00") == nil)
    }

    @Test func exactDecimals() {
        #expect(ExactDecimal("12.50")?.description == "12.50")
        #expect(ExactDecimal("12.50") == ExactDecimal("12.5"))
        #expect(ExactDecimal("12.50")?.doubleValue == 12.5)
        #expect(ExactDecimal("-0.05")?.description == "-0.05")
        #expect(ExactDecimal("+3")?.description == "3")
        #expect(ExactDecimal("0.1")!.doubleValue == 0.1)
        #expect(ExactDecimal("123456789012345.67")?.description == "123456789012345.67")
        #expect(ExactDecimal("9.99")! < ExactDecimal("10")!)
        for bad in ["1,234", "1e5", ".5", "5.", "", "-", "1.2.3", "1234567890123456789", "12 3"] {
            #expect(ExactDecimal(bad) == nil, "'\(bad)' must not parse")
        }
        #expect(ExactDecimal("1.50")!.decimalValue == ExactDecimal("1.5")!.decimalValue)
        #expect(Set([ExactDecimal("1.50")!, ExactDecimal("1.5")!]).count == 1)
    }

    @Test func creditCodes() {
        #expect(CreditCode.problem(with: "91110108MA01ABCDEN") == nil)
        #expect(CreditCode.problem(with: "91110108MA01ABCDE0") == .checkCharacter(expected: "N"))
        #expect(CreditCode.problem(with: "91110108MA01ABCDEI") == .malformed)
        #expect(CreditCode.problem(with: "123") == .malformed)
    }
}
