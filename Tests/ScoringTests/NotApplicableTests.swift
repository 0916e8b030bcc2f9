import Foundation
import Scheme
import Scoring
import Testing

/// Not-applicable leaves under each policy setting.
@Suite struct NotApplicableTests {
    /// 5.3.1 (1 point) does not apply and 5.6 (15 points) earns 60 %: part 5 earns 93 of
    /// the applicable 99 points, rescaled to 93 / 99 × 100 = 93.9393… shown as 93.94.
    var results: [LeafID: LeafResult] {
        var results = ISI.full
        results["5.3.1"] = .notApplicable("no hardware procured")
        results["5.6"] = .fraction(0.6)
        return results
    }

    @Test func rescalesThePart() throws {
        let card = ISI.score(results)
        let part = try #require(card.part("5"))
        #expect(card.leaf("5.3.1")?.status == .notApplicable)
        #expect(card.leaf("5.3.1")?.points == nil)
        #expect(!card.explanation.losses.flatMap(\.leaves).contains { $0.id == "5.3.1" })
        #expect(part.rawPoints == 93)
        #expect(part.applicableWeight == 99)
        #expect(part.isRescaled)
        #expect(part.points == .of("93.94"))
        #expect(part.grade?.id == "level2")
        #expect(card.total == .of("193.94"))
        #expect(card.status == .complete)
        #expect(card.indicator("5.3")?.applicableWeight == 9)
        let note = try #require(card.policyNotes.first { $0.policy == "not_applicable" })
        #expect(note.changesResult)
        #expect(note.text.zh.contains("93.00 ÷ 99.00 × 100.00 = 93.94"))
        #expect(note.text.en.contains("rescaled from its applicable 99.00 points to 100.00"))
    }

    /// With nothing else lost, the rescaled part is full.
    @Test func rescalesToFullMarks() {
        var results = ISI.full
        results["5.3.1"] = .notApplicable()
        let card = ISI.score(results)
        #expect(card.part("5")?.points == 100)
        #expect(card.total == 200)
    }

    @Test func countsAsFull() {
        var rubric = ISI.rubric
        rubric.policies.notApplicable = Policy(.countFull)
        let card = ISI.score(results, rubric: rubric)
        #expect(card.leaf("5.3.1")?.points == 1)
        #expect(card.part("5")?.points == 94)
        #expect(card.part("5")?.isRescaled == false)
        #expect(card.policyNotes.map(\.policy) == ["not_applicable"])
    }

    @Test func countsAsZero() throws {
        var rubric = ISI.rubric
        rubric.policies.notApplicable = Policy(.countZero)
        let card = ISI.score(results, rubric: rubric)
        #expect(card.leaf("5.3.1")?.points == 0)
        #expect(card.part("5")?.points == 93)
        let loss = try #require(card.explanation.losses.first { $0.id == "5.3" })
        #expect(loss.leaves.map(\.id) == ["5.3.1"])
        #expect(loss.leaves.first?.reason.en == "not applicable, counted as zero under the setting count_zero")
    }

    /// A leaf the rubric (or an overlay) marks not applicable ignores any result given.
    @Test func notApplicableByTheRubric() throws {
        var rubric = ISI.rubric
        rubric.parts[1].indicators[2].children[0].applicability = .notApplicable(reason: "overlay")
        var results = ISI.full
        results["5.3.1"] = .fraction(0)
        let card = ISI.score(results, rubric: rubric)
        #expect(card.leaf("5.3.1")?.status == .notApplicable)
        #expect(card.leaf("5.3.1")?.reason == "overlay")
        #expect(card.part("5")?.points == 100)
    }

    /// An auditor may declare a leaf not applicable.
    @Test func notApplicableByOverride() {
        var results = ISI.full
        results["5.3.1"] = LeafResult.error("no documents").overridden(
            ISI.override("5.3.1", .notApplicable, by: "Auditor Li", reason: "no hardware"))
        let card = ISI.score(results)
        #expect(card.leaf("5.3.1")?.status == .notApplicable)
        #expect(card.leaf("5.3.1")?.rule.status == .error)
        #expect(card.status == .complete)
        #expect(card.part("5")?.points == 100)
    }

    /// A part where nothing applies cannot be assessed: no grade, result incomplete.
    @Test func partWhereNothingApplies() {
        var results = ISI.full
        for leaf in ISI.rubric.leaves where leaf.partID == "4" { results[leaf.id] = .notApplicable() }
        let card = ISI.score(results)
        #expect(card.part("4")?.isAssessable == false)
        #expect(card.part("4")?.grade == nil)
        #expect(card.grade == nil)
        #expect(card.status == .incomplete)
    }
}

/// An overlay's changes reach the scores: weights moved within 5.5, and a leaf marked
/// not applicable by the certification body.
@Test func scoresARubricShapedByAnOverlay() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("overlay.yaml")
    try """
    overlay: {id: body, scheme: isi}
    indicators:
      "5.5.1": {weight: 2}
      "5.5.2": {weight: 2}
      "5.9.2": {applicable: false, applicability_note: 客户自行存档 / the customer keeps the archive}
    """.write(to: file, atomically: true, encoding: .utf8)
    let loaded = try RubricLoader.load(directory: ISI.directory, overlays: [file])
    var results = ISI.full
    results["5.5.1"] = .fraction(0.5)
    let card = Scorer(rubric: loaded).score(results: results)
    #expect(card.leaf("5.5.1")?.points == 1)
    #expect(card.leaf("5.9.2")?.status == .notApplicable)
    #expect(card.part("5")?.rawPoints == 98)
    #expect(card.part("5")?.points == Points.of("98.99")) // 98 / 99 × 100 = 98.9898…
    #expect(card.policyNotes.first?.text.en.contains("5.9.2 (1.00) does not apply") == true)
}
