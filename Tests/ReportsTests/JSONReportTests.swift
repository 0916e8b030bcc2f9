import Foundation
import Reports
import Scheme
import Testing

@Suite("JSON report")
struct JSONReportTests {
    @Test("the mini rubric over the basic bundle matches the golden file")
    func golden() throws {
        let text = JSONReport.render(try ReportFixtures.context())
        #expect(text == (try ReportFixtures.golden("mini-basic.json", updatingWith: text)))
    }

    @Test("two renders are byte-identical")
    func deterministic() throws {
        let first = JSONReport.render(try ReportFixtures.context())
        let second = JSONReport.render(try ReportFixtures.context())
        #expect(Data(first.utf8) == Data(second.utf8))
    }

    @Test("the report is valid JSON with the documented top-level keys, in order")
    func keys() throws {
        let text = JSONReport.render(try ReportFixtures.context())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let documented = [
            "schema", "rubric", "bundle", "engine", "as_of", "generated_at", "result", "parts",
            "indicators", "leaves", "overrides_sha256", "overrides", "explanation", "evidence_problems",
        ]
        #expect(Set(object.keys) == Set(documented))
        let positions = documented.map { text.range(of: "\n  \"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(object["schema"] as? String == "rubric.report/2")
        #expect(object["generated_at"] as? String == "2026-09-21T14:13:20Z")
    }

    @Test("points are strings with two decimals; override is null without overrides")
    func points() throws {
        let text = JSONReport.render(try ReportFixtures.context())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["total"] as? String == "16.67")
        let leaves = try #require(object["leaves"] as? [[String: Any]])
        #expect(leaves.first?["points"] as? String == "15.00")
        #expect(leaves.first?["fraction"] as? String == "0.75")
        #expect(leaves.allSatisfy { $0["override"] is NSNull })
        let error = try #require(leaves[3]["error"] as? [String: Any])
        #expect(error["file"] as? String == "rules/runtime-error.lua")
        #expect(error["line"] as? Int == 4)
    }

    @Test("strings are escaped as JSON requires, and nothing else")
    func escaping() {
        let value = JSONValue.object([("k", .string("a\"b\\c\nd\t\u{01}中"))])
        #expect(value.text == "{\n  \"k\": \"a\\\"b\\\\c\\nd\\t\\u0001中\"\n}\n")
    }

    @Test("SOURCE_DATE_EPOCH sets generated_at; a bad value is refused")
    func sourceDateEpoch() {
        #expect(
            ReportContext.generatedAt(environment: ["SOURCE_DATE_EPOCH": "1790000000"])
                == Date(timeIntervalSince1970: 1_790_000_000))
        #expect(ReportContext.generatedAt(environment: ["SOURCE_DATE_EPOCH": "soon"]) == nil)
        let now = Date(timeIntervalSince1970: 5)
        #expect(ReportContext.generatedAt(environment: [:], now: now) == now)
    }
}
