import Engine
import Evidence
import Foundation
import Scheme
import Testing

/// What a one-leaf rule reports as `ev.as_of()` and `ev.bundle().assessment.as_of`,
/// assessed against the basic bundle (as of 2026-10-20) by an assessor made with `asOf`.
private func summary(asOf: CalendarDate?) throws -> String? {
    let leaf = try assessOne(
        """
        return function(ctx)
          return {score = 1, summary = ev.as_of() .. " " .. ev.bundle().assessment.as_of}
        end
        """, asOf: asOf)
    #expect(leaf.status == .scored)
    return leaf.summary
}

@Suite("The assessment date rules see")
struct AsOfTests {
    @Test("an assessor made with an as-of date gives it to ev.as_of() and ev.bundle()")
    func given() throws {
        let date = try #require(CalendarDate(year: 2027, month: 3, day: 1))
        #expect(try summary(asOf: date) == "2027-03-01 2027-03-01")
    }

    @Test("without one, rules see the bundle's as-of date")
    func bundles() throws {
        #expect(try summary(asOf: nil) == "2026-10-20 2026-10-20")
    }
}
