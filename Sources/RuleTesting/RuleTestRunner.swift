import Diagnostics
import Engine
import Evidence
import Foundation
import LuaHost
import Scheme
import Scoring

/// Runs rule tests: each test evaluates just its leaf against its bundle and
/// compares the evaluation with its expectation.
public enum RuleTestRunner {
    /// Runs the tests of `suite` whose leaf is `filter` or lies under it
    /// (`--filter 1` runs 1.1, 1.2, ...), or all of them when `filter` is nil.
    /// `coverage`, when given, gathers the lines every rule evaluation runs.
    public static func run(
        _ suite: RuleTestSuite, filter: String? = nil, coverage: LuaLineCoverage? = nil
    ) -> [RuleTestResult] {
        run(suite, coverage: coverage, selecting: { matches($0.leaf, filter) })
    }

    /// Runs the tests of `suite` that `include` selects, in the suite's order.
    public static func run(
        _ suite: RuleTestSuite, coverage: LuaLineCoverage? = nil, selecting include: (RuleTest) -> Bool
    ) -> [RuleTestResult] {
        let assessor: Assessor
        do {
            assessor = try Assessor(rubric: suite.rubric, coverage: coverage)
        } catch {
            return suite.tests.filter(include).map {
                RuleTestResult(
                    name: $0.name, leaf: $0.leaf, differences: ["rubric: \(error)"], location: $0.location)
            }
        }
        return suite.tests.filter(include).map { run($0, assessor: assessor) }
    }

    /// A filter that selects no test of `suite`: what it was, and the closest
    /// leaf or indicator id that has tests.
    public struct EmptyFilter: Error, Sendable, CustomStringConvertible {
        public var filter: String
        public var suggestion: String?

        public var description: String {
            var text = "--filter \(filter) matches no test / 没有与 \(filter) 匹配的测试"
            if let suggestion { text += "; did you mean \(suggestion)? / 是否指 \(suggestion)？" }
            return text
        }
    }

    /// Throws ``EmptyFilter`` when `filter` is given and selects no test of `suite`.
    public static func checkFilter(_ filter: String?, in suite: RuleTestSuite) throws(EmptyFilter) {
        guard let filter, !filter.isEmpty else { return }
        if suite.tests.contains(where: { matches($0.leaf, filter) }) { return }
        var candidates: Set<String> = []
        for test in suite.tests {
            let parts = test.leaf.rawValue.split(separator: ".")
            for count in 1...max(parts.count, 1) { candidates.insert(parts.prefix(count).joined(separator: ".")) }
        }
        throw EmptyFilter(filter: filter, suggestion: Suggestion.closest(to: filter, among: candidates.sorted()))
    }

