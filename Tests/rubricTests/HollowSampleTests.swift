import Foundation
import Testing

/// Issue 15: a bundle whose manifest is complete but whose documents are templates
/// and placeholders, and whose record tables are nearly empty, earns no grade.
@Suite("The hollow ISI sample organization")
struct HollowSampleTests {
    static let name = "boyuan-hollow"

    @Test("the hollow sample earns no grade, and each of its parts stays below 60")
    func noGradeAndEveryPartBelowSixty() throws {
        let (status, json) = try SampleTests.report(Self.name)
        #expect(status == 0, "the hollow sample still assesses completely (exit 0)")
        #expect(SampleTests.gradeLabel((json["result"] as? [String: Any])?["grade"]) == "无")
        let parts = json["parts"] as? [[String: Any]] ?? []
        #expect(parts.count == 2)
        for part in parts {
            let id = part["id"] as? String ?? "?"
            let points = Double(part["points"] as? String ?? "") ?? .infinity
            #expect(points < 60, "part \(id) keeps \(points) points")
        }
    }
}
