import Evidence
import LuaHost

extension RuleEnvironment {
    /// The most days `dates.add_days` and `dates.add_working_days` move.
    static let dayLimit = Int64(DateHelpers.dayLimit)

    /// The global `dates`: date helpers, with mainland-China working days.
    /// Made once for the process, as ``evidenceAPI``.
    static let datesAPI = LuaValue.ordered([
        "parse": RuleEnvironment.function("dates.parse") { environment, arguments in
            [environment.view.dates.parse(try arguments.string(1)).luaValue]
        },
        "compare": RuleEnvironment.function("dates.compare") { environment, arguments in
            [try environment.view.dates.compare(try arguments.string(1), try arguments.string(2)).luaValue]
        },
        "add_days": RuleEnvironment.function("dates.add_days") { environment, arguments in
            let dates = environment.view.dates
            let text = try arguments.string(1)
            return [try dates.addDays(text, try RuleEnvironment.dayCount(arguments, 2)).luaValue]
        },
        "days_between": RuleEnvironment.function("dates.days_between") { environment, arguments in
            [try environment.view.dates.daysBetween(try arguments.string(1), try arguments.string(2)).luaValue]
        },
        "hours_between": RuleEnvironment.function("dates.hours_between") { environment, arguments in
            [try environment.view.dates.hoursBetween(try arguments.string(1), try arguments.string(2)).luaValue]
        },
        "working_days": RuleEnvironment.function("dates.working_days") { environment, arguments in
            [try environment.view.dates.workingDays(try arguments.string(1), try arguments.string(2)).luaValue]
        },
        "add_working_days": RuleEnvironment.function("dates.add_working_days") { environment, arguments in
            let dates = environment.view.dates
            let text = try arguments.string(1)
            return [try dates.addWorkingDays(text, try RuleEnvironment.dayCount(arguments, 2)).luaValue]
        },
        "is_working_day": RuleEnvironment.function("dates.is_working_day") { environment, arguments in
            [try environment.view.dates.isWorkingDay(try arguments.string(1)).luaValue]
        },
    ])

    /// A count of days: an integer no larger than ``dayLimit`` either way.
    private static func dayCount(_ arguments: LuaArguments, _ position: Int) throws(LuaArgumentError) -> Int {
        let count = try arguments.integer(position)
        guard (-dayLimit...dayLimit).contains(count) else {
            throw LuaArgumentError(
                position: position, problem: "number of days out of range (at most \(dayLimit) either way)")
        }
        return Int(count)
    }
}
