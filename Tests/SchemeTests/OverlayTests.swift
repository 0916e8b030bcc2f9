import Diagnostics
import Foundation
import Scheme
import Testing

/// Overlays: a certification body's changes, applied in order and validated like the base.
@Suite struct OverlayTests {
    let example = Paths.isiOverlays.appendingPathComponent("example-trial-run-10-days.yaml")

    /// The example overlay raises the trial-run threshold of 5.5.1 from 7 to 10 working days.
    @Test func changesAThreshold() throws {
        let base = try RubricLoader.load(directory: Paths.isi)
        let tailored = try RubricLoader.load(directory: Paths.isi, overlays: [example])
        #expect(base.rubric.leaf("5.5.1")?.params["trial_run_min_working_days"] == .integer(7))
        let leaf = try #require(tailored.rubric.leaf("5.5.1"))
        #expect(leaf.params["trial_run_min_working_days"] == .integer(10))
        // The other params stay, in file order.
        #expect(leaf.params.keys == base.rubric.leaf("5.5.1")?.params.keys)
        #expect(tailored.findings == [])
        // Nothing else changed.
        var expected = base.rubric
        expected.parts[1].indicators[4].children[0].params["trial_run_min_working_days"] = .integer(10)
        #expect(tailored.rubric == expected)
    }

    /// The result states which overlays shaped it, with their SHA-256.
    @Test func recordsTheOverlaysAndTheirHashes() throws {
        let tailored = try RubricLoader.load(directory: Paths.isi, overlays: [example])
        let data = try Data(contentsOf: example)
        #expect(
            tailored.overlays == [
                AppliedOverlay(
                    id: "example-trial-run-10-days",
                    title: LocalizedText(
                        zh: "示例认证机构：试运行不少于10个工作日",
                        en: "Example certification body: trial run of at least 10 working days"),
                    description: "Raises the trial-run threshold of 5.5.1 from 7 to 10 working days.",
                    path: example.standardizedFileURL.path, sha256: RubricLoader.sha256(of: data))
            ])
        #expect(
            RubricLoader.sha256(of: Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let base = try RubricLoader.load(directory: Paths.isi)
        #expect(
            base.sha256
                == RubricLoader.sha256(of: try Data(contentsOf: Paths.isi.appendingPathComponent("rubric.yaml"))))
    }

    @Test func changesWeights() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "weights.yaml": """
                overlay: {id: weights, scheme: isi}
                indicators:
                  "5.5.1":
                    weight: 2
                  "5.5.2": {weight: 2}
                """
            ])
        let loaded = try RubricLoader.load(directory: Paths.isi, overlays: [overlay.url("weights.yaml")])
        let leaves = loaded.leaves.filter { $0.ancestors == ["5.5"] }
        #expect(leaves.map(\.weight) == [2, 2, 1])
        let indicator = try #require(loaded.rubric.indicator("5.5.1"))
        #expect(indicator.weightLocation?.file == overlay.url("weights.yaml").standardizedFileURL.path)
        #expect(indicator.weightLocation?.line == 4)
    }

    /// A change that breaks a sum is reported at the overlay's change.
    @Test func validatesTheResultLikeTheBase() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "bad.yaml": """
                overlay: {id: bad, scheme: isi}
                indicators:
                  "5.5.1": {weight: 2}
                """
            ])
        let findings = RubricLoader.validate(directory: Paths.isi, overlays: [overlay.url("bad.yaml")])
        #expect(findings.map(\.code) == [FindingCode.weightSum])
        #expect(
            findings.first?.message == "the weights of the children of 5.5 sum to 6.00 (5.5.1 2.00, 5.5.2 3.00, "
                + "5.5.3 1.00), but 5.5 has weight 5.00")
        #expect(findings.first?.location?.file == overlay.url("bad.yaml").standardizedFileURL.path)
        #expect(findings.first?.location?.line == 3)
    }

    @Test func overlayKeysAreCheckedLikeTheBase() throws {
        let findings = RubricLoader.validate(
            directory: Paths.fixture("valid"),
            overlays: [Paths.fixture("valid/overlays/unknown-key.yaml")])
        #expect(findings.map(\.code) == [FindingCode.unknownKey])
        #expect(findings.first?.message == "unknown key `wieght` in indicator 1.2.2; did you mean `weight`?")
        #expect(findings.first?.location?.line == 7)
    }

    /// A body replaces a leaf's rule with its own, kept beside the overlay.
    @Test func replacesARuleFile() throws {
        let overlay = Paths.fixture("valid/overlays/stricter-rule.yaml")
        let loaded = try RubricLoader.load(directory: Paths.fixture("valid"), overlays: [overlay])
        let rule = try #require(loaded.rubric.leaf("1.1")?.rule)
        #expect(rule.path == "rules/1.1-strict.lua")
        #expect(rule.url == Paths.fixture("valid/overlays/rules/1.1-strict.lua").standardizedFileURL)
        #expect(rule.location?.file == overlay.standardizedFileURL.path)
        // The base's own rule file is not reported as unreferenced.
        #expect(loaded.findings == [])
    }

    @Test func aMissingReplacementRuleIsAnError() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "rule.yaml": """
                overlay: {id: rule, scheme: mini}
                indicators:
                  "1.1": {rule: rules/none.lua}
                """
            ])
        let findings = RubricLoader.validate(directory: Paths.fixture("valid"), overlays: [overlay.url("rule.yaml")])
        #expect(findings.map(\.code) == [FindingCode.ruleMissing])
        #expect(findings.first?.location?.line == 3)
    }

    /// Limits, policies, vocabulary, band text, grades, a not-applicable leaf, params and
    /// an added indicator, all in one overlay.
    @Test func tailorsEverything() throws {
        let overlay = Paths.fixture("valid/overlays/everything.yaml")
        let loaded = try RubricLoader.load(directory: Paths.fixture("valid"), overlays: [overlay])
        let rubric = loaded.rubric
        #expect(loaded.findings == [])
        #expect(
            rubric.limits
                == RuleLimits(instructions: 1_000_000, memoryBytes: nil, timeoutSeconds: Decimal(string: "2.5")))
        #expect(rubric.policies.partFloor.setting == .sumOnly)
        #expect(rubric.policies.notApplicable.setting == .countZero)
        #expect(rubric.policies.notApplicable.note?.en == "Not applicable counts as zero")
        #expect(rubric.policies.rounding.setting.mode == .halfEven)
        #expect(rubric.documentTypes.map(\.id) == ["plan", "record"])
        #expect(rubric.bands[1].label.en == "Good")
        #expect(rubric.bands[1].criteria.map(\.text.zh) == ["本机构的措辞"])
        #expect(rubric.gradeScale("part")?.grades.map(\.id) == ["pass"])
        #expect(rubric.leaves.map(\.id) == ["1.1", "1.2.1", "1.2.2", "1.2.3"])
        let leaf = try #require(rubric.leaf("1.2.2"))
        #expect(leaf.weight == 30)
        #expect(leaf.applicability == .notApplicable(reason: "本机构不适用 / not applicable for this body"))
        #expect(leaf.params == ["min_days": .integer(10), "max_days": .integer(20)])
        #expect(
            leaf.limits
                == RuleLimits(
                    instructions: 1_000_000, memoryBytes: 1_048_576,
                    timeoutSeconds: Decimal(string: "2.5")))
        #expect(rubric.leaf("1.2.3")?.documents == ["record"])
        #expect(rubric.leaf("1.2.3")?.ancestors == ["1.2"])
    }

    /// Overlays apply in order: the last one to set a value wins.
    @Test func applyInOrder() throws {
        let overlays = try TemporaryRubric(
            rules: [],
            files: [
                "a.yaml":
                    "overlay: {id: a, scheme: isi}\nindicators:\n  \"5.5.1\": {params: {trial_run_min_working_days: 8}}\n",
                "b.yaml":
                    "overlay: {id: b, scheme: isi}\nindicators:\n  \"5.5.1\": {params: {trial_run_min_working_days: 9}}\n",
            ])
        let ab = try RubricLoader.load(
            directory: Paths.isi, overlays: [overlays.url("a.yaml"), overlays.url("b.yaml")])
        let ba = try RubricLoader.load(
            directory: Paths.isi, overlays: [overlays.url("b.yaml"), overlays.url("a.yaml")])
        #expect(ab.rubric.leaf("5.5.1")?.params["trial_run_min_working_days"] == .integer(9))
        #expect(ba.rubric.leaf("5.5.1")?.params["trial_run_min_working_days"] == .integer(8))
        #expect(ab.overlays.map(\.id) == ["a", "b"])
        #expect(ba.overlays.map(\.id) == ["b", "a"])
    }

    @Test func addedIndicatorNeedsAPlace() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "add.yaml": """
                overlay: {id: add, scheme: mini}
                add_indicators:
                  - {part: "9", id: "9.1", title: {zh: 丙, en: C}, weight: 1}
                  - {id: "1.3", title: {zh: 丁, en: D}, weight: 1}
                """
            ])
        let findings = RubricLoader.validate(directory: Paths.fixture("valid"), overlays: [overlay.url("add.yaml")])
        #expect(findings.map(\.code) == [FindingCode.unknownReference, FindingCode.missingField])
        #expect(findings.map { $0.location?.line } == [3, 4])
    }
}

