import Foundation
import Testing

@testable import Evidence

/// The programs the OCR tests need: Tesseract with simplified Chinese, poppler's
/// pdftoppm, and Chromium to print the Chinese text that is then scanned.
enum OCRTools {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let tesseract = OCRReaderPaths.find("tesseract")
    static let pdftoppm = OCRReaderPaths.find("pdftoppm")
    static var chineseModel: Bool {
        ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"]
            .contains { FileManager.default.fileExists(atPath: $0 + "/chi_sim.traineddata") }
    }
    static var available: Bool { chromium != nil && tesseract != nil && pdftoppm != nil && chineseModel }
    static let reason: Comment =
        "OCR test skipped: needs tesseract-ocr and tesseract-ocr-chi-sim (Scripts/setup installs them), pdftoppm and chromium"
}

enum OCRReaderPaths {
    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Scanned documents with `BundleOptions.ocr` (`--ocr`): a PDF of a page image
/// of Chinese text, made by the test (Chromium prints the text, pdftoppm
/// renders the page, the grey pixels are wrapped in a new PDF without text), and
/// the same page as a PNG listed as a document.
@Suite("OCR of scanned documents", .enabled(if: OCRTools.available, OCRTools.reason))
struct OCRTests {
    /// Words of the printed text that the tests look for in the recognised text.
    static let words = ["服务方针", "本公司"]

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(tool) \(arguments)")
    }

