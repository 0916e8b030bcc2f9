import Foundation
import Scheme
import Scoring
import Testing

/// Points lost per indicator, and the way to the next grade.
@Suite struct ExplanationTests {
    @Test func lossesPerIndicatorWithTheirBand() throws {
        var results = ISI.full
        results["5.1.1"] = .fraction(0.45)
        results["5.1.2"] = .error("bad date")
        let card = ISI.score(results)
        let loss = try #require(card.explanation.losses.first)
        #expect(card.explanation.losses.count == 1)
        #expect(loss.id == "5.1")
        #expect(loss.points == Points.of("2.25"))
        #expect(loss.pointsLost == Points.of("12.75"))
        #expect(loss.leaves.map(\.id) == ["5.1.1", "5.1.2"])
        #expect(loss.leaves.map(\.pointsLost) == [Points.of("2.75"), 10])
        #expect(loss.leaves[0].band?.id == "band_40_60")
        #expect(loss.leaves[0].reason.zh == "得分比例 45%，2.25/5.00 分，评分区间 40%~60%")
        #expect(loss.leaves[1].status == .error)
    }

    /// Every leaf at 85 %: 170 points, level 3. Level 2 needs 10 more points; the four
    /// 15-point leaves gain 2.25 each (9.00), so a fifth leaf (a 10-point one, 1.50) is needed.
    @Test func smallestSetToTheNextGrade() throws {
        let results = ISI.full.mapValues { _ in LeafResult.fraction(0.85) }
        let card = ISI.score(results)
        #expect(card.total == 170)
        #expect(card.grade?.id == "level3")
        let whatIf = try #require(card.explanation.whatIf)
        #expect(whatIf.targetGrade.id == "level2")
        #expect(whatIf.targetTotal == 180)
        #expect(whatIf.gap == 10)
        #expect(whatIf.partFloors.isEmpty)
        #expect(whatIf.isReachable)
        #expect(whatIf.improvements.map(\.id) == ["4.1", "4.2", "4.5", "5.6", "4.3"])
        #expect(whatIf.improvements.first?.from == Points.of("12.75"))
        #expect(whatIf.improvements.first?.to == 15)
        #expect(whatIf.totalAfter == Points.of("180.50"))
    }

    /// 79 + 100 = 179 reaches 160, but part 4 is below 80: level 3 needs part 4's floor,
    /// and the largest gain of part 4 (4.1, 9 points) reaches it.
    @Test func partFloorsInTheWhatIf() throws {
        var results = ISI.full
        results["4.1"] = .fraction(0.4)
        results["4.5"] = .fraction(0.6)
        let card = ISI.score(results)
        #expect(card.part("4")?.points == 85)
        results["4.2"] = .fraction(0.6)
        let blocked = ISI.score(results)
        #expect(blocked.part("4")?.points == Points.of("79.00"))
        #expect(blocked.grade == nil)
        let whatIf = try #require(blocked.explanation.whatIf)
        #expect(whatIf.targetGrade.id == "level3")
        #expect(whatIf.gap == 0)
        #expect(whatIf.partFloors == [PartFloorGap(partID: "4", points: 79, floor: 80, gap: 1)])
        #expect(whatIf.improvements.map(\.id) == ["4.1"])
        #expect(whatIf.totalAfter == 188)
    }

    /// When the target is out of reach (nothing of part 4 applies, and count_zero counts it
    /// as zero, so part 4 can never reach its floor), the what-if says so.
    @Test func unreachableTarget() throws {
        var rubric = ISI.rubric
        rubric.policies.notApplicable = Policy(.countZero)
        var results = ISI.full
        for leaf in ISI.rubric.leaves where leaf.partID == "4" { results[leaf.id] = .notApplicable() }
        let card = ISI.score(results, rubric: rubric)
        #expect(card.total == 100)
        let whatIf = try #require(card.explanation.whatIf)
        #expect(!whatIf.isReachable)
        #expect(whatIf.improvements.isEmpty)
    }

    /// Rescaled parts scale the gains: one point in a part of 99 applicable is worth more.
    @Test func whatIfWithRescaling() throws {
        var results = ISI.full.mapValues { _ in LeafResult.fraction(0.9) }
        results["5.3.1"] = .notApplicable()
        let card = ISI.score(results)
        #expect(card.part("5")?.rawPoints == Points.of("89.10"))
        #expect(card.part("5")?.points == 90)
        #expect(card.grade?.id == "level2")
        let whatIf = try #require(card.explanation.whatIf)
        #expect(whatIf.targetGrade.id == "level1")
        #expect(whatIf.isReachable)
        #expect(whatIf.totalAfter >= 190)
        // 5.6 (15 × 0.1 × 100/99 = 1.515…) outranks the 15-point leaves of part 4 (1.50).
        #expect(whatIf.improvements.first?.id == "5.6")
    }
}
