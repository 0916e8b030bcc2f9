import Foundation
import LuaHost
import RuleTesting
import Scheme
import Scoring
import TestSupport
import Testing

/// `rubric test --coverage`: lines, outcomes, lcov, and which tests a saved file reruns.
struct RuleTestCoverageTests {
    static let mini = RepositoryPaths.miniRubric

    @Test func linesAndOutcomesOfTheMiniRubric() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: Self.mini)
        let lines = LuaLineCoverage()
        let results = RuleTestRunner.run(suite, coverage: lines)
        #expect(results.allSatisfy { $0.passed })
        let coverage = RuleTestCoverage.measure(suite: suite, results: results, lines: lines.covered)
        let documents = try #require(coverage.files.first { $0.name == "rules/documents.lua" })
        #expect(!documents.executable.isEmpty)
        #expect(documents.covered == documents.executable, "every line of documents.lua runs")
        let util = try #require(coverage.files.first { $0.name == "lib/util.lua" })
        #expect(!util.covered.isEmpty)
        // 1.1 is tested only in the middle band: no top-band result.
        let first = try #require(coverage.leaves.first { $0.leaf == "1.1" })
        #expect(first.unmet == [RuleTestCoverage.topBand.name])
        #expect(coverage.outcomePercent < 100)
        #expect(coverage.lcov.contains("SF:\(documents.url.path)"))
        #expect(coverage.text.contains("1.1: no top-band result"))
    }

    @Test func requirementsAreAnExtensionPoint() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: Self.mini)
        let results = RuleTestRunner.run(suite, filter: "1.1")
        let always = RuleTestCoverage.OutcomeRequirement(name: "anything") { _, _ in true }
        let coverage = RuleTestCoverage.measure(suite: suite, results: results, lines: [:], requirements: [always])
        #expect(coverage.leaves.map(\.leaf) == ["1.1"])
        #expect(coverage.leaves.allSatisfy { $0.isCovered })
        #expect(coverage.linePercent == 0)
    }

    @Test func aSavedRuleRerunsOnlyItsLeavesTests() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: Self.mini)
        let watcher = RuleTestWatcher(rubricDirectory: Self.mini)
        let rule = Self.mini.appendingPathComponent("rules/bad-return.lua")
        let rerun = suite.tests.filter { watcher.affects([rule], test: $0, rubric: suite.rubric.rubric) }
        #expect(rerun.map(\.leaf) == ["1.5"])
        let rubricFile = Self.mini.appendingPathComponent("rubric.yaml")
        #expect(suite.tests.allSatisfy { watcher.affects([rubricFile], test: $0, rubric: suite.rubric.rubric) })
    }
}

/// Outcome coverage of critical demands: each must be reported met by one test and missed by another.
struct CriticalDemandCoverageTests {
    @Test func eachCriticalDemandNeedsAMetAndAMissedTest() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: RepositoryPaths.miniRubric)
        var leaf = try #require(suite.rubric.rubric.leaves.first)
        leaf.critical = [
            CriticalDemand(
                id: "trial_run_days", label: LocalizedText(zh: "试运行", en: "Trial run"),
                missedSomewhere: "band_60_80", missedThroughout: "band_40_60")
        ]
        let requirements = RuleTestCoverage.criticalRequirements(of: leaf)
        #expect(
            requirements.map(\.name) == [
                "critical demand `trial_run_days` met", "critical demand `trial_run_days` missed",
            ])
        func result(_ outcome: CriticalOutcome.Outcome?) -> LeafResult {
            var result = LeafResult(id: leaf.id, status: .scored, fraction: 1)
            if let outcome { result.reportedCritical = ["trial_run_days": outcome] }
            return result
        }
        let rubric = suite.rubric.rubric
        let unmet = { (results: [LeafResult]) in requirements.filter { !$0.isMet(rubric, results) }.map(\.name) }
        #expect(unmet([result(nil)]) == requirements.map(\.name))
        #expect(unmet([result(.met)]) == ["critical demand `trial_run_days` missed"])
        #expect(unmet([result(.met), result(.missedSomewhere)]).isEmpty)
        #expect(unmet([result(.missedThroughout)]) == ["critical demand `trial_run_days` met"])
        #expect(unmet([result(.met), result(.notReported)]) == ["critical demand `trial_run_days` missed"])
    }
}
