import Evidence
import Foundation
import LuaHost
import Scoring
import Testing

@testable import Engine

@Suite("The shape of a rule's return value")
struct RuleReturnTests {
    private func verdict(_ results: [LuaValue]) throws(RuleError) -> LeafResult {
        try LeafResult(id: "1.1", returned: results, ruleFile: "rules/x.lua")
    }

    /// The message of the error a return value gives, without the common head.
    private func problem(_ results: [LuaValue]) -> String? {
        do {
            _ = try verdict(results)
            return nil
        } catch {
            #expect(error.kind == "bad_return_value")
            #expect(error.file == "rules/x.lua")
            let head = "bad return value of rules/x.lua: "
            #expect(error.message.hasPrefix(head))
            return String(error.message.dropFirst(head.count))
        }
    }

    @Test("a score, exact through its shortest decimal text")
    func score() throws {
        let score = try verdict([["score": 0.7]])
        #expect(score.id == "1.1")
        #expect(score.status == .scored)
        #expect(score.fraction == Decimal(string: "0.7")!)
        #expect(try verdict([["score": 1]]).fraction == 1)
        #expect(try verdict([["score": 0]]).fraction == 0)
        let full = try verdict([
            ["score": 0.5, "summary": "half", "findings": [["level": "observation", "message": "m"]]]
        ])
        #expect(full.summary == "half")
        #expect(full.findings == [AuditFinding(level: .observation, message: "m")])
        #expect(try verdict([["score": 0.5, "findings": []]]).findings.isEmpty)
    }

    @Test("not applicable and manual need a reason")
    func reasons() throws {
        let notApplicable = try verdict([["not_applicable": true, "reason": "r"]])
        #expect(notApplicable.status == .notApplicable)
        #expect(notApplicable.fraction == nil)
        #expect(notApplicable.reason == "r")
        #expect(try verdict([["manual": true, "reason": "m", "summary": "s"]]).status == .manual)
        #expect(problem([["not_applicable": true]]) == "not_applicable needs a reason (a non-empty string)")
        #expect(problem([["manual": true, "reason": ""]]) == "reason must be a non-empty string, got the string \"\"")
        #expect(problem([["manual": true, "reason": 3]]) == "reason must be a non-empty string, got 3")
        #expect(problem([["manual": false, "reason": "m"]]) == "manual must be true, got false")
        #expect(
            problem([["score": 1, "reason": "r"]])
                == "reason goes with not_applicable or manual; a score explains itself with summary")
    }

    @Test("the score must be a number in [0, 1]")
    func badScores() {
        #expect(problem([["score": 1.5]]) == "score must be a number in [0, 1], got 1.5")
        #expect(problem([["score": -1]]) == "score must be a number in [0, 1], got -1")
        #expect(problem([["score": "0.5"]]) == "score must be a number in [0, 1], got the string \"0.5\"")
        #expect(problem([["score": .number(.nan)]]) == "score must be a number in [0, 1], got nan")
        #expect(problem([["score": true]]) == "score must be a number in [0, 1], got true")
    }

    @Test("exactly one of score, not_applicable and manual")
    func exactlyOne() {
        #expect(
            problem([["summary": "s"]])
                == "the table needs exactly one of score, not_applicable and manual; it has none")
        #expect(
            problem([["score": 1, "manual": true, "reason": "r"]])
                == "the table needs exactly one of score, not_applicable and manual; it has score and manual")
    }

    @Test("anything but one table is refused")
    func notATable() {
        let head =
            "the rule function must return a table {score = ...}, {not_applicable = true, reason = ...} or {manual = true, reason = ...}, got "
        #expect(problem([]) == head + "nil")
        #expect(problem([0.5]) == head + "number")
        #expect(problem([[0.5]]) == head + "a list")
        #expect(problem([["score": 1], ["score": 1]]) == "the rule function must return one table, got 2 values")
    }

    @Test("unknown keys and wrong types are named")
    func unknownKeys() {
        #expect(
            problem([["score": 1, "scroe": 1]])
                == "unknown key 'scroe' (keys: critical, findings, manual, not_applicable, reason, score, summary)")
        #expect(problem([["score": 1, "summary": 2]]) == "summary must be a string, got 2")
        #expect(
            problem([["score": 1, "findings": ["level": "ok"]]])
                == "findings must be a list of {level = ..., message = ...} tables, got a table with keys")
    }

    @Test("returned findings are checked entry by entry")
    func findings() {
        #expect(
            problem([["score": 1, "findings": [["level": "bad", "message": "m"]]]])
                == "findings[1]: a finding's level must be one of nonconformity, observation, ok; found 'bad'")
        #expect(
            problem([["score": 1, "findings": [["level": "ok", "message": "m"], ["level": "ok"]]]])
                == "findings[2]: a finding needs a message (a non-empty string); found nothing")
        #expect(
            problem([["score": 1, "findings": ["text"]]])
                == "findings[1]: a finding must be a table {level=, message=, evidence=}")
    }
}
