import Foundation
import Scheme
import Scoring
import Testing

/// Errors, manual leaves, overrides and the status of the result.
@Suite struct StatusTests {
    @Test func completeWhenEveryLeafIsJudged() {
        let card = ISI.score(ISI.full)
        #expect(card.status == .complete)
        #expect(card.total == 200)
        #expect(card.grade?.id == "level1")
        #expect(card.openLeaves.isEmpty)
        #expect(card.explanation.losses.isEmpty)
        #expect(card.explanation.whatIf == nil)
        #expect(card.leaves.map(\.id) == ISI.rubric.leaves.map(\.id))
        #expect(card.indicators.count == ISI.rubric.allIndicators.count)
        #expect(card.schemeID == "isi")
    }

    @Test func anErrorMakesTheResultIncomplete() throws {
        var results = ISI.full
        results["4.1"] = .error("attempt to index a nil value")
        let card = ISI.score(results)
        #expect(card.status == .incomplete)
        #expect(card.openLeaves == ["4.1"])
        #expect(card.leaf("4.1")?.status == .error)
        #expect(card.leaf("4.1")?.points == 0)
        #expect(card.total == 185)
        let loss = try #require(card.explanation.losses.first)
        #expect(loss.id == "4.1")
        #expect(loss.pointsLost == 15)
        #expect(loss.leaves.first?.reason.zh == "规则执行出错（attempt to index a nil value），暂按 0 分计")
    }

    @Test func manualWithoutOverrideIsIncomplete() {
        var results = ISI.full
        results["5.6"] = .manual()
        results["4.10"] = nil // no result at all counts as manual
        let card = ISI.score(results)
        #expect(card.status == .incomplete)
        #expect(card.openLeaves == ["4.10", "5.6"])
        #expect(card.leaf("4.10")?.status == .manual)
    }

    @Test func anOverrideCompletesTheResult() {
        var results = ISI.full
        results["4.1"] = LeafResult.error("timeout").overridden(
            ISI.override(
                "4.1", .fraction(ISI.decimal("0.8")), by: "Auditor Wang", reason: "checked the review minutes by hand"))
        results["5.6"] = LeafResult.manual().overridden(
            ISI.override("5.6", .fraction(ISI.decimal("0.5")), by: "Auditor Wang", reason: "sampled"))
        let card = ISI.score(results)
        #expect(card.status == .complete)
        #expect(card.leaf("4.1")?.points == 12)
        #expect(card.leaf("4.1")?.override?.auditor == "Auditor Wang")
        #expect(card.leaf("4.1")?.rule == LeafResult.RuleValue(status: .error, points: 0))
        #expect(card.leaf("4.1")?.error?.message == "timeout")
        #expect(card.leaf("5.6")?.points == Points.of("7.50"))
        #expect(
            card.explanation.losses.first?.leaves.first?.reason.en
                == "fraction 80%, 12.00 of 15.00 points, band 80–100 % (overridden by auditor Auditor Wang: checked the review minutes by hand)"
        )
    }

    /// An override also replaces a rule's fraction.
    @Test func overrideReplacesAFraction() {
        var results = ISI.full
        results["4.2"] = LeafResult.fraction(0.2).overridden(
            ISI.override("4.2", .fraction(ISI.decimal("0.9")), by: "A", reason: "r"))
        let leaf = ISI.score(results).leaf("4.2")
        #expect(leaf?.points == Points.of("13.50"))
        #expect(leaf?.fraction == ISI.decimal("0.9"))
        // The rule's own value and the points it would give stay beside the auditor's.
        #expect(leaf?.rule == LeafResult.RuleValue(status: .scored, fraction: ISI.decimal("0.2"), points: 3))
    }

    @Test func fractionOutsideTheRangeIsAnError() {
        var results = ISI.full
        results["4.2"] = .fraction(1.2)
        let card = ISI.score(results)
        #expect(card.leaf("4.2")?.status == .error)
        #expect(card.leaf("4.2")?.error?.message == "the fraction 1.2 is outside [0, 1]")
        #expect(card.status == .incomplete)
    }

    @Test func resultsForUnknownLeavesAreListed() {
        var results = ISI.full
        results["9.9"] = .fraction(1)
        results["5.1"] = .fraction(1) // an aggregate, not a leaf
        #expect(ISI.score(results).unknownResults == ["5.1", "9.9"])
    }

    /// The band of every scored leaf, end points to the higher band.
    @Test func bands() {
        var results = ISI.full
        results["4.1"] = .fraction(0.2)
        results["4.2"] = .fraction(0.1999)
        results["4.3"] = .fraction(0.6)
        results["4.4"] = .fraction(0)
        let card = ISI.score(results)
        #expect(card.leaf("4.1")?.band?.id == "band_20_40")
        #expect(card.leaf("4.2")?.band?.id == "band_0_20")
        #expect(card.leaf("4.3")?.band?.id == "band_60_80")
        #expect(card.leaf("4.4")?.band?.id == "band_0_20")
        #expect(card.leaf("4.5")?.band?.id == "band_80_100")
    }
}
