import Evidence
import LuaHost

extension RuleEnvironment {
    /// The most days `dates.add_days` and `dates.add_working_days` move: the
    /// span of the years 1 to 9999 that dates can have.
    static let dayLimit: Int64 = 3_652_059

    /// The global `dates`: date helpers, with mainland-China working days.
    func datesTable() -> LuaValue {
        let dates = view.dates
        return .table([
            "parse": Self.function("dates.parse") { arguments in
                [dates.parse(try arguments.string(1)).luaValue]
            },
            "compare": Self.function("dates.compare") { arguments in
                [try dates.compare(try arguments.string(1), try arguments.string(2)).luaValue]
            },
            "add_days": Self.function("dates.add_days") { arguments in
                let text = try arguments.string(1)
                let days = try Self.dayCount(arguments, 2)
                try Self.checkInRange(text, adding: days, function: "add_days")
                return [try dates.addDays(text, days).luaValue]
            },
            "days_between": Self.function("dates.days_between") { arguments in
                [try dates.daysBetween(try arguments.string(1), try arguments.string(2)).luaValue]
            },
            "hours_between": Self.function("dates.hours_between") { arguments in
                [try dates.hoursBetween(try arguments.string(1), try arguments.string(2)).luaValue]
            },
            "working_days": Self.function("dates.working_days") { arguments in
                [try dates.workingDays(try arguments.string(1), try arguments.string(2)).luaValue]
            },
            "add_working_days": Self.function("dates.add_working_days") { arguments in
                let text = try arguments.string(1)
                return [try dates.addWorkingDays(text, try Self.dayCount(arguments, 2)).luaValue]
            },
            "is_working_day": Self.function("dates.is_working_day") { arguments in
                [try dates.isWorkingDay(try arguments.string(1)).luaValue]
            },
        ])
    }

    /// A count of days: an integer no larger than ``dayLimit`` either way.
    private static func dayCount(_ arguments: LuaArguments, _ position: Int) throws(LuaArgumentError) -> Int {
        let count = try arguments.integer(position)
        guard (-dayLimit...dayLimit).contains(count) else {
            throw LuaArgumentError(position: position, problem: "number of days out of range (at most \(dayLimit) either way)")
        }
        return Int(count)
    }

    /// Throws when `text` moved by `days` days leaves the years 1 to 9999. A text that
    /// is not a date passes here: the helper itself reports it.
    private static func checkInRange(_ text: String, adding days: Int, function: String) throws(LuaHostError) {
        let date: CalendarDate
        switch DateHelpers.moment(text) {
        case .date(let day)?: date = day
        case .dateTime(let time)?: date = time.date
        case nil: return
        }
        let first = CalendarDate(year: 1, month: 1, day: 1)!.dayNumber
        let last = CalendarDate(year: 9999, month: 12, day: 31)!.dayNumber
        guard (first...last).contains(date.dayNumber + days) else {
            throw LuaHostError("dates.\(function): the result is outside the years 1 to 9999")
        }
    }
}
