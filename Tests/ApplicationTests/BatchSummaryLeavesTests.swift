import Application
import Foundation
import Testing

/// The leaves' fractions in the batch summary: wide CSV columns and a JSON object.
@Suite("Batch summary: each leaf's fraction")
struct BatchSummaryLeavesTests {
    static func rows() -> [BatchRow] {
        var assessed = BatchRow(
            bundle: "a", organization: "甲", status: .assessed, partPoints: ["30.00"], total: "30.00", grade: "level2",
            error: "")
        assessed.leafFractions = ["4.1": "0.75", "4.2": "not_applicable"]
        return [assessed, .failed(bundle: "b", error: "bad")]
    }

    func written(_ format: BatchSummaryWriter.Format) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "leaves-\(UUID().uuidString).\(format)")
        defer { try? FileManager.default.removeItem(at: file) }
        let writer = try BatchSummaryWriter(destination: file, format: format, partIDs: ["4"], leafIDs: ["4.1", "4.2"])
        var counts = BatchCounts(gradeIDs: ["level2"])
        for row in Self.rows() {
            writer.add(row)
            counts.add(row)
        }
        try writer.finish(counts: counts)
        return try String(contentsOf: file, encoding: .utf8)
    }

    @Test("CSV: a leaf_<id> column per leaf after the warnings and the error, empty when failed")
    func csv() throws {
        #expect(
            try written(.csv)
                == """
                bundle,organization,status,part_4,total,grade,warnings,error,leaf_4.1,leaf_4.2
                a,甲,assessed,30.00,30.00,level2,0,,0.75,not_applicable
                b,,failed,,,,,bad,,

                """)
    }

    @Test("JSON: leaves by id, null when failed")
    func json() throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try written(.json).utf8)) as? [String: Any])
        let bundles = try #require(object["bundles"] as? [[String: Any]])
        #expect((bundles[0]["leaves"] as? [String: String]) == ["4.1": "0.75", "4.2": "not_applicable"])
        #expect(bundles[1]["leaves"] is NSNull)
    }
}
