import Diagnostics
import EvidenceValues
import Foundation

/// Mainland-China working days: Monday to Friday, less the public holidays, plus
/// the adjusted working weekend days (调休上班), from the State Council's yearly
/// notices. The data lives in files a user can extend without recompiling
/// (`Rubrics/isi/calendar/YYYY.csv`); a date in a year the data does not cover
/// is an error, never a guess.
public struct WorkingDayCalendar: Sendable {
    /// What the data says about one day.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A public holiday (法定节假日放假): a day off, whatever the weekday.
        case holiday
        /// An adjusted working day (调休上班): a working Saturday or Sunday.
        case workday
    }

    /// One day the data lists.
    public struct Entry: Sendable, Hashable {
        public var date: CalendarDate
        public var kind: Kind
        /// The occasion, such as `国庆节 National Day`.
        public var name: String

        public init(date: CalendarDate, kind: Kind, name: String) {
            self.date = date
            self.kind = kind
            self.name = name
        }
    }

    /// The years the data covers, ascending.
    public let years: [Int]
    /// Listed days by day number; only looked up, never iterated.
    private let entries: [Int: Entry]

    /// A calendar from its entries and the years they cover completely.
    public init(entries: [Entry], years: [Int]) {
        var byDay: [Int: Entry] = [:]
        for entry in entries { byDay[entry.date.dayNumber] = entry }
        self.entries = byDay
        self.years = Array(Set(years)).sorted()
    }

    /// The calendar shipped with the ISI rubric, or in any folder of `YYYY.csv` files
    /// with the columns `date,kind,name` (see `Rubrics/isi/calendar/README.md`).
    public static func load(directory: URL) throws(FindingsError) -> WorkingDayCalendar {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw .single(
                "calendar-missing", "cannot read the working-day calendar folder: \(error.localizedDescription)",
                location: SourceLocation(file: directory.path))
        }
        var findings: [Finding] = []
        var entries: [Entry] = []
        var years: [Int] = []
        let spec = RecordTableSpec(
            name: "calendar", path: "", encoding: .utf8,
            columns: [
                ColumnSpec(name: "date", type: .date, required: true),
                ColumnSpec(name: "kind", type: .string, required: true),
                ColumnSpec(name: "name", type: .string),
            ])
        for name in names where name.lowercased().hasSuffix(".csv") {
            let file = directory.appendingPathComponent(name)
            let stem = String(name.dropLast(4))
            guard stem.count == 4, let year = Int(stem), (1900...2999).contains(year) else {
                findings.append(
                    Finding(
                        .error, code: "calendar-file",
                        message: "calendar files are named after the year they cover, like 2027.csv; '\(name)' is not",
                        location: SourceLocation(file: file.path)))
                continue
            }
            let table: RecordTable
            do {
                let bytes = try [UInt8](Data(contentsOf: file))
                table = try RecordTableLoader.load(spec: spec, bytes: bytes, file: file.path)
            } catch let error as FindingsError {
                findings += error.findings.filter { $0.severity == .error }
                continue
            } catch {
                findings.append(
                    Finding(
                        .error, code: "calendar-file", message: "cannot read the file: \(error.localizedDescription)",
                        location: SourceLocation(file: file.path)))
                continue
            }
            var seen: Set<Int> = []
            for row in table.rows {
                let location = SourceLocation(file: file.path, line: row.line)
                guard case .date(let date) = row.values[0], case .string(let kindText) = row.values[1] else { continue }
                guard let kind = Kind(rawValue: kindText) else {
                    findings.append(
                        Finding(
                            .error, code: "calendar-file",
                            message: "kind '\(kindText)' is neither 'holiday' (法定节假日放假) nor 'workday' (调休上班)",
                            location: location))
                    continue
                }
                guard date.year == year else {
                    findings.append(
                        Finding(
                            .error, code: "calendar-file",
                            message: "\(date) is not in \(year), the year this file covers",
                            location: location))
                    continue
                }
                guard seen.insert(date.dayNumber).inserted else {
                    findings.append(
                        Finding(.error, code: "calendar-file", message: "\(date) is listed twice", location: location))
                    continue
                }
                if kind == .workday, !date.isWeekend {
                    findings.append(
                        Finding(
                            .warning, code: "calendar-file",
                            message: "\(date) is listed as an adjusted working day but is a weekday anyway",
                            location: location))
                }
                entries.append(Entry(date: date, kind: kind, name: row.values[2].text ?? ""))
            }
            years.append(year)
        }
        if years.isEmpty, findings.isEmpty {
            findings.append(
                Finding(
                    .error, code: "calendar-missing", message: "the working-day calendar folder has no YYYY.csv files",
                    location: SourceLocation(file: directory.path)))
        }
        if findings.hasErrors { throw FindingsError(findings) }
        return WorkingDayCalendar(entries: entries, years: years)
    }

    /// Whether the data covers `year`.
    public func covers(year: Int) -> Bool { years.contains(year) }

    /// The entry for `date`, if the data lists it (a holiday or an adjusted working day).
    public func entry(for date: CalendarDate) throws(FindingsError) -> Entry? {
        try checkCovered(date)
        return entries[date.dayNumber]
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: CalendarDate) throws(FindingsError) -> Bool {
        try checkCovered(date)
        return isWorkingDayUnchecked(date)
    }

    /// The working days from `from` to `to`, both included: 2026-09-28 to 2026-10-12 holds 7.
    /// When `to` is before `from` the count is negative: minus the working days from `to` to `from`.
    public func workingDays(from: CalendarDate, to: CalendarDate) throws(FindingsError) -> Int {
        if to < from { return -(try workingDays(from: to, to: from)) }
        try checkCovered(from, to)
        var count = 0
        for day in from.dayNumber...to.dayNumber where isWorkingDayUnchecked(CalendarDate(dayNumber: day)) {
            count += 1
        }
        return count
    }

    /// The date `count` working days after `date` (before it when negative), not counting
    /// `date` itself: one working day after 2026-09-30 is 2026-10-08. Zero gives `date`.
    public func adding(workingDays count: Int, to date: CalendarDate) throws(FindingsError) -> CalendarDate {
        try checkCovered(date)
        var current = date
        var left = abs(count)
        let step = count < 0 ? -1 : 1
        while left > 0 {
            current = current.adding(days: step)
            try checkCovered(current)
            if isWorkingDayUnchecked(current) { left -= 1 }
        }
        return current
    }

    private func isWorkingDayUnchecked(_ date: CalendarDate) -> Bool {
        switch entries[date.dayNumber]?.kind {
        case .holiday?: false
        case .workday?: true
        case nil: !date.isWeekend
        }
    }

    private func checkCovered(_ dates: CalendarDate...) throws(FindingsError) {
        guard let first = dates.min(), let last = dates.max() else { return }
        for year in first.year...last.year where !covers(year: year) {
            let span = years.isEmpty ? "no year" : (years.count == 1 ? "\(years[0])" : "\(years.first!)–\(years.last!)")
            throw .single(
                "calendar-range",
                "the working-day calendar has no data for \(year) (it covers \(span)); add \(year).csv to the calendar folder (Rubrics/isi/calendar) from the State Council's notice for \(year)"
            )
        }
    }
}
