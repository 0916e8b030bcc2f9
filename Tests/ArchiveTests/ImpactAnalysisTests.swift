import Archive
import Foundation
import Testing

@Suite("Impact of a change against a baseline")
struct ImpactAnalysisTests {
    static func outcome(_ bundle: String, grade: String?, total: String, leaves: [String: String]) -> BundleOutcome {
        BundleOutcome(bundle: bundle, creditCode: "", status: "assessed", total: total, grade: grade, leaves: leaves)
    }

    @Test("a wide CSV summary is read as a baseline, quoted fields and all")
    func csvBaseline() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).csv")
        try #"""
        bundle,organization,status,part_4,part_5,total,grade,error,leaf_4.1,leaf_5.5.1
        a,"甲, ""乙""",assessed,30.00,45.50,75.50,level2,,1.00,0.75
        b,丙,incomplete,10.00,0.00,10.00,,"rule errors: 5.5.1
        second line",0.50,error
        c,,failed,,,,,bad,,

        """#.write(to: file, atomically: true, encoding: .utf8)
        let baseline = try ImpactBaseline(path: file.path)
        #expect(baseline.outcomes.map(\.bundle) == ["a", "b", "c"])
        #expect(baseline.outcomes[0].leaves == ["4.1": "1.00", "5.5.1": "0.75"])
        #expect(baseline.outcomes[1].leaves == ["4.1": "0.50", "5.5.1": "error"])
        #expect(baseline.outcomes[1].grade == nil && baseline.outcomes[2].leaves.isEmpty)
    }

    @Test("a summary without leaf columns is refused with a reason")
    func oldSummary() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID().uuidString).csv")
        try "bundle,organization,status,total,grade,error\na,x,assessed,1.00,level1,\n".write(
            to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArchiveError.self) { try ImpactBaseline(path: file.path) }
        #expect(error?.message.contains("no leaf_ columns") == true)
    }

    @Test("grade changes by direction, leaves that move most, bundles without a baseline")
    func analysis() {
        let baseline = ImpactBaseline(outcomes: [
            Self.outcome("a", grade: "level2", total: "80.00", leaves: ["4.1": "1.00", "5.5.1": "1.00"]),
            Self.outcome("b", grade: "level1", total: "60.00", leaves: ["4.1": "1.00", "5.5.1": "1.00"]),
            Self.outcome("c", grade: "level1", total: "60.00", leaves: ["4.1": "0.50", "5.5.1": "1.00"]),
        ])
        var impact = ImpactAnalysis(
            baseline: baseline, gradeIDs: ["level3", "level2", "level1"], leafIDs: ["4.1", "5.5.1"])
        let a = impact.add(
            Self.outcome("a", grade: "level1", total: "70.00", leaves: ["4.1": "1.00", "5.5.1": "0.75"]))
        let b = impact.add(
            Self.outcome("b", grade: "level1", total: "58.00", leaves: ["4.1": "1.00", "5.5.1": "0.75"]))
        let c = impact.add(
            Self.outcome("c", grade: "level1", total: "60.00", leaves: ["4.1": "0.50", "5.5.1": "1.00"]))
        impact.add(Self.outcome("d", grade: "level3", total: "90.00", leaves: [:]))
        #expect(a?.direction == .down && a?.leaves.map(\.id) == ["5.5.1"])
        #expect(b?.direction == .same)
        #expect(c == nil)
        #expect(impact.compared == 3 && impact.withoutBaseline == ["d"])
        #expect(impact.mostMoved(3).map(\.id) == ["5.5.1"])
        let text = impact.text
        #expect(text.contains("a: grade level2 → level1 (down); total 80.00 → 70.00; 5.5.1 1.00 → 0.75"))
        #expect(
            text.contains("impact: 3 bundles compared, 2 moved, 1 change grade (0 up, 1 down), 1 without a baseline"))
        #expect(text.contains("leaves that move most: 5.5.1 (2 bundles)"))
    }

    @Test("an archive is a baseline by credit code: the latest assessment of each organization")
    func archiveBaseline() throws {
        let archive = try ArchiveFixtures.sampleArchive()
        let baseline = try ImpactBaseline(path: archive.path)
        let record = try ArchivedAssessment(reportJSON: ArchiveFixtures.sampleReports[1], source: "sample")
        var now = BundleOutcome(record)
        now.bundle = "renamed-folder"
        #expect(baseline.baseline(of: now) == BundleOutcome(record))
    }
}
