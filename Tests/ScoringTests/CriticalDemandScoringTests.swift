import Foundation
import Scheme
import Scoring
import Testing

/// A missed critical demand caps its leaf (NOTES.md, "Critical demands").
@Suite struct CriticalDemandScoringTests {
    private func result(_ fraction: String, drills: CriticalOutcome.Outcome?) -> LeafResult {
        var result = LeafResult.fraction(exactly: ISI.decimal(fraction))
        if let drills { result.reportedCritical = ["drills_held": drills] }
        return result
    }

    @Test func missedSomewhereHoldsTheLeafBelowEightyPercent() throws {
        var results = ISI.full
        results["4.9"] = result("0.95", drills: .missedSomewhere)
        let card = ISI.score(results)
        let leaf = try #require(card.leaves.first { $0.id == "4.9" })
        #expect(leaf.fraction == ISI.decimal("0.79"))
        #expect(leaf.uncappedFraction == ISI.decimal("0.95"))
        #expect(leaf.points == Points.of("7.90"))
        #expect(leaf.band?.id == "band_60_80")
        #expect(leaf.critical.map(\.outcome) == [.missedSomewhere])
        #expect(leaf.critical.first?.capBand?.id == "band_60_80")
        let note = try #require(card.policyNotes.first { $0.policy == "critical_demand" })
        #expect(note.changesResult)
        #expect(note.text.zh.contains("定期进行应急演练（部分未满足）"))
        #expect(note.text.zh.contains("由 95% 限至 79%"))
        let loss = try #require(card.explanation.losses.flatMap(\.leaves).first { $0.id == "4.9" })
        #expect(loss.reason.zh == "得分比例 79%，7.90/10.00 分，评分区间 60%~80%（关键要求未满足，由 95% 限至此）")
    }

    @Test func missedThroughoutHoldsTheLeafBelowSixtyPercent() throws {
        var results = ISI.full
        results["4.9"] = result("0.9", drills: .missedThroughout)
        let leaf = try #require(ISI.score(results).leaves.first { $0.id == "4.9" })
        #expect(leaf.fraction == ISI.decimal("0.59"))
        #expect(leaf.band?.id == "band_40_60")
    }

    @Test func aLowerFractionMetOrUnreportedStaysAsItIs() throws {
        var results = ISI.full
        results["4.9"] = result("0.5", drills: .missedSomewhere)
        results["4.6"] = result("0.95", drills: nil)
        let card = ISI.score(results)
        let drills = try #require(card.leaves.first { $0.id == "4.9" })
        #expect(drills.fraction == ISI.decimal("0.5"))
        #expect(drills.uncappedFraction == nil)
        let nonconformity = try #require(card.leaves.first { $0.id == "4.6" })
        #expect(nonconformity.fraction == ISI.decimal("0.95"))
        #expect(nonconformity.critical.map(\.outcome) == [.notReported])
        #expect(!card.policyNotes.contains { $0.policy == "critical_demand" })
        results["4.9"] = result("1", drills: .met)
        #expect(ISI.score(results).leaves.first { $0.id == "4.9" }?.fraction == 1)
    }

    @Test func anOverrideIsNeverCapped() throws {
        var results = ISI.full
        var leaf = result("0.95", drills: .missedThroughout)
        leaf.apply(ISI.override("4.9", .fraction(ISI.decimal("0.9")), by: "张三", reason: "演练记录现场核实"))
        results["4.9"] = leaf
        let scored = try #require(ISI.score(results).leaves.first { $0.id == "4.9" })
        #expect(scored.fraction == ISI.decimal("0.9"))
        #expect(scored.uncappedFraction == nil)
    }

    @Test func fractionsAndPercentagesForPeople() {
        #expect(LeafResult.roundedFraction(ISI.decimal("0.6666666666666666")) == ISI.decimal("0.666667"))
        #expect(LeafResult.roundedFraction(ISI.decimal("0.78125")) == ISI.decimal("0.78125"))
        #expect(LeafResult.percentText(ISI.decimal("0.8666666666666667")) == "86.7%")
        #expect(LeafResult.percentText(ISI.decimal("0.9")) == "90%")
        #expect(LeafResult.percentText(ISI.decimal("0.12345")) == "12.3%")
    }
}
