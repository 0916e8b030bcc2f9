import Foundation
import Scheme
import Scoring
import Testing

/// Exact points: integer hundredths, half-up rounding, no binary artefacts.
@Suite struct PointsTests {
    @Test func parsesAndPrints() {
        #expect(Points("172.5")?.hundredths == 17250)
        #expect(Points("172.5")?.description == "172.50")
        #expect(Points("0.05")?.description == "0.05")
        #expect(Points("15")?.description == "15.00")
        #expect(Points("2.500") == Points("2.5"))
        #expect(Points("2.505") == nil)
        #expect(Points("1e2") == nil)
        #expect(Points("") == nil)
        #expect(Points(hundredths: -300).description == "-3.00")
        #expect([Points.of("0.1"), Points.of("0.2")].sum() == Points.of("0.3"))
    }

    @Test func roundsHalfUpToHundredths() {
        let rounding = Policies.Rounding()
        #expect(rounding.round(8 * ISI.decimal("0.333333")) == Points.of("2.67"))
        #expect(rounding.round(5 * ISI.decimal("0.701")) == Points.of("3.51"))
        #expect(rounding.round(ISI.decimal("0.125")) == Points.of("0.13"))
        #expect(rounding.round(ISI.decimal("0.124999")) == Points.of("0.12"))
        #expect(Policies.Rounding(mode: .halfEven).round(ISI.decimal("0.125")) == Points.of("0.12"))
        #expect(Policies.Rounding(mode: .down).round(ISI.decimal("0.129")) == Points.of("0.12"))
        #expect(Policies.Rounding(mode: .halfUp, step: Points.of("0.5")).round(ISI.decimal("2.26")) == Points.of("2.5"))
    }

    /// weight 8 × 0.333333 gives 2.67; weight 5 × 0.701 (a Double) gives 3.51, never 3.50.
    @Test func leafPointsFromFractions() {
        var results = ISI.full
        results["5.2.3"] = .fraction(0.333333)
        results["5.1.1"] = .fraction(0.701)
        results["5.6"] = .fraction(0.1 + 0.2) // 0.30000000000000004 prints so; × 15 = 4.50
        let card = ISI.score(results)
        #expect(card.leaf("5.2.3")?.points == Points.of("2.67"))
        #expect(card.leaf("5.1.1")?.points == Points.of("3.51"))
        #expect(card.leaf("5.1.1")?.fraction == ISI.decimal("0.701"))
        #expect(card.leaf("5.6")?.points == Points.of("4.50"))
        // Indicator, part and total points are exact sums of leaf points.
        #expect(card.indicator("5.1")?.points == Points.of("13.51"))
        #expect(card.indicator("5.2")?.points == Points.of("9.67"))
        #expect(card.part("5")?.points == Points.of("100") - Points.of("1.49") - Points.of("5.33") - Points.of("10.50"))
        #expect(card.total == card.parts.map(\.points).sum())
    }
}
