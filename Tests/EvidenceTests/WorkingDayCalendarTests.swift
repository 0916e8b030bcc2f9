import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("Working days (mainland China)")
struct WorkingDayCalendarTests {
    let calendar = Fixtures.calendar

    func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func theShippedDataCovers2004To2026() {
        #expect(calendar.years == Array(2004...2026))
    }

    @Test func theNotesExample() throws {
        // 2026-09-28 to 2026-10-12, both included: 7 working days, with the working Saturday 2026-10-10.
        #expect(try calendar.workingDays(from: date("2026-09-28"), to: date("2026-10-12")) == 7)
        #expect(try calendar.isWorkingDay(date("2026-10-10")))
        #expect(try calendar.entry(for: date("2026-10-10"))?.kind == .workday)
        #expect(try !calendar.isWorkingDay(date("2026-10-01")))
        #expect(try !calendar.isWorkingDay(date("2026-10-11")))
        #expect(try calendar.entry(for: date("2026-10-01"))?.name == "国庆节 National Day")
    }

    @Test func countingIsInclusiveAndSigned() throws {
        #expect(try calendar.workingDays(from: date("2026-09-28"), to: date("2026-09-28")) == 1)
        #expect(try calendar.workingDays(from: date("2026-10-03"), to: date("2026-10-03")) == 0)
        #expect(try calendar.workingDays(from: date("2026-10-12"), to: date("2026-09-28")) == -7)
    }

    @Test func theCorrectionFor2005() throws {
        // chinesecalendar misses this working Saturday; the generator adds it (NOTES.md).
        #expect(try calendar.isWorkingDay(date("2005-12-31")))
        #expect(try !calendar.isWorkingDay(date("2006-01-02")))
    }

    @Test func addingWorkingDays() throws {
        #expect(try calendar.adding(workingDays: 1, to: date("2026-09-30")) == date("2026-10-08"))
        #expect(try calendar.adding(workingDays: 3, to: date("2026-10-08")) == date("2026-10-12"))
        #expect(try calendar.adding(workingDays: -1, to: date("2026-10-08")) == date("2026-09-30"))
        #expect(try calendar.adding(workingDays: 0, to: date("2026-10-04")) == date("2026-10-04"))
    }

    @Test func aYearWithoutDataIsAnErrorNeverAGuess() {
        for body in [
            { _ = try calendar.isWorkingDay(date("2027-03-01")) },
            { _ = try calendar.workingDays(from: date("2026-12-28"), to: date("2027-01-05")) },
            { _ = try calendar.adding(workingDays: 5, to: date("2026-12-29")) },
            { _ = try calendar.isWorkingDay(date("2003-06-02")) },
        ] as [() throws -> Void] {
            #expect {
                try body()
            } throws: { error in
                let finding = (error as! FindingsError).findings[0]
                return finding.code == "calendar-range" && finding.message.contains("covers 2004–2026")
            }
        }
    }

    @Test func aUserCanAddAYear() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixtures.calendarFolder.appendingPathComponent("2026.csv"),
            to: folder.appendingPathComponent("2026.csv"))
        try "date,kind,name\n2027-01-01,holiday,元旦 New Year's Day\n".write(
            to: folder.appendingPathComponent("2027.csv"), atomically: true, encoding: .utf8)
        let extended = try WorkingDayCalendar.load(directory: folder)
        #expect(extended.years == [2026, 2027])
        #expect(try !extended.isWorkingDay(date("2027-01-01")))
        #expect(try extended.isWorkingDay(date("2027-01-04")))
    }

    @Test func badCalendarFilesAreReportedWithTheirLines() throws {
        let folder = try Fixtures.temporaryFolder()
        try "date,kind,name\n2027-01-01,off,x\n2026-05-01,holiday,y\n2027-01-01,holiday,z\n2027-01-04,workday,w\n"
            .write(to: folder.appendingPathComponent("2027.csv"), atomically: true, encoding: .utf8)
        try "date,kind\n".write(to: folder.appendingPathComponent("extra.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try WorkingDayCalendar.load(directory: folder)
            Issue.record("a broken calendar loaded")
        } catch {
            let found = error.findings.map {
                "\(($0.location?.file as NSString?)?.lastPathComponent ?? ""):\($0.location?.line ?? 0) \($0.severity)"
            }
            #expect(found == ["2027.csv:2 error", "2027.csv:3 error", "2027.csv:5 warning", "extra.csv:0 error"])
        }
    }
}
