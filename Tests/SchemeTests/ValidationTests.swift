import Diagnostics
import Foundation
import Scheme
import Testing

/// One deliberately broken rubric per kind of finding, asserting file, line and message.
@Suite struct ValidationTests {
    /// The findings of a fixture folder (and overlays inside it).
    func findings(_ fixture: String, overlays: [String] = []) -> [Finding] {
        RubricLoader.validate(
            directory: Paths.fixture(fixture),
            overlays: overlays.map { Paths.fixture("\(fixture)/\($0)") })
    }

    /// The one finding of a fixture, checked for code, severity, file and line.
    func only(
        _ fixture: String, code: String, file: String = "rubric.yaml", line: Int?, column: Int? = nil,
        severity: Finding.Severity = .error, overlays: [String] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Finding {
        let all = findings(fixture, overlays: overlays)
        #expect(all.count == 1, "\(all)", sourceLocation: sourceLocation)
        let finding = try #require(all.first, sourceLocation: sourceLocation)
        #expect(finding.code == code, sourceLocation: sourceLocation)
        #expect(finding.severity == severity, sourceLocation: sourceLocation)
        #expect(
            finding.location?.file == Paths.fixture("\(fixture)/\(file)").standardizedFileURL.path,
            sourceLocation: sourceLocation)
        #expect(finding.location?.line == line, sourceLocation: sourceLocation)
        if let column { #expect(finding.location?.column == column, sourceLocation: sourceLocation) }
        return finding
    }

    @Test func validFixtureHasNoFinding() throws {
        #expect(findings("valid") == [])
        let loaded = try RubricLoader.load(directory: Paths.fixture("valid"))
        #expect(loaded.leaves.map(\.id) == ["1.1", "1.2.1", "1.2.2"])
        #expect(loaded.leaves[0].rule?.path == "rules/1.1.lua")
        #expect(loaded.leaves[0].isManual == false)
        #expect(loaded.leaves[1].isManual)
        #expect(loaded.leaves[2].params == ["min_days": .integer(7)])
    }

    @Test func unknownKeySuggestsTheClosest() throws {
        let finding = try only("unknown-key", code: FindingCode.unknownKey, line: 44, column: 9)
        #expect(finding.message == "unknown key `documnets` in indicator 1.1; did you mean `documents`?")
    }

    @Test func missingField() throws {
        let finding = try only("missing-field", code: FindingCode.missingField, line: 49, column: 13)
        #expect(finding.message == "indicator 1.2.1 is missing the required key `weight`")
    }

    @Test func childrenNotSummingToTheirParent() throws {
        let finding = try only("weight-sum", code: FindingCode.weightSum, line: 47)
        #expect(
            finding.message
                == "the weights of the children of 1.2 sum to 50.00 (1.2.1 20.00, 1.2.2 30.00), but 1.2 has weight 60.00"
        )
    }

    @Test func indicatorsNotSummingToThePartPoints() throws {
        let finding = try only("part-points", code: FindingCode.partPoints, line: 38)
        #expect(finding.message == "the indicators of part 1 sum to 90.00 points, but the part has 100.00")
    }

