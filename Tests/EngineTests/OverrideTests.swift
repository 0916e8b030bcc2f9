import Diagnostics
import Evidence
import Foundation
import Overrides
import Scheme
import Scoring
import Testing

@testable import Engine

/// The overrides fixtures, read against the mini rubric on 2026-10-20.
private enum OverrideFixtures {
    static let folder = EngineFixtures.tests.appendingPathComponent("EngineTests/Fixtures/overrides")
    static let asOf = "2026-10-20"

    static func url(_ name: String) -> URL {
        folder.appendingPathComponent("\(name).yaml")
    }

    static func load(_ name: String) throws -> OverrideSet {
        try OverrideSet.load(
            contentsOf: url(name), rubric: try RubricLoader.load(directory: EngineFixtures.mini),
            asOf: asOf)
    }

    /// The findings that stop loading `name`.
    static func problems(_ name: String) throws -> [Finding] {
        do {
            _ = try load(name)
        } catch let error as FindingsError {
            return error.findings
        }
        Issue.record("\(name).yaml loaded without problems")
        return []
    }
}

@Suite("Auditor overrides")
struct OverrideTests {
    @Test("a valid file reads every entry, in file order, with band and status")
    func valid() throws {
        let set = try OverrideFixtures.load("valid")
        #expect(set.overrides.map(\.leaf.rawValue) == ["1.1", "1.3", "1.4", "1.5", "1.6", "1.7"])
        let first = try #require(set.override(for: "1.1"))
        #expect(first.setting == .fraction(Decimal(string: "0.9")!))
        #expect(first.auditor == "张三")
        #expect(first.date == CalendarDate(year: 2026, month: 10, day: 20))
        #expect(first.expires == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(first.location?.line == 3)
        #expect(first.location?.file == OverrideFixtures.url("valid").path)
        // A band stands for its lower end.
        #expect(set.override(for: "1.3")?.setting == .band(id: "high", fraction: Decimal(string: "0.8")!))
        #expect(set.override(for: "1.3")?.fraction == Decimal(string: "0.8")!)
        #expect(set.override(for: "1.5")?.fraction == nil)
        #expect(set.override(for: "1.5")?.setting == .notApplicable)
    }

    @Test("overrides change the scorecard and keep the rule's value beside the auditor's")
    func assessed() throws {
        let assessor = try EngineFixtures.assessor()
        let bundle = try assessor.openBundle(EngineFixtures.basicBundle)
        let plain = assessor.assess(bundle: bundle)
        let overridden = assessor.assess(bundle: bundle, overrides: try OverrideFixtures.load("valid"))

        // Without overrides, manual and failed leaves keep the result open.
        #expect(plain.scorecard.status == .incomplete)
        #expect(plain.scorecard.leaf("1.1")?.points == Points(15))
        #expect(plain.scorecard.leaf("1.7")?.status == .manual)

        // With them, every leaf has a judgement.
        #expect(overridden.scorecard.status == .complete)
        #expect(overridden.isComplete)
        #expect(overridden.overrides.count == 6)

        // A scored leaf: the auditor's 0.9 counts, the rule's 0.75 is still there.
        let leaf = try #require(overridden.leaf("1.1"))
        #expect(leaf.status == .scored)
        #expect(leaf.fraction == Decimal(string: "0.9"))
        #expect(leaf.points == Points(18))
        #expect(leaf.band?.id == "high")
        #expect(
            leaf.rule == LeafResult.RuleValue(status: .scored, fraction: Decimal(string: "0.75"), points: Points(15)))
        #expect(leaf.override?.setting == .fraction(Decimal(string: "0.9")!))
        #expect(leaf.override?.auditor == "张三")
        #expect(overridden.scorecard.leaf("1.1") == leaf)

        // A manual leaf counts once overridden.
        let manual = try #require(overridden.leaf("1.7"))
        #expect(manual.status == .scored)
        #expect(manual.rule.status == .manual)
        #expect(manual.rule.points == Points(0))
        #expect(manual.points == Points(20))
        #expect(overridden.leaf("1.3")?.points == Points(8))

        // A failed leaf overridden as not applicable leaves the part (rescale).
        let failed = try #require(overridden.leaf("1.5"))
        #expect(failed.rule.status == .error)
        #expect(failed.error != nil)
        #expect(failed.status == .notApplicable)
        #expect(failed.points == nil)

