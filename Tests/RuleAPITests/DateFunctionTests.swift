import LuaHost
import Testing

@Suite("dates: date helpers in Lua")
struct DateFunctionTests {
    let harness: Harness

    init() throws {
        harness = try Harness()
    }

    @Test func documentedExamples() throws {
        let results = try harness.run(
            """
            return dates.parse("2026/9/28"), dates.parse("2026-09-28 9:05"), dates.parse("yesterday"),
              dates.compare("2026-09-28", "2026-09-29"), dates.compare("2026-09-28", "2026-09-28T00:00:00"),
              dates.compare("2026-09-28T10:00", "2026-09-28T09:59:59"),
              dates.add_days("2026-02-27", 2), dates.add_days("2026-02-27T23:00:00", -1),
              dates.days_between("2026-09-28", "2026-10-12"),
              dates.hours_between("2026-04-01 09:00", "2026-04-01 09:30"),
              dates.hours_between("2026-04-01 09:00", "2026-04-01 10:30"),
              dates.working_days("2026-09-28", "2026-10-12"), dates.add_working_days("2026-09-30", 1),
              dates.is_working_day("2026-10-10"), dates.is_working_day("2026-10-01")
            """)
        #expect(
            results == [
                "2026-09-28", "2026-09-28T09:05:00", .nil, -1, 0, 1, "2026-03-01", "2026-02-26T23:00:00",
                14, 0.5, 1.5, 7, "2026-10-08", true, false,
            ])
    }

    @Test func integersAndNumbersHaveTheirLuaTypes() throws {
        #expect(
            try harness.run(
                """
                return math.type(dates.working_days("2026-09-28", "2026-10-12")), math.type(dates.compare("2026-01-01", "2026-01-02")),
                  math.type(dates.hours_between("2026-04-01", "2026-04-02"))
                """) == ["integer", "integer", "float"])
    }

    @Test func negativeSpans() throws {
        #expect(
            try harness.run(
                """
                return dates.days_between("2026-10-12T23:59", "2026-09-28T00:00"), dates.working_days("2026-10-12", "2026-09-28"),
                  dates.add_working_days("2026-10-08", -1), dates.hours_between("2026-04-02", "2026-04-01T12:00")
                """) == [-14, -7, "2026-09-30", -12.0])
    }

    @Test func trialRunOfTheDocs() throws {
        let days = try harness.value(
            """
            local run = ev.records("trial_runs")[1]
            return dates.working_days(run.start, run["end"])
            """)
        #expect(days == 7)
    }

    @Test func yearsTheCalendarDoesNotCoverAreErrors() {
        let message = harness.message("return dates.working_days('2027-01-04', '2027-01-08')")
        #expect(message.contains("2027"))
        #expect(message.contains("[calendar-range]"))
        #expect(harness.message("return dates.is_working_day('2031-05-01')").contains("2031"))
    }

    @Test func badArgumentsNameTheFunction() {
        #expect(
            harness.message("return dates.hours_between('2026-04-01', 'soon')")
                .contains("dates.hours_between: argument 2 is not a date"))
        #expect(
            harness.message("return dates.compare('2026-04-01')")
                == "bad argument #2 to 'dates.compare' (string expected, got no value)")
        #expect(
            harness.message("return dates.add_days('2026-04-01', 1.5)")
                == "bad argument #2 to 'dates.add_days' (number has no integer representation)")
        #expect(
            harness.message("return dates.parse(20260401)")
                == "bad argument #1 to 'dates.parse' (string expected, got number)")
    }

    @Test func hugeDayCountsAreErrorsNotCrashes() {
        #expect(
            harness.message("return dates.add_days('2026-04-01', math.maxinteger)")
                .contains("bad argument #2 to 'dates.add_days' (number of days out of range"))
        #expect(
            harness.message("return dates.add_working_days('2026-04-01', math.mininteger)")
                .contains("bad argument #2 to 'dates.add_working_days' (number of days out of range"))
        #expect(
            harness.message("return dates.add_days('9999-12-31T12:00', 1)")
                == "error: dates.add_days: the result is outside the years 1 to 9999 [date-range]")
        #expect(
            harness.message("return dates.add_days('0001-01-01', -1)")
                == "error: dates.add_days: the result is outside the years 1 to 9999 [date-range]")
    }
}