    @Test func bandGap() throws {
        let finding = try only("band-gap", code: FindingCode.bandGap, line: 17)
        #expect(
            finding.message
                == "no band covers fractions between 40% and 50%: band `low` is [0%, 40%) and band `high` is [50%, 100%]"
        )
    }

    @Test func bandOverlap() throws {
        let finding = try only("band-overlap", code: FindingCode.bandOverlap, line: 17)
        #expect(finding.message == "bands `low` [0%, 60%) and `high` [50%, 100%] overlap: 50% to 60% falls in both")
    }

    @Test func gradeScaleNotMonotonic() throws {
        let finding = try only("grade-order", code: FindingCode.gradeOrder, line: 26)
        #expect(
            finding.message == "grade scale `part` is not monotonic: grades must be listed from the lowest to "
                + "the highest, but `level2` [60, 80) comes after `level1` [80, 100]")
    }

    @Test func gradeScaleOverlapping() throws {
        let finding = try only("grade-overlap", code: FindingCode.gradeOverlap, line: 26)
        #expect(
            finding.message
                == "grades `level2` [60, 85) and `level1` [80, 100] of scale `part` overlap: a score from 80 to 85 would get both"
        )
    }

    @Test func duplicateID() throws {
        let finding = try only("duplicate-id", code: FindingCode.duplicateID, line: 52)
        #expect(finding.message == "duplicate indicator id `1.2.1` (first defined at line 49)")
    }

    @Test func ruleFileMissing() throws {
        let finding = try only("rule-missing", code: FindingCode.ruleMissing, line: 44, column: 15)
        #expect(finding.message.hasPrefix("the rule file `rules/1.1.lua` of leaf 1.1 does not exist"))
        #expect(throws: FindingsError.self) { try RubricLoader.load(directory: Paths.fixture("rule-missing")) }
    }

    /// A rule file no leaf references is a warning: the rubric still loads.
    @Test func ruleFileUnreferenced() throws {
        let finding = try only(
            "rule-unreferenced", code: FindingCode.ruleUnreferenced, file: "rules/orphan.lua",
            line: nil, severity: .warning)
        #expect(finding.message == "the rule file `rules/orphan.lua` is referenced by no leaf")
        let loaded = try RubricLoader.load(directory: Paths.fixture("rule-unreferenced"))
        #expect(loaded.findings == [finding])
    }

    @Test func overlayEntryNamingNoIndicator() throws {
        let finding = try only(
            "valid", code: FindingCode.unknownIndicator, file: "overlays/unknown-indicator.yaml",
            line: 6, column: 3, overlays: ["overlays/unknown-indicator.yaml"])
        #expect(
            finding.message
                == "the overlay changes indicator `1.2.3`, but the rubric has no such indicator; did you mean `1.2.1`?")
    }

    @Test func malformedYAML() throws {
        let finding = try only("yaml-syntax", code: FindingCode.yamlSyntax, line: 38)
        #expect(finding.message.hasPrefix("malformed YAML"))
    }

    /// All problems at once, not only the first.
    @Test func everyProblemIsReported() throws {
        let all = findings("many-problems")
        #expect(
            all.map(\.code) == [
                FindingCode.unknownKey, FindingCode.weightSum, FindingCode.bandGap,
                FindingCode.gradeOverlap,
            ])
        #expect(all.map { $0.location?.line } == [44, 47, 17, 26])
        let error = try #require(throws: FindingsError.self) {
            try RubricLoader.load(directory: Paths.fixture("many-problems"))
        }
        #expect(error.findings == all)
    }

    // MARK: Other kinds, on rubrics written for the test

    @Test func wrongTypeAndInvalidValues() throws {
        let rubric = try TemporaryRubric(replacing: [
            ("title: {zh: 甲, en: A}", "title: 甲"),
            ("weight: 20", "weight: 20.005"),
            ("points: 100", "points: -100"),
            ("range: \"[0%, 50%)\"", "range: \"0 to 50\""),
        ])
        let all = RubricLoader.validate(directory: rubric.directory)
        let messages = all.map(\.message)
        #expect(messages.contains("`title` of indicator 1.1 must be a mapping of keys to values, not the value `甲`"))
        #expect(
            messages.contains(
                "`weight` of indicator 1.2.1 must be a decimal number with at most two decimals, not `20.005`"))
        #expect(messages.contains("`points` of part 1 must not be negative"))
        #expect(messages.contains("`range` of band low must be an interval such as `[20%, 40%)`, not `0 to 50`"))
        #expect(all.allSatisfy { $0.location?.file == rubric.rubricFile && $0.location?.line != nil })
    }

    @Test func unknownPolicySettingSuggestsTheClosest() throws {
        let rubric = try TemporaryRubric(replacing: [
            (
                "document_types:",
                "policies:\n  part_floor: sum_onl\n  not_applicable: {setting: rescale}\ndocument_types:"
            )
        ])
        let all = RubricLoader.validate(directory: rubric.directory)
        #expect(all.count == 1)
        #expect(all.first?.code == FindingCode.invalidValue)
        #expect(all.first?.location?.line == 11)
        #expect(
            all.first?.message == "the policy `part_floor` must be one of `each_part_graded`, `sum_only`, "
                + "not `sum_onl`; did you mean `sum_only`?")
    }

    @Test func leafOnlyKeyOnAnAggregate() throws {
        let rubric = try TemporaryRubric(replacing: [
            ("        weight: 60\n", "        weight: 60\n        rule: x.lua\n")
        ])
        let all = RubricLoader.validate(directory: rubric.directory)
        #expect(all.map(\.code) == [FindingCode.leafOnlyKey])
        #expect(all.first?.message == "`rule` is allowed only on a leaf, but indicator 1.2 has `indicators`")
        #expect(all.first?.location?.line == 49)
    }

    @Test func unknownReferences() throws {
        let rubric = try TemporaryRubric(replacing: [
            ("documents: [plan]", "documents: [plans]"),
            ("grade_scale: part", "grade_scale: parts"),
        ])
        let all = RubricLoader.validate(directory: rubric.directory)
        #expect(all.map(\.code) == [FindingCode.unknownReference, FindingCode.unknownReference])
        #expect(
            all.map(\.message) == [
                "part 1 uses grade scale `parts`, but there is no such scale; did you mean `part`?",
                "leaf 1.1 reads document type `plans`, which is not in the vocabulary (`document_types`); did you mean `plan`?",
            ])
        #expect(all.map { $0.location?.line } == [36, 45])
    }

    @Test func gradeOutsideThePoints() throws {
        let rubric = try TemporaryRubric(replacing: [
            ("range: \"[80, 100]\"\n  - id: overall", "range: \"[80, 120]\"\n  - id: overall")
        ])
        let all = RubricLoader.validate(directory: rubric.directory)
        #expect(all.map(\.code) == [FindingCode.gradeRange])
        #expect(
            all.first?.message
                == "grade `level1` [80, 120] of scale `part` reaches outside the points of part 1, 0 to 100.00")
    }

    @Test func overlayForAnotherScheme() throws {
        let rubric = try TemporaryRubric(files: ["other.yaml": "overlay:\n  id: x\n  scheme: isi\n"])
        let all = RubricLoader.validate(directory: rubric.directory, overlays: [rubric.url("other.yaml")])
        #expect(all.map(\.code) == [FindingCode.schemeMismatch])
        #expect(all.first?.location?.line == 3)
        #expect(all.first?.message == "the overlay is written for scheme `isi`, but the rubric is scheme `mini`")
    }

    @Test func missingRubricFile() {
        let all = RubricLoader.validate(directory: Paths.fixture("no-such-rubric"))
        #expect(all.map(\.code) == [FindingCode.unreadable])
    }
}