    /// Whether `leaf` is selected by `filter`.
    public static func matches(_ leaf: LeafID, _ filter: String?) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return leaf.rawValue == filter || leaf.rawValue.hasPrefix(filter + ".")
    }

    /// Runs one test.
    static func run(_ test: RuleTest, assessor: Assessor) -> RuleTestResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = evaluate(test, assessor: assessor)
        result.location = test.location
        let elapsed = (clock.now - start).components
        result.durationSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return result
    }

    private static func evaluate(_ test: RuleTest, assessor: Assessor) -> RuleTestResult {
        let bundle: EvidenceBundle
        do {
            bundle = try open(test.bundle, assessor: assessor)
        } catch {
            let problems = error.findings.map(\.description).joined(separator: "; ")
            return RuleTestResult(
                name: test.name, leaf: test.leaf, differences: ["bundle: cannot be opened: \(problems)"])
        }
        guard let ruleResult = assessor.evaluate(leaf: test.leaf, bundle: bundle),
            let evaluation = Scorer(rubric: assessor.loaded).score(leaf: ruleResult)
        else {
            return RuleTestResult(
                name: test.name, leaf: test.leaf, differences: ["leaf: no leaf \(test.leaf) in the rubric"])
        }
        let checks = checks(test.expect, evaluation, rubric: assessor.loaded.rubric)
        return RuleTestResult(
            name: test.name, leaf: test.leaf, differences: checks.compactMap(\.difference), checks: checks,
            evaluation: evaluation)
    }

    /// Opens a test's bundle; an inline manifest is written to a temporary folder first.
    static func open(_ source: RuleTest.BundleSource, assessor: Assessor) throws(FindingsError) -> EvidenceBundle {
        switch source {
        case .path(let url):
            return try assessor.openBundle(url)
        case .inline(let manifest):
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("rubric-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try manifest.write(to: folder.appendingPathComponent("bundle.yaml"), atomically: true, encoding: .utf8)
            } catch {
                throw FindingsError([
                    Finding(
                        .error, code: "rule-test",
                        message: "the inline bundle cannot be written: \(error.localizedDescription)")
                ])
            }
            return try assessor.openBundle(folder)
        }
    }

    /// One "what: expected X, got Y" line per unmet expectation.
    public static func differences(
        _ expect: RuleTest.Expectation, _ evaluation: LeafResult, rubric: Rubric? = nil
    ) -> [String] {
        checks(expect, evaluation, rubric: rubric).compactMap(\.difference)
    }

    /// Every expectation of `expect`, each with its "what: expected X, got Y"
    /// line when `evaluation` does not meet it. `evaluation` is scored
    /// (``Scorer/score(leaf:)``): its fraction and band are after caps.
    /// `rubric` gives the band of the uncapped fraction.
    public static func checks(
        _ expect: RuleTest.Expectation, _ evaluation: LeafResult, rubric: Rubric? = nil
    ) -> [RuleTestResult.Check] {
        typealias Check = RuleTestResult.Check
        var checks: [Check] = []
        if let status = expect.status {
            checks.append(
                Check(
                    expectation: "status \(status.rawValue)",
                    difference: status == evaluation.status
                        ? nil : "status: expected \(status.rawValue), got \(describe(evaluation))"))
        }
        let got = evaluation.fraction.map { "\($0)" } ?? "no score (\(evaluation.status.rawValue))"
        if let score = expect.score {
            checks.append(
                Check(
                    expectation: "score \(score)",
                    difference: evaluation.fraction == score ? nil : "score: expected \(score), got \(got)"))
        }
        if let range = expect.scoreBetween {
            let inside = evaluation.fraction.map(range.contains) ?? false
            checks.append(
                Check(
                    expectation: "score between \(range.lowerBound) and \(range.upperBound)",
                    difference: inside
                        ? nil
                        : "score: expected between \(range.lowerBound) and \(range.upperBound), got \(got)"))
        }
        if let band = expect.band {
            checks.append(
                Check(
                    expectation: "band \(band)",
                    difference: evaluation.band?.id == band
                        ? nil : "band: expected \(band), got \(evaluation.band?.id ?? "no band")"))
        }
        checks += uncappedChecks(expect, evaluation, rubric: rubric)
        if let expected = expect.findings {
            if expected.isEmpty {
                let differences = findingDifferences(expected, evaluation.findings)
                checks.append(Check(expectation: "no findings", difference: differences.first))
            } else {
                // The same matching as findingDifferences: each expected finding takes a different actual one.
                var unused = evaluation.findings
                for item in expected {
                    if let index = unused.firstIndex(where: item.matches) {
                        unused.remove(at: index)
                        checks.append(Check(expectation: "finding \(item)"))
                    } else {
                        let line = "finding: expected \(item), got \(listing(evaluation.findings))"
                        checks.append(Check(expectation: "finding \(item)", difference: line))
                    }
                }
            }
        }
        return checks
    }

    /// The checks of the rule's own fraction (before critical-demand caps) and
    /// of the critical demands' outcomes.
    static func uncappedChecks(
        _ expect: RuleTest.Expectation, _ evaluation: LeafResult, rubric: Rubric?
    ) -> [RuleTestResult.Check] {
        typealias Check = RuleTestResult.Check
        var checks: [Check] = []
        let uncapped = evaluation.uncappedFraction ?? evaluation.fraction
        let got = uncapped.map { "\($0)" } ?? "no score (\(evaluation.status.rawValue))"
        if let score = expect.uncappedScore {
            checks.append(
                Check(
                    expectation: "uncapped score \(score)",
                    difference: uncapped == score ? nil : "uncapped score: expected \(score), got \(got)"))
        }
        if let band = expect.uncappedBand {
            let actual = evaluation.status == .scored ? uncapped.flatMap { rubric?.band(for: $0)?.id } : nil
            checks.append(
                Check(
                    expectation: "uncapped band \(band)",
                    difference: actual == band ? nil : "uncapped band: expected \(band), got \(actual ?? "no band")"))
        }
        for (id, outcome) in (expect.critical ?? [:]).sorted(by: { $0.key < $1.key }) {
            let actual = evaluation.critical.first { $0.demand.id == id }?.outcome
            checks.append(
                Check(
                    expectation: "critical \(id) \(outcome.rawValue)",
                    difference: actual == outcome
                        ? nil
                        : "critical \(id): expected \(outcome.rawValue), got \(actual?.rawValue ?? "no such demand")"))
        }
        return checks
    }

    /// The findings of an evaluation on one line, or `none`.
    static func listing(_ actual: [AuditFinding]) -> String {
        actual.isEmpty ? "none" : actual.map { "\($0.level.rawValue): \($0.message)" }.joined(separator: " | ")
    }

    /// Each expected finding must be matched by a different actual one; an
    /// empty expectation means no findings.
    static func findingDifferences(_ expected: [RuleTest.ExpectedFinding], _ actual: [AuditFinding]) -> [String] {
        let listing = listing(actual)
        if expected.isEmpty {
            return actual.isEmpty ? [] : ["findings: expected none, got \(listing)"]
        }
        var unused = actual
        var lines: [String] = []
        for item in expected {
            if let index = unused.firstIndex(where: item.matches) {
                unused.remove(at: index)
            } else {
                lines.append("finding: expected \(item), got \(listing)")
            }
        }
        return lines
    }

    /// The status, with the error or reason when there is one.
    static func describe(_ evaluation: LeafResult) -> String {
        if let error = evaluation.error { return "\(evaluation.status.rawValue) (\(error))" }
        if let reason = evaluation.reason { return "\(evaluation.status.rawValue) (\(reason))" }
        return evaluation.status.rawValue
    }
}
