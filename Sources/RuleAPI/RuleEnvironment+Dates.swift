import Evidence
import LuaHost

extension RuleEnvironment {
    /// The most days `dates.add_days` and `dates.add_working_days` move.
    static let dayLimit = Int64(DateHelpers.dayLimit)

    /// The global `dates`: date helpers, with mainland-China working days.
    func datesTable() -> LuaValue {
        let dates = view.dates
        return .ordered([
            "parse": Self.function("dates.parse") { arguments in
                [dates.parse(try arguments.string(1)).luaValue]
            },
            "compare": Self.function("dates.compare") { arguments in
                [try dates.compare(try arguments.string(1), try arguments.string(2)).luaValue]
            },
            "add_days": Self.function("dates.add_days") { arguments in
                let text = try arguments.string(1)
                return [try dates.addDays(text, try Self.dayCount(arguments, 2)).luaValue]
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
}
