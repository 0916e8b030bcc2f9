import Evidence
import Foundation
import TestSupport
import Testing

@testable import Reports

/// How findings cite their evidence: by title and file, a table's rows together, OCR'd text marked.
@Suite("Evidence citations")
struct EvidenceIndexTests {
    @Test("a document is cited by title and file, and marked when its text was recognised by OCR")
    func citations() throws {
        let bundle = try EvidenceBundle.open(ReportFixtures.basicBundle, options: BundleOptions())
        defer { bundle.close() }
        var index = EvidenceIndex(bundle)
        let plan = EvidenceReference.document(id: "D01")
        #expect(index.citation(plan, Labels(language: .en)) == "实施方案 Implementation plan (docs/plan.md)")
        let position = try #require(index.entries.firstIndex { $0.id == "D01" })
        #expect(!index.entries[position].isRecognized)
        index.entries[position].isRecognized = true
        #expect(index.citation(plan, Labels(language: .en)) == "实施方案 Implementation plan (docs/plan.md) [OCR]")
        #expect(index.citation(plan, Labels(language: .zh)).hasSuffix(" [文字识别]"))
    }
}
