import Foundation
import Scheme
import Scoring
import Testing

/// Grade boundaries, per part and overall, and the part-floor policy both ways.
@Suite struct GradeTests {
    static let partCases: [(String, String?)] = [
        ("79.99", nil), ("80", "level3"), ("89.99", "level3"), ("90", "level2"),
        ("94.99", "level2"), ("95", "level1"), ("100", "level1"),
    ]

    @Test(arguments: partCases)
    func partFourBoundaries(points: String, grade: String?) throws {
        let card = ISI.score(ISI.results(part4: .of(points), part5: 100))
        let part = try #require(card.part("4"))
        #expect(part.points == .of(points))
        #expect(part.grade?.id == grade)
        #expect(part.reachesFloor == (grade != nil))
        #expect(card.status == .complete)
    }

    @Test(arguments: partCases)
    func partFiveBoundaries(points: String, grade: String?) throws {
        let card = ISI.score(ISI.results(part4: 100, part5: .of(points)))
        #expect(card.part("5")?.points == .of(points))
        #expect(card.part("5")?.grade?.id == grade)
    }

    static let overallCases: [(String, String, String?)] = [
        ("80", "79.99", nil), ("80", "80", "level3"), ("89.99", "90", "level3"), ("90", "90", "level2"),
        ("94.99", "95", "level2"), ("95", "95", "level1"), ("100", "100", "level1"),
    ]

    @Test(arguments: overallCases)
    func overallBoundaries(part4: String, part5: String, grade: String?) throws {
        let card = ISI.score(ISI.results(part4: .of(part4), part5: .of(part5)))
        #expect(card.total == .of(part4) + .of(part5))
        #expect(card.maximum == 200)
        #expect(card.grade?.id == grade)
        #expect(card.gradeBySumAlone?.id == grade)
    }

    @Test func overallTotalsAtTheBoundaries() {
        let totals = Self.overallCases.map { ISI.score(ISI.results(part4: .of($0.0), part5: .of($0.1))).total }
        #expect(totals.map(\.description) == ["159.99", "160.00", "179.99", "180.00", "189.99", "190.00", "200.00"])
    }

    /// 75 + 90 = 165: the default policy withholds the overall grade and says why.
    @Test func partFloorWithholdsTheGrade() throws {
        let card = ISI.score(ISI.results(part4: 75, part5: 90))
        #expect(card.total == 165)
        #expect(card.part("4")?.grade == nil)
        #expect(card.part("5")?.grade?.id == "level2")
        #expect(card.gradeBySumAlone?.id == "level3")
        #expect(card.grade == nil)
        let note = try #require(card.policyNotes.first { $0.policy == "part_floor" })
        #expect(note.changesResult)
        #expect(note.text.zh.contains("第4部分（服务管理要求）得分 75.00，低于本部分三级下限 80"))
        #expect(note.text.zh.contains("仅按总分 165.00 应为三级"))
        #expect(note.text.en.contains("the sum alone, 165.00, would read Level 3"))
        #expect(note.basis == ISI.rubric.policies.partFloor.note)
    }

    /// The literal reading (`sum_only`) grades the sum, and still flags the part below 80.
    @Test func sumOnlyGradesTheSum() throws {
        var rubric = ISI.rubric
        rubric.policies.partFloor = Policy(.sumOnly)
        let card = ISI.score(ISI.results(part4: 75, part5: 90, in: rubric), rubric: rubric)
        #expect(card.grade?.id == "level3")
        let note = try #require(card.policyNotes.first { $0.policy == "part_floor" })
        #expect(!note.changesResult)
        #expect(
            note.text.en.contains(
                "Part 4 (Service management requirements) scored 75.00, below its Level 3 floor of 80"))
    }

    /// No note when every part reaches its floor.
    @Test func noFloorNoteWhenEveryPartIsGraded() {
        let card = ISI.score(ISI.results(part4: 80, part5: 80))
        #expect(card.policyNotes.isEmpty)
        #expect(card.grade?.id == "level3")
    }
}