/// The overlay example of docs/rubric-format.md applies to the ISI rubric.
@Test func documentedOverlayExample() throws {
    let docs = try String(contentsOf: Paths.root.appendingPathComponent("docs/rubric-format.md"), encoding: .utf8)
    let start = try #require(docs.range(of: "```yaml\noverlay:"))
    let end = try #require(docs.range(of: "```", range: start.upperBound..<docs.endIndex))
    let text = String(docs[start.upperBound..<end.lowerBound])
    let overlay = try TemporaryRubric(
        rules: [],
        files: [
            "overlay.yaml": "overlay:" + text, "rules/5.5.1-strict.lua": "return 1\n",
        ])
    let loaded = try RubricLoader.load(directory: Paths.isi, overlays: [overlay.url("overlay.yaml")])
    let rubric = loaded.rubric
    #expect(loaded.findings.map(\.code) == [FindingCode.leafOnlyKey])
    #expect(loaded.findings.first?.severity == .warning)
    #expect(
        loaded.findings.first?.message
            == "indicator 5.10 becomes an aggregate, so its `rule`, `params`, `documents`, `tables`, `critical` no longer apply"
    )
    #expect(rubric.leaf("5.5.1")?.params["trial_run_min_working_days"] == .integer(10))
    #expect(rubric.leaf("5.5.1")?.rule?.path == "rules/5.5.1-strict.lua")
    #expect(rubric.leaf("5.5.1")?.limits.timeoutSeconds == 30)
    #expect(rubric.leaf("5.3.1")?.applicability.isApplicable == false)
    #expect(rubric.leaf("5.10.1")?.ancestors == ["5.10"])
    #expect(rubric.leaf("5.10") == nil)
    #expect(rubric.gradeScale("part_4")?.grades.first?.range.description == "[75, 90)")
    #expect(rubric.policies.partFloor.setting == .sumOnly)
    #expect(rubric.limits.timeoutSeconds == 20)
    #expect(rubric.documentType("site_photo") != nil)
    #expect(rubric.bands[3].reconstructed == false)
}
