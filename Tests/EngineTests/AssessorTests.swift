import Evidence
import Foundation
import Scheme
import Scoring
import Testing

@testable import Engine

@Suite("Assessor over the mini rubric and the basic bundle")
struct AssessorTests {
    @Test("every leaf is evaluated, in rubric order")
    func order() throws {
        let assessment = try EngineFixtures.assess()
        #expect(assessment.leaves.map(\.id.rawValue) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(assessment.leaves.map(\.status) == [.scored, .notApplicable, .manual, .error, .error, .error, .manual])
    }

    @Test("a rule scores from the evidence, with findings, summary and log")
    func scored() throws {
        let leaf = try #require(try EngineFixtures.assess().leaf("1.1"))
        #expect(leaf.status == .scored)
        #expect(leaf.fraction == Decimal(string: "0.75"))
        #expect(leaf.points == Points(15))
        #expect(leaf.band?.id == "middle")
        #expect(leaf.summary == "1.1: 3 of 4 document types present")
        #expect(leaf.reason == nil)
        #expect(leaf.error == nil)
        #expect(leaf.log == "present 3 of 4\n")
        #expect(leaf.durationSeconds >= 0)
        // The builder's findings first, then the returned ones.
        #expect(
            leaf.findings == [
                AuditFinding(level: .nonconformity, message: "缺少文档 missing document: site_photo"),
                AuditFinding(
                    level: .ok, message: "实施方案齐全 implementation plan present",
                    references: [.document(id: "D01")]),
            ])
    }

    @Test("not applicable and manual carry their reasons")
    func notApplicableAndManual() throws {
        let assessment = try EngineFixtures.assess()
        let notApplicable = try #require(assessment.leaf("1.2"))
        #expect(notApplicable.status == .notApplicable)
        #expect(notApplicable.reason == "no hardware was procured")
        #expect(notApplicable.fraction == nil)
        #expect(notApplicable.points == nil) // removed under the rescale policy
        let manual = try #require(assessment.leaf("1.3"))
        #expect(manual.status == .manual)
        #expect(manual.reason == "needs a site visit")
        #expect(manual.points == .zero)
    }

    @Test("a leaf without a rule is manual, and runs nothing")
    func noRule() throws {
        let leaf = try #require(try EngineFixtures.assess().leaf("1.7"))
        #expect(leaf.status == .manual)
        #expect(leaf.reason == Assessor.noRuleReason)
        #expect(leaf.reason == "no rule: assessed by the auditor")
        #expect(leaf.instructions == 0)
        #expect(leaf.points == .zero)
    }

    @Test("a runtime error names the file and line, keeps the traceback and the findings so far")
    func runtimeError() throws {
        let leaf = try #require(try EngineFixtures.assess().leaf("1.4"))
        #expect(leaf.status == .error)
        let error = try #require(leaf.error)
        #expect(error.kind == "runtime")
        #expect(error.message == "trial run table is missing")
        #expect(error.file == "rules/runtime-error.lua")
        #expect(error.line == 4)
        #expect(error.traceback?.contains("rules/runtime-error.lua:4") == true)
        #expect(leaf.findings.map(\.message) == ["checked before failing"])
        #expect(leaf.points == .zero)
        #expect(leaf.fraction == nil)
    }

    @Test("a bad return value names the rule and what was wrong")
    func badReturn() throws {
        let leaf = try #require(try EngineFixtures.assess().leaf("1.5"))
        #expect(leaf.status == .error)
        let error = try #require(leaf.error)
        #expect(error.kind == "bad_return_value")
        #expect(error.message == "bad return value of rules/bad-return.lua: score must be a number in [0, 1], got 1.5")
        #expect(error.file == "rules/bad-return.lua")
    }

    @Test("an endless loop is stopped by the leaf's own instruction budget")
    func endlessLoop() throws {
        let leaf = try #require(try EngineFixtures.assess().leaf("1.6"))
        #expect(leaf.status == .error)
        let error = try #require(leaf.error)
        #expect(error.kind == "instruction_budget")
        #expect(error.message == "instruction budget of 100000 exceeded")
        #expect(error.file == "rules/endless.lua")
        #expect(leaf.instructions >= 100_000)
        #expect(leaf.instructions < 10_000_000)
    }

    @Test("limits: the leaf's own over the rubric's, the rest from the defaults")
    func limits() throws {
        let assessor = try EngineFixtures.assessor()
        let leaves = assessor.loaded.leaves
        let endless = try #require(leaves.first { $0.id == "1.6" })
        let documents = try #require(leaves.first { $0.id == "1.1" })
        #expect(assessor.configuration(for: endless).limits.instructionBudget == 100_000)
        #expect(assessor.configuration(for: documents).limits.instructionBudget == 10_000_000)
        #expect(assessor.configuration(for: documents).limits.timeout == 20)
        #expect(assessor.configuration(for: documents).limits.memoryLimit == 128 << 20)
    }

    @Test("the scorecard aggregates the leaf results, and is incomplete")
    func scorecard() throws {
        let assessment = try EngineFixtures.assess()
        let card = assessment.scorecard
        #expect(!assessment.isComplete)
        #expect(card.status == .incomplete)
        #expect(card.openLeaves.map(\.rawValue) == ["1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(card.leaf("1.1")?.status == .scored)
        #expect(card.leaf("1.2")?.status == .notApplicable)
        #expect(card.leaf("1.4")?.status == .error)
        #expect(card.leaf("1.4")?.error?.description.contains("trial run table is missing") == true)
        #expect(card.leaf("1.7")?.status == .manual)
        // 15 points of the 90 applicable, rescaled to the part's 100.
        #expect(card.part("1")?.rawPoints == Points(15))
        #expect(card.part("1")?.points == Points(hundredths: 1667))
        // The scorecard's leaves are the assessment's, in rubric order.
        #expect(assessment.leaves.map(\.id.rawValue) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"])
        #expect(assessment.leaves == card.leaves)
    }

    @Test("assessing twice gives the same result")
    func determinism() throws {
        let assessor = try EngineFixtures.assessor()
        let bundle = try assessor.openBundle(EngineFixtures.basicBundle)
        let first = assessor.assess(bundle: bundle)
        let second = assessor.assess(bundle: bundle)
        #expect(first.withoutDurations == second.withoutDurations)
        let third = try EngineFixtures.assess()
        #expect(first.withoutDurations == third.withoutDurations)
    }
}
