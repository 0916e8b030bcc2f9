import Engine
import Evidence
import Foundation
import Scoring
import TestSupport
import Testing

@Suite("Evidence the run could not read leaves the leaf to the auditor")
struct UnreadableEvidenceTests {
    /// A copy of the basic bundle whose D04 (docs/handover.pdf) is a scan without a text layer.
    static func scannedBundle() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("engine-scan-\(UUID().uuidString)/basic")
        try FileManager.default.createDirectory(
            at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: EngineFixtures.basicBundle, to: folder)
        try GeneratedPDF.imageOnly(pages: 1).write(to: folder.appendingPathComponent("docs/handover.pdf"))
        return folder
    }

    static let judgesTheScan = """
        return function(ctx)
          local text = ev.text("D04")
          if text and text:find("移交") then return {score = 1} end
          findings.nonconformity("未见移交清单 no handover record", {document = "D04"})
          return {score = 0.25}
        end
        """

    @Test func aScannedDocumentNeverMakesANonconformityByItself() throws {
        let bundle = try Self.scannedBundle()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let leaf = try assessOne(Self.judgesTheScan, bundle: bundle)
        #expect(leaf.status == .manual)
        #expect(leaf.unreadableEvidence == ["D04"])
        #expect(leaf.provisional?.status == .scored)
        #expect(leaf.provisional?.fraction == Decimal(string: "0.25"))
        #expect(leaf.reason?.contains("D04 (docs/handover.pdf)") == true)
        #expect(!leaf.findings.isEmpty)
        #expect(leaf.findings.allSatisfy { $0.level != .nonconformity })
    }

    @Test func aRuleThatFailsOnTheMissingTextIsLeftToTheAuditorNotAnError() throws {
        let bundle = try Self.scannedBundle()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let leaf = try assessOne(
            "return function(ctx) return {score = #ev.text(\"D04\") > 0 and 1 or 0} end\n", bundle: bundle)
        #expect(leaf.status == .manual)
        #expect(leaf.error == nil)
        #expect(leaf.provisional?.status == .error)
        #expect(leaf.reason?.contains("the rule failed") == true)
    }

    @Test func fullMarksStandAndAMissingFileIsStillJudged() throws {
        let bundle = try Self.scannedBundle()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let full = try assessOne(
            "return function(ctx) local _ = ev.text(\"D04\"); return {score = 1} end\n", bundle: bundle)
        #expect(full.status == .scored)
        #expect(full.unreadableEvidence == ["D04"])
        // The basic bundle's own handover.pdf is readable: the same rule judges it.
        let readable = try assessOne(Self.judgesTheScan)
        #expect(readable.unreadableEvidence.isEmpty)
        #expect(readable.provisional == nil)
    }
}