    /// Prints Chinese text with Chromium and renders its page with pdftoppm:
    /// a grey PGM and a PNG of the page, in `folder`.
    static func scannedPage(in folder: URL) throws -> (pgm: URL, png: URL) {
        let html = folder.appendingPathComponent("page.html")
        try """
        <!doctype html><html><head><meta charset="utf-8"></head>
        <body style="font-family: 'WenQuanYi Micro Hei', sans-serif; font-size: 20px; margin: 80px">
        <p>服务方针与承诺</p><p>本公司承诺为客户提供优质的信息系统集成服务。</p></body></html>
        """.write(to: html, atomically: true, encoding: .utf8)
        let printed = folder.appendingPathComponent("printed.pdf")
        try run(
            OCRTools.chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--print-to-pdf=\(printed.path)", html.path,
            ])
        let page = folder.appendingPathComponent("page")
        try run(
            OCRTools.pdftoppm!, ["-f", "1", "-l", "1", "-singlefile", "-gray", "-r", "300", printed.path, page.path])
        try run(
            OCRTools.pdftoppm!, ["-f", "1", "-l", "1", "-singlefile", "-png", "-r", "300", printed.path, page.path])
        return (folder.appendingPathComponent("page.pgm"), folder.appendingPathComponent("page.png"))
    }

    /// A one-page PDF that shows the grey image of a binary PGM (P5) file and has no text.
    static func imagePDF(fromPGM pgm: URL) throws -> Data {
        let data = try Data(contentsOf: pgm)
        // The header: "P5", width, height, maximum value, each after white space.
        var fields: [String] = []
        var index = data.startIndex
        while fields.count < 4 {
            while data[index] == 0x20 || data[index] == 0x0A || data[index] == 0x0D { index += 1 }
            var field = ""
            while data[index] != 0x20 && data[index] != 0x0A && data[index] != 0x0D {
                field.append(Character(UnicodeScalar(data[index])))
                index += 1
            }
            fields.append(field)
        }
        let pixels = data[(index + 1)...]
        let width = try #require(Int(fields[1]))
        let height = try #require(Int(fields[2]))
        try #require(fields[0] == "P5" && pixels.count == width * height)
        let content = Data("q 612 0 0 792 0 0 cm /Im1 Do Q".utf8)
        let objects: [Data] = [
            Data("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Data("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Data(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
                    .utf8),
            Data("<< /Length \(content.count) >>\nstream\n".utf8) + content + Data("\nendstream".utf8),
            Data(
                "<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceGray /BitsPerComponent 8 /Length \(pixels.count) >>\nstream\n"
                    .utf8) + pixels + Data("\nendstream".utf8),
        ]
        var output = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (number, object) in objects.enumerated() {
            offsets.append(output.count)
            output += Data("\(number + 1) 0 obj\n".utf8) + object + Data("\nendobj\n".utf8)
        }
        let crossReference = output.count
        output += Data("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            output += Data((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n").utf8)
        }
        output += Data(
            "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(crossReference)\n%%EOF\n".utf8)
        return output
    }

    /// A copy of the basic bundle whose handover record (D04) is the scanned
    /// PDF, with the page's PNG listed as one more document (D99).
    static func scannedBundle() throws -> URL {
        let bundle = try Fixtures.copy("basic")
        let (pgm, png) = try scannedPage(in: bundle.deletingLastPathComponent())
        try imagePDF(fromPGM: pgm).write(to: bundle.appendingPathComponent("docs/handover.pdf"))
        try FileManager.default.copyItem(at: png, to: bundle.appendingPathComponent("docs/scan.png"))
        let manifest = bundle.appendingPathComponent("bundle.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(
            of: "\nrecords:",
            with: "\n  - id: D99\n    type: test_report\n    title: 扫描件 Scanned page\n    path: docs/scan.png\nrecords:"
        ).write(to: manifest, atomically: true, encoding: .utf8)
        return bundle
    }

    static func options(cache: URL?) -> BundleOptions {
        var options = Fixtures.options
        if let cache { options.ocr = OCRSettings(cacheDirectory: cache) }
        return options
    }

    @Test("without --ocr a scanned PDF and an image stay unreadable, for the auditor")
    func withoutOCR() throws {
        let bundle = try Self.scannedBundle()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let evidence = try EvidenceBundle.open(bundle, options: Self.options(cache: nil))
        for id in ["D04", "D99"] {
            let text = try evidence.text(ofDocument: id)
            #expect(text.problem?.code == "document-scanned", "\(id): \(text)")
            #expect(text.needsAuditor)
        }
    }

    @Test("with --ocr the Chinese text is recognised, marked OCR in the findings, and cached by SHA-256")
    func recognised() throws {
        let bundle = try Self.scannedBundle()
        let cache = bundle.deletingLastPathComponent().appendingPathComponent("ocr-cache")
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let evidence = try EvidenceBundle.open(bundle, options: Self.options(cache: cache))
        evidence.extractDocuments()
        var texts: [String: String] = [:]
        for id in ["D04", "D99"] {
            let content = try #require(try evidence.text(ofDocument: id).content, "\(id)")
            for word in Self.words { #expect(content.text.contains(word), "\(id): \(content.text)") }
            texts[id] = content.text
        }
        let notes = evidence.readingFindings.filter { $0.code == "document-ocr" }
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.severity == .note && $0.message.contains("OCR") })
        #expect(notes.first?.location?.file.hasSuffix("docs/handover.pdf") == true)
        #expect(evidence.recognizedDocumentIDs == ["D04", "D99"])

        // Each page is cached under its file's SHA-256: a second bundle reads the cache, with the same text.
        let digest = try #require(evidence.file(forDocument: "D04")?.sha256)
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(cached.contains { $0.hasPrefix(digest + "-p1-") }, "\(cached)")
        let again = try EvidenceBundle.open(bundle, options: Self.options(cache: cache))
        for id in ["D04", "D99"] {
            #expect(try again.text(ofDocument: id).content?.text == texts[id])
        }
    }

    @Test("a document past the bundle's page share is unreadable, with the cap named")
    func pageShare() throws {
        let bundle = try Self.scannedBundle()
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        var options = Self.options(cache: bundle.deletingLastPathComponent().appendingPathComponent("ocr-cache"))
        // One page in all: D04 (first in the manifest) gets it, D99 does not.
        options.extraction.cpuSeconds = options.ocr!.pageCPUSeconds
        let evidence = try EvidenceBundle.open(bundle, options: options)
        evidence.extractDocuments()
        #expect(try evidence.text(ofDocument: "D04").content != nil)
        let image = try evidence.text(ofDocument: "D99")
        #expect(image.problem?.code == "document-scanned")
        #expect(image.problem?.message.contains("OCRSettings.documentPages") == true, "\(image)")
    }
}
