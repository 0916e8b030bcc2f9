import Foundation
import LuaHost
import Scoring
import Testing

@testable import Engine

/// The `critical` table of a rule's return value, and the precision of a score.
@Suite struct CriticalReturnTests {
    private func verdict(_ results: [LuaValue], declared: [String] = ["drills_held"]) throws(RuleError) -> LeafResult {
        try LeafResult(id: "4.9", returned: results, ruleFile: "rules/4.9.lua", critical: declared)
    }

    private func problem(_ results: [LuaValue], declared: [String] = ["drills_held"]) -> String? {
        do {
            _ = try verdict(results, declared: declared)
            return nil
        } catch {
            #expect(error.kind == "bad_return_value")
            return String(error.message.dropFirst("bad return value of rules/4.9.lua: ".count))
        }
    }

    @Test func outcomesOfDeclaredDemands() throws {
        let result = try verdict([["score": 0.9, "critical": ["drills_held": "missed_somewhere"]]])
        #expect(result.reportedCritical == ["drills_held": .missedSomewhere])
        #expect(try verdict([["score": 1, "critical": [:]]]).reportedCritical == [:])
        #expect(try verdict([["score": 1]]).reportedCritical == [:])
    }

    @Test func anUndeclaredDemandOrAnUnknownOutcomeIsABadReturnValue() {
        #expect(
            problem([["score": 1, "critical": ["drill": "met"]]])
                == "critical names 'drill', which is not a critical demand of the leaf (drills_held)")
        #expect(
            problem([["score": 1, "critical": ["drill": "met"]]], declared: [])
                == "critical names 'drill', which is not a critical demand of the leaf (the rubric declares none for this leaf)"
        )
        #expect(
            problem([["score": 1, "critical": ["drills_held": "not_reported"]]])
                == "critical.drills_held must be one of met, missed_somewhere, missed_throughout, got the string \"not_reported\""
        )
        #expect(
            problem([["score": 1, "critical": "met"]])
                == "critical must be a table of demand ids to met, missed_somewhere, missed_throughout, got the string \"met\""
        )
    }

    /// A score keeps 6 decimals: the fraction the points come from is the one reports show.
    @Test func aScoreIsRoundedToSixDecimals() throws {
        #expect(try verdict([["score": .number(2.0 / 3.0)]]).fraction == Decimal(string: "0.666667"))
        #expect(try verdict([["score": 0.78125]]).fraction == Decimal(string: "0.78125"))
        #expect(try verdict([["score": .number(0.1 + 0.2)]]).fraction == Decimal(string: "0.3"))
    }
}
