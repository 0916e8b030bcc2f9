import Diagnostics
import Foundation
import Scheme
import Testing

/// `Rubrics/isi/rubric.yaml` encodes the spec exactly.
@Suite struct ISIRubricTests {
    let loaded: LoadedRubric
    var rubric: Rubric { loaded.rubric }

    init() throws {
        loaded = try RubricLoader.load(directory: Paths.isi)
    }

    @Test func loadsWithoutAnyFinding() {
        #expect(RubricLoader.validate(directory: Paths.isi) == [])
        #expect(loaded.findings == [])
        #expect(loaded.overlays == [])
        #expect(loaded.sha256.count == 64)
    }

    @Test func schemeIdentity() {
        #expect(rubric.scheme.id == "isi")
        #expect(rubric.scheme.title.zh == "信息系统集成服务认证")
        #expect(rubric.scheme.spec.title.zh == "信息系统集成技术规范")
        #expect(rubric.parts.map(\.id) == ["4", "5"])
        #expect(rubric.parts.map(\.points) == [100, 100])
        #expect(rubric.maximumTotal == 200)
    }

    /// Appendix A, leaf by leaf.
    @Test func appendixA() throws {
        let expected: [(LeafID, Points)] = [
            ("4.1", 15), ("4.2", 15), ("4.3", 10), ("4.4", 10), ("4.5", 15),
            ("4.6", 5), ("4.7", 5), ("4.8", 10), ("4.9", 10), ("4.10", 5),
        ]
        let leaves = rubric.leaves.filter { $0.partID == "4" }
        #expect(leaves.map(\.id) == expected.map(\.0))
        #expect(leaves.map(\.weight) == expected.map(\.1))
        #expect(leaves.allSatisfy { $0.ancestors.isEmpty })
        let titles = leaves.map(\.title.zh)
        #expect(
            titles == [
                "领导和承诺", "组织的角色、责任和权限", "服务规划", "服务保障", "服务监督",
                "不符合与纠正措施", "沟通管理", "风险管理", "突发事件管理", "服务改进",
            ])
    }

    /// Appendix B, leaf by leaf, and the indicators above the leaves.
    @Test func appendixB() throws {
        let expected: [(LeafID, Points)] = [
            ("5.1.1", 5), ("5.1.2", 10),
            ("5.2.1", 5), ("5.2.2", 2), ("5.2.3", 8),
            ("5.3.1", 1), ("5.3.2", 8), ("5.3.3", 1),
            ("5.4.1", 1), ("5.4.2", 5), ("5.4.3", 4),
            ("5.5.1", 1), ("5.5.2", 3), ("5.5.3", 1),
            ("5.6", 15),
            ("5.7.1", 2), ("5.7.2", 6), ("5.7.3", 2),
            ("5.8.1", 2), ("5.8.2", 6), ("5.8.3", 2),
            ("5.9.1", 4), ("5.9.2", 1),
            ("5.10", 5),
        ]
        let leaves = rubric.leaves.filter { $0.partID == "5" }
        #expect(leaves.count == 24)
        #expect(leaves.map(\.id) == expected.map(\.0))
        #expect(leaves.map(\.weight) == expected.map(\.1))
        let part = try #require(rubric.part("5"))
        let top: [(IndicatorID, Points)] = [
            ("5.1", 15), ("5.2", 15), ("5.3", 10), ("5.4", 10), ("5.5", 5),
            ("5.6", 15), ("5.7", 10), ("5.8", 10), ("5.9", 5), ("5.10", 5),
        ]
        #expect(part.indicators.map(\.id) == top.map(\.0))
        #expect(part.indicators.map(\.weight) == top.map(\.1))
        #expect(rubric.leaf("5.1.2")?.ancestors == ["5.1"])
    }

    /// Every line of every indicator's clause is the spec's text, verbatim. The spec
    /// is not part of the repository: it stands in `../shared/spec/` beside a checkout
    /// (as in CI); a clone without it skips this test and says why.
    @Test(
        .enabled(if: Paths.specAvailable, "../shared/spec/ is not beside this checkout: the clauses cannot be compared")
    )
    func clausesAreVerbatim() throws {
        let spec = try String(contentsOf: Paths.spec, encoding: .utf8)
        let specLines = Set(
            spec.split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "")
            })
        var checked = 0
        for indicator in rubric.allIndicators {
            for line in (indicator.clause ?? "").split(separator: "\n") {
                let text = line.trimmingCharacters(in: .whitespaces)
                #expect(specLines.contains(text), "\(indicator.id): \(text)")
                checked += 1
            }
        }
        #expect(checked > 80)
        // Every leaf has its clause.
        #expect(rubric.leaves.allSatisfy { !($0.clause ?? "").isEmpty })
    }

    /// Erratum 2: part 5's clause names itself and Appendix B.
    @Test func erratumPartFiveClause() throws {
        let clause = try #require(rubric.part("5")?.clause)
        #expect(clause.hasPrefix("服务特性要求设置10个维度，总分100分，具体各项指标见《附录B》。"))
    }

    /// Both grade scales, half-open, with erratum 1 fixed (level 1 starts at 95).
    @Test func gradeScales() throws {
        for id in ["part_4", "part_5"] {
            let scale = try #require(rubric.gradeScale(id))
            #expect(scale.grades.map(\.id) == ["level3", "level2", "level1"])
            #expect(scale.grades.map(\.label.zh) == ["三级", "二级", "一级"])
            #expect(scale.grades.map(\.range.description) == ["[80, 90)", "[90, 95)", "[95, 100]"])
            #expect(scale.clause?.contains("含38") == false)
        }
        #expect(rubric.parts.map(\.gradeScaleID) == ["part_4", "part_5"])
        let overall = try #require(rubric.overallGradeScale)
        #expect(overall.grades.map(\.range.description) == ["[160, 180)", "[180, 190)", "[190, 200]"])
        #expect(overall.grades.map(\.label.en) == ["Level 3", "Level 2", "Level 1"])
    }

    /// Appendix C: five bands, end points to the higher band, the missing text marked.
    @Test func bands() {
        #expect(
            rubric.bands.map(\.range.description)
                == ["[0%, 20%)", "[20%, 40%)", "[40%, 60%)", "[60%, 80%)", "[80%, 100%]"])
        #expect(rubric.bands.map(\.reconstructed) == [false, false, false, true, true])
        #expect(rubric.bands.map(\.containsReconstruction) == [false, false, true, true, true])
        #expect(rubric.bands[2].criteria.map(\.reconstructed) == [false, false, true])
        #expect(rubric.bands[2].criteria[2].text.zh == "在该指标要求中处于获得对比性信息的初期阶段。")
        #expect(rubric.bands.allSatisfy { $0.criteria.count == 3 })
        #expect(rubric.band(for: Decimal(string: "0.2")!)?.id == "band_20_40")
        #expect(rubric.band(for: Decimal(string: "0.1999")!)?.id == "band_0_20")
        #expect(rubric.band(for: Decimal(string: "0.8")!)?.id == "band_80_100")
        #expect(rubric.band(for: 1)?.id == "band_80_100")
        #expect(rubric.band(for: 0)?.id == "band_0_20")
    }

    @Test func policiesAndLimits() throws {
        #expect(rubric.policies.partFloor.setting == .eachPartGraded)
        #expect(rubric.policies.notApplicable.setting == .rescale)
        #expect(rubric.policies.rounding.setting == Policies.Rounding(mode: .halfUp, step: Points(hundredths: 1)))
        #expect(rubric.policies.partFloor.note?.zh.contains("80") == true)
        #expect(rubric.limits == RuleLimits(instructions: 200_000_000, memoryBytes: 134_217_728, timeoutSeconds: 10))
        #expect(rubric.leaves.allSatisfy { $0.limits == rubric.limits })
    }

    /// Every leaf is judged by its own rule file, which exists, and its params are data.
    @Test func leavesHaveRulesAndParams() throws {
        for leaf in rubric.leaves {
            let rule = try #require(leaf.rule, "leaf \(leaf.id) has a rule")
            #expect(rule.path == "rules/\(leaf.id.rawValue).lua")
            #expect(FileManager.default.fileExists(atPath: rule.url.path), "\(rule.path) exists")
            #expect(leaf.params["weights"] != nil, "leaf \(leaf.id) weighs its demands in params")
        }
        let acceptance = try #require(rubric.leaf("5.5.1"))
        #expect(acceptance.params["trial_run_min_working_days"] == .integer(7))
        #expect(acceptance.params["working_day_calendar"] == .string("cn_mainland"))
        #expect(acceptance.params["year_outside_calendar"] == .string("error"))
        let survey = try #require(rubric.leaf("5.8.2"))
        #expect(survey.params["survey_standard"] == .string("SB/T 10409"))
        #expect(survey.params["survey_standard_binding"] == .boolean(false))
        #expect(survey.params["survey_standard_editions"]?.listValue?.count == 2)
        #expect(survey.params.keys.first == "survey_standard")
    }

    /// Every leaf reads document types of the vocabulary, and the vocabulary is snake_case.
    @Test func documentVocabulary() {
        let ids = rubric.documentTypes.map(\.id)
        #expect(ids.count >= 60)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
        #expect(
            rubric.documentTypes.allSatisfy { !$0.label.zh.isEmpty && !$0.label.en.isEmpty && $0.description != nil })
        for leaf in rubric.leaves {
            #expect(!leaf.documents.isEmpty, "\(leaf.id)")
            #expect(leaf.documents.allSatisfy { ids.contains($0) }, "\(leaf.id)")
        }
        #expect(rubric.leaf("5.5.1")?.documents.contains("trial_run_record") == true)
    }
}
