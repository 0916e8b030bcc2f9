import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Evidence
@testable import EvidenceFormats

@Suite("Extraction: bounded by the bundle's budget, scans detected")
struct ExtractionTests {
    /// A copy of the basic bundle whose D04 (docs/handover.pdf) is `pdf`.
    func bundle(withHandover pdf: Data, extraction: ExtractionBudget = ExtractionBudget()) throws -> EvidenceBundle {
        let folder = try Fixtures.copy("basic")
        try pdf.write(to: folder.appendingPathComponent("docs/handover.pdf"))
        var options = Fixtures.options
        options.extraction = extraction
        return try EvidenceBundle.open(folder, options: options)
    }

    @Test func theDefaultsAreDocumented() {
        let budget = ExtractionBudget()
        #expect(budget.cpuSeconds == 600)
        #expect(budget.documentCPUSeconds == 8)
        #expect(budget.textBytes == 256 << 20)
        #expect(budget.wallClockSeconds(share: 60) == 630)
        #expect(BundleOptions().extraction == budget)
    }

    @Test func sharesAreFixedByTheNumberOfDocuments() {
        let budget = ExtractionBudget(cpuSeconds: 100, documentCPUSeconds: 30)
        #expect(budget.cpuShare(documents: 1) == 30)
        #expect(budget.cpuShare(documents: 4) == 25)
        #expect(budget.cpuShare(documents: 1000) == 1)
        #expect(budget.cpuShare(documents: 0) == 30)
    }

    @Test func aPDFOverItsProcessorShareIsUnreadableNotAnError() throws {
        guard PDFExtractor.findTool() != nil else {
            print("skipped: pdftotext (poppler-utils) is not installed")
            return
        }
        // 20,000 positioned glyphs take pdftotext -layout seconds of processor time; the share is 1 s.
        let bundle = try bundle(
            withHandover: GeneratedPDF.positionedGlyphs(20_000), extraction: ExtractionBudget(cpuSeconds: 1))
        bundle.extractDocuments()
        let problem = try #require(try bundle.text(ofDocument: "D04").problem)
        #expect(problem.code == "document-over-budget")
        #expect(problem.message.contains("extraction budget (1 s of processor time)"))
        #expect(problem.location?.file.hasSuffix("docs/handover.pdf") == true)
        #expect(try bundle.text(ofDocument: "D01").content != nil)
        #expect(bundle.readingFindings.filter { $0.code == "document-over-budget" }.count == 1)
    }

    @Test func textPastTheBundlesBudgetIsUnreadableInManifestOrder() throws {
        // D01 (plan.md) is read first and fits; the later documents' text passes the budget.
        let plan = try #require(try Fixtures.openBasic().text(ofDocument: "D01").content?.text.utf8.count)
        var options = Fixtures.options
        options.extraction = ExtractionBudget(textBytes: plan)
        let bundle = try EvidenceBundle.open(Fixtures.url("basic"), options: options)
        bundle.extractDocuments()
        #expect(try bundle.text(ofDocument: "D01").content != nil)
        let later = try #require(try bundle.text(ofDocument: "D02").problem)
        #expect(later.code == "document-over-budget")
        #expect(later.message.contains("BundleOptions.extraction.textBytes"))
    }

    @Test func aPDFWithoutATextLayerIsAScan() throws {
        guard PDFExtractor.findTool() != nil else {
            print("skipped: pdftotext (poppler-utils) is not installed")
            return
        }
        let bundle = try bundle(withHandover: GeneratedPDF.imageOnly(pages: 2))
        let problem = try #require(try bundle.text(ofDocument: "D04").problem)
        #expect(problem.code == "document-scanned")
        #expect(problem.message.contains("none of its 2 pages has a text layer"))
    }

    @Test func anImageListedAsADocumentIsAScan() throws {
        let folder = try Fixtures.copy("basic")
        let manifest = folder.appendingPathComponent("bundle.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "path: docs/handover.pdf", with: "path: docs/handover.png")
            .write(to: manifest, atomically: true, encoding: .utf8)
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: folder.appendingPathComponent("docs/handover.png"))
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        let problem = try #require(try bundle.text(ofDocument: "D04").problem)
        #expect(problem.code == "document-scanned")
        #expect(problem.message.contains("an image (.png) has no text layer"))
    }

    @Test func problemsNameAMissingFileOnce() throws {
        let bundle = try Fixtures.openBasic()
        bundle.extractDocuments()
        // D07 (docs/trial-run.docx) is missing: reported when opening, not again when read.
        #expect(bundle.readingFindings.map(\.code) == ["document-unreadable", "document-unreadable"])
        #expect(bundle.problems.map(\.code) == ["file-missing", "document-unreadable"])
        #expect(bundle.problems.last?.location?.file.hasSuffix("docs/broken.docx") == true)
    }

    @Test func filesTheManifestDoesNotListAreKnown() throws {
        let folder = try Fixtures.copy("basic")
        try Data("x".utf8).write(to: folder.appendingPathComponent("docs/extra.txt"))
        try Data("x".utf8).write(to: folder.appendingPathComponent(".hidden"))
        let bundle = try EvidenceBundle.open(folder, options: Fixtures.options)
        #expect(bundle.unlistedFiles == ["docs/extra.txt"])
        #expect(bundle.relativePath(ofDisplay: bundle.displayPath("docs/extra.txt")) == "docs/extra.txt")
    }
}
