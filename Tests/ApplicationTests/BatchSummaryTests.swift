import Application
import Foundation
import Reports
import Testing

/// The pieces of `rubric batch` that need no process: the summary file, the
/// counts and the report names.
@Suite("Batch summary and bundle list")
struct BatchSummaryTests {
    static let rows = [
        BatchRow(
            bundle: "a", organization: "甲, \"乙\"", status: .assessed, partPoints: ["30.00", "45.50"],
            total: "75.50", grade: "level2", error: ""),
        BatchRow(
            bundle: "b", organization: "丙", status: .incomplete, partPoints: ["10.00", "0.00"],
            total: "10.00", grade: "", error: "rule errors: 4.1; manual: 5.2", warnings: 2),
        .failed(bundle: "c", error: "c/bundle.yaml:2:1: error: bad\nsecond line"),
    ]

    /// Writes the rows in `format`; returns the file's text.
    func written(_ format: BatchSummaryWriter.Format) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "summary-\(UUID().uuidString).\(format)")
        defer { try? FileManager.default.removeItem(at: file) }
        let writer = try BatchSummaryWriter(destination: file, format: format, partIDs: ["4", "5"])
        var counts = BatchCounts(gradeIDs: ["level1", "level2"])
        for row in Self.rows {
            writer.add(row)
            counts.add(row)
        }
        try writer.finish(counts: counts)
        return try String(contentsOf: file, encoding: .utf8)
    }

    @Test func csvQuotesWhatItMust() throws {
        let expected = [
            "bundle,organization,status,part_4,part_5,total,grade,warnings,error",
            #"a,"甲, ""乙""",assessed,30.00,45.50,75.50,level2,0,"#,
            "b,丙,incomplete,10.00,0.00,10.00,,2,rule errors: 4.1; manual: 5.2",
            #"c,,failed,,,,,,"c/bundle.yaml:2:1: error: bad"#,
            #"second line""#,
        ]
        #expect(try written(.csv) == expected.joined(separator: "\n") + "\n")
    }

    @Test func jsonHasTheRowsThenTheCounts() throws {
        let text = try written(.json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let bundles = try #require(object["bundles"] as? [[String: Any]])
        #expect(bundles.map { $0["bundle"] as? String } == ["a", "b", "c"])
        #expect((bundles[0]["parts"] as? [String: String]) == ["4": "30.00", "5": "45.50"])
        #expect(bundles[2]["parts"] is NSNull)
        #expect(bundles.map { $0["warnings"] as? Int } == [0, 2, nil])
        let counts = try #require(object["counts"] as? [String: Any])
        #expect(counts["failed"] as? Int == 1)
        #expect((counts["grades"] as? [String: Int]) == ["level1": 0, "level2": 1, "ungraded": 0])
        #expect(text.hasPrefix("{\n  \"bundles\": [\n    {\n      \"bundle\": \"a\","))
    }

    @Test func countsAndOutcome() {
        var counts = BatchCounts(gradeIDs: ["level1", "level2"])
        counts.add(Self.rows[0])
        #expect(counts.outcome == .assessed)
        counts.add(Self.rows[1])
        #expect(counts.outcome == .incomplete)
        #expect(
            counts.closingText == "2 bundles: 1 assessed, 1 incomplete, 0 failed\n"
                + "grades of the assessed: level1 0, level2 1, ungraded 0\n")
    }

    @Test func reportNamesAreMadeUnique() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["acme", "acme-2", "beta"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data("format: 1\n".utf8).write(to: folder.appendingPathComponent("\(name)/bundle.yaml"))
        }
        try Data().write(to: folder.appendingPathComponent("acme.zip"))
        try Data().write(to: folder.appendingPathComponent("notes.txt"))
        let list = try BatchBundleList(arguments: [folder.path, folder.path + "/beta"])
        #expect(list.paths == ["acme", "acme-2", "acme.zip", "beta", "beta"].map { folder.path + "/" + $0 })
        #expect((0..<list.count).map { list[$0].reportName } == ["acme", "acme-2", "acme-3", "beta", "beta-2"])
    }
}
