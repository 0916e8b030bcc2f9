import Diagnostics
import Foundation
import Testing

@testable import Evidence
@testable import EvidenceFormats

@Suite("Read limits: a file over its cap is a located finding, not read")
struct ReadLimitsTests {
    func open(_ limits: ReadLimits) throws -> EvidenceBundle {
        var options = Fixtures.options
        options.readLimits = limits
        return try EvidenceBundle.open(Fixtures.url("basic"), options: options)
    }

    @Test func theDefaultsAreDocumented() {
        let limits = ReadLimits()
        #expect(limits.textDocumentBytes == 32 << 20)
        #expect(limits.csvBytes == 256 << 20)
        #expect(limits.docxBytes == 64 << 20)
        #expect(limits.ooxmlPartBytes == 64 << 20)
        #expect(limits.pdfTextBytes == 64 << 20)
        #expect(BundleOptions().readLimits == limits)
    }

    @Test func aTextDocumentOverItsCapIsUnreadableAtItsFile() throws {
        // plan.md has 464 bytes, manual.md 94.
        let bundle = try open(ReadLimits(textDocumentBytes: 100))
        let problem = try #require(try bundle.text(ofDocument: "D01").problem)
        #expect(problem.code == "document-unreadable")
        #expect(
            problem.message.contains(
                "the file is 464 bytes, more than the 100 allowed for a text document (BundleOptions.readLimits.textDocumentBytes)"
            ))
        #expect(problem.location?.file.hasSuffix("basic/docs/plan.md") == true)
        #expect(try bundle.text(ofDocument: "D06").content != nil)
        #expect(bundle.readingFindings.map(\.code) == ["document-unreadable"])
    }

    @Test func aCSVFileOverItsCapIsARecordTableError() throws {
        // tickets.csv has 374 bytes, visits.csv 121.
        let bundle = try open(ReadLimits(csvBytes: 200))
        #expect {
            try bundle.records(named: "tickets")
        } throws: { error in
            let finding = (error as! FindingsError).findings[0]
            return finding.code == "csv-size" && finding.severity == .error
                && finding.message.contains(
                    "the file is 374 bytes, more than the 200 allowed for a CSV file (BundleOptions.readLimits.csvBytes)"
                )
                && finding.location?.file.hasSuffix("basic/records/tickets.csv") == true
        }
        #expect(try bundle.records(named: "visits").rowCount > 0)
    }

    @Test func aDocxOverItsCapOrWithAPartOverItsCapIsUnreadable() throws {
        let small = try open(ReadLimits(docxBytes: 1000))
        let tooBig = try #require(try small.text(ofDocument: "D02").problem)
        #expect(
            tooBig.message.contains("more than the 1000 allowed for a .docx file (BundleOptions.readLimits.docxBytes)"))

        let smallParts = try open(ReadLimits(ooxmlPartBytes: 100))
        let part = try #require(try smallParts.text(ofDocument: "D02").problem)
        #expect(part.message.contains("word/document.xml unpacks to"))
        #expect(part.message.contains("more than the 100 allowed"))
    }

    @Test func pdfTextOverItsCapIsUnreadable() throws {
        guard PDFExtractor.findTool() != nil else { return }
        let bundle = try open(ReadLimits(pdfTextBytes: 10))
        let problem = try #require(try bundle.text(ofDocument: "D04").problem)
        #expect(problem.message.contains("the PDF's text is longer than 10 bytes"))
    }
}
