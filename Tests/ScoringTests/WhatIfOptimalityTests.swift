import Foundation
import PropertyBased
import Scheme
import Scoring
import Testing

/// The what-if's set of leaves is the smallest, checked against every subset on a small rubric.
@Suite struct WhatIfOptimalityTests {
    /// Two parts of 50 points, three leaves each; parts graded from 30, the total from 60.
    static let rubric: Rubric = {
        func leaf(_ id: IndicatorID, _ weight: Int) -> Indicator {
            Indicator(id: id, title: LocalizedText(zh: id.rawValue, en: id.rawValue), weight: Points(weight))
        }
        func grade(_ id: String, _ range: String) -> Grade {
            Grade(id: id, label: LocalizedText(zh: id, en: id), range: Interval(range)!)
        }
        let title = LocalizedText(zh: "小", en: "Small")
        return Rubric(
            scheme: SchemeInfo(id: "small", version: "1", title: title, spec: .init(title: title)),
            bands: [Band(id: "all", range: Interval("[0%, 100%]", percent: true)!, label: title)],
            gradeScales: [
                GradeScale(id: "part", grades: [grade("level2", "[30, 40)"), grade("level1", "[40, 50]")]),
                GradeScale(id: "overall", grades: [grade("level2", "[60, 80)"), grade("level1", "[80, 100]")]),
            ],
            overall: OverallResult(gradeScaleID: "overall"),
            parts: [
                Part(
                    id: "1", title: title, points: 50, gradeScaleID: "part",
                    indicators: [leaf("1.1", 20), leaf("1.2", 20), leaf("1.3", 10)]),
                Part(
                    id: "2", title: title, points: 50, gradeScaleID: "part",
                    indicators: [leaf("2.1", 25), leaf("2.2", 15), leaf("2.3", 10)]),
            ])
    }()

    @Test(arguments: [Policies.PartFloor.eachPartGraded, .sumOnly])
    func greedyIsSmallest(floor: Policies.PartFloor) async {
        var rubric = Self.rubric
        rubric.policies.partFloor = Policy(floor)
        let leaves = rubric.leaves
        let scorer = Scorer(rubric: rubric)
        await propertyCheck(count: 150, input: Gen.int(in: 0...100).array(of: leaves.count)) { percents in
            var results: [LeafID: LeafResult] = [:]
            for (leaf, percent) in zip(leaves, percents) {
                results[leaf.id] = .fraction(exactly: Decimal(percent) / 100)
            }
            let card = scorer.score(results: results)
            guard let whatIf = card.explanation.whatIf else {
                #expect(card.grade?.id == "level1")
                return
            }
            let target = Set(["level2", "level1"].drop { $0 != whatIf.targetGrade.id })
            // The smallest subset, by brute force over all 64.
            var smallest: Int?
            for mask in 0..<(1 << leaves.count) {
                var improved = results
                for (index, leaf) in leaves.enumerated() where mask & (1 << index) != 0 {
                    improved[leaf.id] = .fraction(exactly: 1)
                }
                if let grade = scorer.score(results: improved).grade, target.contains(grade.id) {
                    smallest = min(smallest ?? .max, mask.nonzeroBitCount)
                }
            }
            #expect(whatIf.isReachable == (smallest != nil))
            if let smallest {
                #expect(whatIf.improvements.count == smallest)
                var improved = results
                for improvement in whatIf.improvements { improved[improvement.id] = .fraction(exactly: 1) }
                let after = scorer.score(results: improved)
                #expect(after.total == whatIf.totalAfter)
                #expect(after.grade.map { target.contains($0.id) } == true)
            }
        }
    }
}
