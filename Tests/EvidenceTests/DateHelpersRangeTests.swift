import Diagnostics
import Evidence
import Testing

@Suite("Date helpers stay inside the years 1 to 9999")
struct DateHelpersRangeTests {
    @Test func addDaysRefusesResultsOutOfRange() throws {
        let helpers = DateHelpers(calendar: nil)
        #expect(try helpers.addDays("2026-04-01", 30) == .string("2026-05-01"))
        #expect(throws: FindingsError.self) { try helpers.addDays("2026-04-01", Int.max) }
        #expect(throws: FindingsError.self) { try helpers.addDays("9999-12-31", 1) }
        #expect(throws: FindingsError.self) { try helpers.addDays("0001-01-01", -1) }
    }
}