        // 18 + 8 + 10 + 0 + 20 = 56 of an applicable 80, rescaled to 70 of 100.
        #expect(overridden.scorecard.total == Points(70))
        // Leaves without an override are untouched.
        #expect(overridden.leaf("1.2")?.override == nil)
        #expect(overridden.leaf("1.2")?.status == .notApplicable)
        #expect(overridden.leaf("1.2")?.rule.status == .notApplicable)
        // The overrides, taken from their leaves, in file order.
        #expect(overridden.overrides.map(\.leaf.rawValue) == ["1.1", "1.3", "1.4", "1.5", "1.6", "1.7"])
    }

    @Test("the overrides are applied once, live on their leaves and are listed in file order")
    func fileOrder() throws {
        let loaded = try RubricLoader.load(directory: EngineFixtures.mini)
        let set = try OverrideSet.parse(
            """
            overrides:
              - {leaf: "1.7", fraction: 1, justification: j, auditor: a, date: 2026-10-20}
              - {leaf: "1.1", status: not_applicable, justification: j, auditor: a, date: 2026-10-20}
            """, file: "ovr.yaml", rubric: loaded.rubric, asOf: CalendarDate(iso: "2026-10-20")!)
        let assessor = try Assessor(rubric: loaded)
        let assessment = assessor.assess(bundle: try assessor.openBundle(EngineFixtures.basicBundle), overrides: set)
        #expect(assessment.overrides.map(\.leaf.rawValue) == ["1.7", "1.1"])
        #expect(assessment.leaves.compactMap(\.override).map(\.leaf.rawValue) == ["1.1", "1.7"])
        // A scored leaf found not applicable by the auditor: no fraction counts,
        // the rule's 0.75 and its 15 points stay in `rule`.
        let leaf = try #require(assessment.leaf("1.1"))
        #expect(leaf.status == .notApplicable)
        #expect(leaf.fraction == nil)
        #expect(leaf.points == nil)
        #expect(leaf.band == nil)
        #expect(
            leaf.rule == LeafResult.RuleValue(status: .scored, fraction: Decimal(string: "0.75"), points: Points(15)))
    }

    @Test("no overrides assess as before")
    func emptySet() throws {
        let assessor = try EngineFixtures.assessor()
        let bundle = try assessor.openBundle(EngineFixtures.basicBundle)
        let plain = assessor.assess(bundle: bundle).withoutDurations
        let same = assessor.assess(bundle: bundle, overrides: .empty).withoutDurations
        #expect(plain == same)
    }

    /// One broken file: the finding expected first at `line` (and `column`), its code and part of its message.
    struct Broken: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var code: String
        var message: String
        var testDescription: String { file }
    }

    static let broken: [Broken] = [
        Broken(
            file: "unknown-key", line: 6, column: 5, code: "unknown-key",
            message: "unknown key `auditer` in an override; did you mean `auditor`?"),
        Broken(
            file: "unknown-leaf", line: 3, column: 11, code: "unknown-indicator",
            message: "unknown leaf id `1.77`: the rubric has no such leaf; did you mean `1.7`?"),
        Broken(
            file: "missing-justification", line: 3, column: 5, code: "missing-field",
            message: "the override is missing the required key `justification`"),
        Broken(
            file: "empty-justification", line: 5, column: 20, code: "missing-field",
            message: "`justification` must not be empty"),
        Broken(
            file: "missing-auditor-date", line: 3, column: 5, code: "missing-field",
            message: "the override is missing the required key `auditor`"),
        Broken(
            file: "bad-date", line: 7, column: 11, code: "invalid-value",
            message: "`date` must be a date YYYY-MM-DD such as `2026-10-20`, not the value `2026-13-01`"),
        Broken(
            file: "expired", line: 8, column: 14, code: "override-expired",
            message:
                "the override of leaf 1.1 expired on 2026-01-31, before the assessment date 2026-10-20; renew it with a new date and expiry, or remove it"
        ),
        Broken(
            file: "fraction-range", line: 4, column: 15, code: "invalid-value",
            message: "`fraction` must be in [0, 1], not `1.2`"),
        Broken(
            file: "fraction-text", line: 4, column: 15, code: "wrong-type",
            message: "`fraction` must be a number in [0, 1] such as `0.8`, not the value `most`"),
        Broken(
            file: "no-value", line: 3, column: 5, code: "missing-field",
            message: "the override needs exactly one of `fraction`, `band` and `status`; it has none"),
        Broken(
            file: "two-values", line: 5, column: 5, code: "invalid-value",
            message: "the override needs exactly one of `fraction`, `band` and `status`; it has `fraction` and `band`"),
        Broken(
            file: "unknown-band", line: 4, column: 11, code: "unknown-reference",
            message: "unknown band `hihg`; the rubric's bands are `low`, `middle`, `high`; did you mean `high`?"),
        Broken(
            file: "unknown-status", line: 4, column: 13, code: "invalid-value",
            message:
                "unknown status `not_aplicable`; the only status an override can set is `not_applicable` (use `fraction` or `band` to score); did you mean `not_applicable`?"
        ),
        Broken(
            file: "duplicate", line: 8, column: 5, code: "duplicate-id",
            message: "leaf 1.1 is overridden twice; its first override is on line 3"),
    ]

    @Test("a broken file stops the run with the file, line and what was expected", arguments: broken)
    func brokenFile(_ expected: Broken) throws {
        let findings = try OverrideFixtures.problems(expected.file)
        let finding = try #require(
            findings.first { $0.message == expected.message },
            "findings: \(findings.map(\.description))")
        #expect(finding.severity == .error)
        #expect(finding.code == expected.code)
        #expect(finding.location?.file == OverrideFixtures.url(expected.file).path)
        #expect(finding.location?.line == expected.line)
        #expect(finding.location?.column == expected.column)
    }

    @Test("every problem of a file is reported at once")
    func allAtOnce() throws {
        let unknownKey = try OverrideFixtures.problems("unknown-key")
        #expect(unknownKey.map(\.location?.line) == [3, 6, 8])
        #expect(unknownKey.map(\.code) == ["missing-field", "unknown-key", "unknown-key"])
        let missing = try OverrideFixtures.problems("missing-auditor-date")
        #expect(
            missing.map(\.message) == [
                "the override is missing the required key `auditor`",
                "the override is missing the required key `date`",
            ])
    }

    @Test("a bad assessment date is refused")
    func badAsOf() throws {
        let rubric = try RubricLoader.load(directory: EngineFixtures.mini)
        #expect(throws: FindingsError.self) {
            try OverrideSet.load(contentsOf: OverrideFixtures.url("valid"), rubric: rubric, asOf: "20 October")
        }
    }

    @Test("an override dated after the assessment date is refused")
    func futureDate() throws {
        let rubric = try RubricLoader.load(directory: EngineFixtures.mini)
        let error = try #require(throws: FindingsError.self) {
            try OverrideSet.load(contentsOf: OverrideFixtures.url("valid"), rubric: rubric, asOf: "2026-10-19")
        }
        #expect(error.findings.allSatisfy { $0.code == OverrideSet.Code.futureDate })
        #expect(error.findings.count == 6)
    }
}
