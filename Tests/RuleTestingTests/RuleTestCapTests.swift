import Diagnostics
import Engine
import Foundation
import RuleTesting
import Scheme
import TestSupport
import Testing

/// Rule tests judge a leaf's score after its critical demands capped it, as a
/// report shows it; `uncapped_score`, `uncapped_band` and `critical` judge the
/// rule's own value and the demands' outcomes.
struct RuleTestCapTests {
    /// The 5.5.1 fixture whose trial run holds 5 working days (at least 7 are demanded).
    static let holidayShort = RepositoryPaths.isiRubric.appendingPathComponent(
        "tests/fixtures/acceptance/holiday-short")

    /// The cap of a demand missed throughout (the top of band_40_60), exactly.
    static let capped = Decimal(string: "0.59")!

    static func run(_ expect: RuleTest.Expectation) throws -> RuleTestResult {
        let rubric = try RubricLoader.load(directory: RepositoryPaths.isiRubric)
        let test = RuleTest(
            leaf: "5.5.1", name: "trial run too short", bundle: .path(holidayShort), expect: expect,
            location: SourceLocation(file: "RuleTestCapTests.swift"))
        let results = RuleTestRunner.run(RuleTestSuite(rubric: rubric, tests: [test]))
        return try #require(results.first)
    }

    @Test func scoreAndBandAreJudgedAfterTheCap() throws {
        let result = try Self.run(RuleTest.Expectation(status: .scored, score: 0.875, band: "band_80_100"))
        #expect(result.differences.contains("score: expected 0.875, got 0.59"))
        #expect(result.differences.contains("band: expected band_80_100, got band_40_60"))
        #expect(result.evaluation?.uncappedFraction == 0.875)
    }

    @Test func uncappedValueAndOutcomeCanBeAsserted() throws {
        let met = try Self.run(
            RuleTest.Expectation(
                score: Self.capped, band: "band_40_60", uncappedScore: 0.875, uncappedBand: "band_80_100",
                critical: ["trial_run_days": .missedThroughout]))
        #expect(met.passed, "\(met.differences)")
        let unmet = try Self.run(
            RuleTest.Expectation(uncappedScore: Self.capped, critical: ["trial_run_days": .met, "no_such": .met]))
        #expect(unmet.differences.contains("uncapped score: expected 0.59, got 0.875"))
        #expect(unmet.differences.contains("critical trial_run_days: expected met, got missed_throughout"))
        #expect(unmet.differences.contains("critical no_such: expected met, got no such demand"))
    }
}
