import Diagnostics
import Engine
import Evidence
import Foundation
import Scheme
import Scoring

/// Runs rule tests: each test evaluates just its leaf against its bundle and
/// compares the evaluation with its expectation.
public enum RuleTestRunner {
    /// Runs the tests of `suite` whose leaf is `filter` or lies under it
    /// (`--filter 1` runs 1.1, 1.2, ...), or all of them when `filter` is nil.
    public static func run(_ suite: RuleTestSuite, filter: String? = nil) -> [RuleTestResult] {
        let assessor: Assessor
        do {
            assessor = try Assessor(rubric: suite.rubric)
        } catch {
            return suite.tests.map {
                RuleTestResult(name: $0.name, leaf: $0.leaf, differences: ["rubric: \(error)"])
            }
        }
        return suite.tests.filter { matches($0.leaf, filter) }.map { run($0, assessor: assessor) }
    }

    /// Whether `leaf` is selected by `filter`.
    static func matches(_ leaf: LeafID, _ filter: String?) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return leaf.rawValue == filter || leaf.rawValue.hasPrefix(filter + ".")
    }

    /// Runs one test.
    static func run(_ test: RuleTest, assessor: Assessor) -> RuleTestResult {
        let bundle: EvidenceBundle
        do {
            bundle = try open(test.bundle, assessor: assessor)
        } catch {
            let problems = error.findings.map(\.description).joined(separator: "; ")
            return RuleTestResult(
                name: test.name, leaf: test.leaf, differences: ["bundle: cannot be opened: \(problems)"])
        }
        guard let evaluation = assessor.evaluate(leaf: test.leaf, bundle: bundle) else {
            return RuleTestResult(
                name: test.name, leaf: test.leaf, differences: ["leaf: no leaf \(test.leaf) in the rubric"])
        }
        return RuleTestResult(
            name: test.name, leaf: test.leaf,
            differences: differences(test.expect, evaluation), evaluation: evaluation)
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
    public static func differences(_ expect: RuleTest.Expectation, _ evaluation: LeafResult) -> [String] {
        var lines: [String] = []
        if let status = expect.status, status != evaluation.status {
            lines.append("status: expected \(status.rawValue), got \(describe(evaluation))")
        }
        let got = evaluation.fraction.map { "\($0)" } ?? "no score (\(evaluation.status.rawValue))"
        if let score = expect.score, evaluation.fraction != score {
            lines.append("score: expected \(score), got \(got)")
        }
        if let range = expect.scoreBetween, !(evaluation.fraction.map(range.contains) ?? false) {
            lines.append("score: expected between \(range.lowerBound) and \(range.upperBound), got \(got)")
        }
        if let band = expect.band, evaluation.band?.id != band {
            lines.append("band: expected \(band), got \(evaluation.band?.id ?? "no band")")
        }
        if let expected = expect.findings {
            lines += findingDifferences(expected, evaluation.findings)
        }
        return lines
    }

    /// Each expected finding must be matched by a different actual one; an
    /// empty expectation means no findings.
    static func findingDifferences(_ expected: [RuleTest.ExpectedFinding], _ actual: [AuditFinding]) -> [String] {
        let listing =
            actual.isEmpty
            ? "none"
            : actual.map { "\($0.level.rawValue): \($0.message)" }.joined(separator: " | ")
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
