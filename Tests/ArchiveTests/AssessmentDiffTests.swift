import Archive
import Foundation
import Testing

/// `rubric diff` names the right cause for each kind of change: each test takes
/// a sample's record, changes one thing as a later audit would, and moves a leaf.
@Suite("AssessmentDiff: why a leaf moved")
struct AssessmentDiffTests {
    static func sample() throws -> ArchivedAssessment {
        try ArchivedAssessment(reportJSON: ArchiveFixtures.sampleReports[0], source: "sample")
    }

    /// `record` with the first scored leaf earning `points` instead.
    static func moved(_ record: ArchivedAssessment, points: String = "0.00") -> (ArchivedAssessment, String) {
        var record = record
        let index = record.leaves.firstIndex { $0.points != nil && $0.points != points }!
        record.leaves[index].points = points
        record.leaves[index].fraction = "0.00"
        return (record, record.leaves[index].id)
    }

    func causes(_ a: ArchivedAssessment, _ b: ArchivedAssessment, leaf: String) -> [String] {
        AssessmentDiff(from: a, to: b).leaves.first { $0.id == leaf }?.causes.map(\.code) ?? []
    }

    @Test("the same assessment twice: nothing moved")
    func nothing() throws {
        let a = try Self.sample()
        let diff = AssessmentDiff(from: a, to: a)
        #expect(diff.leaves.isEmpty && diff.changedFiles.isEmpty)
        #expect(diff.totalDelta == "0.00")
    }

    @Test("evidence changed: the files are named")
    func evidence() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        b.files[1].sha256 = String(repeating: "f", count: 64)
        let diff = AssessmentDiff(from: a, to: b)
        #expect(diff.changedFiles == [a.files[1].path])
        #expect(diff.leaves.first { $0.id == leaf }?.causes == [.evidenceChanged([a.files[1].path])])
    }

    @Test("rule changed")
    func rule() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        let index = b.leaves.firstIndex { $0.id == leaf }!
        b.leaves[index].ruleSHA256 = String(repeating: "e", count: 64)
        #expect(causes(a, b, leaf: leaf) == ["rule_changed"])
    }

    @Test("params changed")
    func params() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        let index = b.leaves.firstIndex { $0.id == leaf }!
        b.leaves[index].params = "{\"min_days\":10}"
        #expect(causes(a, b, leaf: leaf) == ["params_changed"])
    }

    @Test("weight changed, with both weights")
    func weight() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        let index = b.leaves.firstIndex { $0.id == leaf }!
        b.leaves[index].weight = "99.00"
        let change = AssessmentDiff(from: a, to: b).leaves.first { $0.id == leaf }
        #expect(change?.causes == [.weightChanged(from: a.leaves[index].weight, to: "99.00")])
    }

    @Test("override added, and removed, with the auditor")
    func override() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        b.overrides.append(
            .init(
                leaf: leaf, auditor: "王审核", date: "2026-10-01", justification: "现场核实", value: "{\"fraction\":\"0.00\"}")
        )
        #expect(
            AssessmentDiff(from: a, to: b).leaves.first { $0.id == leaf }?.causes == [.overrideAdded(auditor: "王审核")])
        #expect(
            AssessmentDiff(from: b, to: a).leaves.first { $0.id == leaf }?.causes == [.overrideRemoved(auditor: "王审核")])
    }

    @Test("assessment date moved")
    func date() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        b.asOf = "2027-06-30"
        #expect(
            AssessmentDiff(from: a, to: b).leaves.first { $0.id == leaf }?.causes == [
                .dateMoved(from: a.asOf, to: "2027-06-30")
            ])
    }

    @Test("an overlay changed, beyond the leaf's own rule and params")
    func overlay() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        b.overlays.append(.init(id: "trial-run-10-days", sha256: String(repeating: "a", count: 64)))
        #expect(causes(a, b, leaf: leaf) == ["rubric_changed"])
    }

    @Test("no digest changed: unexplained; the delta is signed")
    func unexplained() throws {
        let a = try Self.sample()
        let (b, leaf) = Self.moved(a)
        let change = try #require(AssessmentDiff(from: a, to: b).leaves.first { $0.id == leaf })
        #expect(change.causes == [.unexplained])
        #expect(change.delta?.hasPrefix("-") == true)
        let back = try #require(AssessmentDiff(from: b, to: a).leaves.first { $0.id == leaf })
        #expect(back.delta?.hasPrefix("+") == true)
    }

    @Test("JSON, Markdown and the table name the leaf and its cause")
    func formats() throws {
        let a = try Self.sample()
        var (b, leaf) = Self.moved(a)
        b.asOf = "2027-06-30"
        let diff = AssessmentDiff(from: a, to: b)
        for format in [ArchiveOutputFormat.table, .json, .markdown] {
            let text = DiffReport.render(diff, labels: ("a.json", "b.json"), format: format)
            #expect(text.contains(leaf), "\(format)")
            #expect(text.contains(format == .json ? "date_moved" : "assessment date moved"), "\(format)")
        }
    }
}
