import Foundation
import Testing

/// The JSON report lists leaves and indicators in the rubric's own order, which
/// for ISI is numeric by clause (4.1, 4.2, …, 4.10; 5.1.1, …, 5.10), not the
/// order of the ids as text (4.1, 4.10, 4.2).
@Suite("Report order on the ISI rubric")
struct ReportOrderTests {
    /// The components of an id as numbers: "5.10" -> [5, 10].
    static func key(_ id: String) -> [Int] {
        id.split(separator: ".").map { Int($0) ?? -1 }
    }

    static func isNumericallyOrdered(_ ids: [String]) -> Bool {
        zip(ids, ids.dropFirst()).allSatisfy { pair in
            key(pair.0).lexicographicallyPrecedes(key(pair.1))
        }
    }

    @Test(arguments: ["huaxin-level1", "ruituo-ungraded"])
    func leavesAndIndicatorsInClauseOrder(sample: String) throws {
        let bundle = SampleTests.samples.appendingPathComponent(sample).path
        let rubric = CommandsTests.root.appendingPathComponent("Rubrics/isi").path
        let output = try RubricBinary.run(["assess", "--rubric", rubric, bundle, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        let leaves = try #require(report["leaves"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let indicators = try #require(report["indicators"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let parts = try #require(report["parts"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(leaves.count == 34)
        // The case a text sort would get wrong is present.
        #expect(leaves.contains("4.10") && leaves.contains("5.10"))
        #expect(Self.isNumericallyOrdered(leaves), "\(leaves)")
        #expect(parts == ["4", "5"])
        // Indicators are listed depth-first, a parent before its children and siblings in
        // clause order: that is the numeric order of their id components (5.1 < 5.1.1 < 5.2).
        #expect(indicators.count == 42)
        #expect(Self.isNumericallyOrdered(indicators), "\(indicators)")
    }

    @Test func numericOrderCheckCatchesTextOrder() {
        #expect(!Self.isNumericallyOrdered(["4.1", "4.10", "4.2"]))
        #expect(Self.isNumericallyOrdered(["4.1", "4.2", "4.10", "5.1.1", "5.1.2", "5.10"]))
    }
}
