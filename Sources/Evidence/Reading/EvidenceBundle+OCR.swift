import Diagnostics
import EvidenceFormats
import Foundation

/// Recognition of scanned pages and images (``OCRSettings``, `--ocr`).
extension EvidenceBundle {
    /// The reader of `settings`, or nil when Tesseract is not installed.
    func ocrReader(_ settings: OCRSettings) -> OCRReader? {
        guard let tesseract = settings.tesseractPath ?? OCRReader.findTool("tesseract") else { return nil }
        return OCRReader(
            tesseract: tesseract, pdftoppm: settings.pdftoppmPath ?? OCRReader.findTool("pdftoppm"),
            settings: OCRReader.Settings(
                languages: settings.languages, pixels: settings.pixels, memoryBytes: settings.memoryBytes),
            cacheDirectory: settings.cacheDirectory)
    }

    /// Takes up to `wanted` pages of the bundle's OCR share
    /// (`ExtractionBudget.cpuSeconds / OCRSettings.pageCPUSeconds` pages in all);
    /// how many it may recognise. Documents are extracted in manifest order, so
    /// the share each gets depends on the bundle alone.
    private func takeOCRPages(_ wanted: Int, settings: OCRSettings) -> Int {
        let limit = options.extraction.cpuSeconds / max(1, settings.pageCPUSeconds)
        return lock.withLock {
            let granted = max(0, min(wanted, limit - ocrPages))
            ocrPages += granted
            return granted
        }
    }

    /// The SHA-256 of a document's file, as the bundle hashed it when it opened.
    private func digest(of document: DocumentEntry, at url: URL) -> String {
        file(forDocument: document.id)?.sha256 ?? (try? FileDigest.sha256(of: url).hex) ?? url.path
    }

    private func finding(_ severity: Finding.Severity, _ code: String, _ document: DocumentEntry, _ text: String)
        -> Finding
    {
        Finding(
            severity, code: code, message: "document '\(document.id)' (\(document.title)): \(text)",
            location: SourceLocation(file: displayPath(document.path)))
    }

    /// A scanned document whose text OCR could not give: unreadable, for the auditor.
    private func unrecognized(_ document: DocumentEntry, _ reason: String, _ problems: [String]) -> DocumentText {
        let details = problems.isEmpty ? "" : " (" + problems.joined(separator: "; ") + ")"
        return .unreadable(
            finding(
                .warning, "document-scanned", document,
                "the text could not be read: \(reason) and OCR recognised no text\(details); the auditor reviews what needed it"
            ))
    }

    /// The note that says which pages were recognised, so that an auditor knows
    /// the text came from a machine, with the pages that were not.
    private func ocrNote(_ document: DocumentEntry, recognized: [Int], problems: [String], settings: OCRSettings)
        -> Finding
    {
        let pages =
            recognized.prefix(20).map(String.init).joined(separator: ", ") + (recognized.count > 20 ? ", …" : "")
        var text =
            "OCR: the text of \(recognized.count == 1 ? "page" : "pages") \(pages) was recognised by Tesseract (\(settings.languages)), not read from a text layer; check what the rules found in it against the original"
        if !problems.isEmpty { text += "; " + problems.joined(separator: "; ") }
        return finding(.note, "document-ocr", document, text)
    }

    /// Why some pages were not recognised: the caps of `settings` and the bundle's share.
    private static func skipped(_ count: Int, settings: OCRSettings) -> String {
        "\(count) more \(count == 1 ? "page" : "pages") without text not recognised (at most \(settings.documentPages) per document, OCRSettings.documentPages, and ExtractionBudget.cpuSeconds / OCRSettings.pageCPUSeconds per bundle)"
    }

    /// The PDF's text with each page that had none recognised by `reader`, page
    /// by page, within the document's and the bundle's page caps.
    func recognized(
        _ document: DocumentEntry, pdfAt url: URL, pages: PDFExtractor.Pages, reader: OCRReader,
        settings: OCRSettings
    ) -> DocumentText {
        let digest = digest(of: document, at: url)
        let wanted = Array(pages.pagesWithoutText.prefix(max(0, settings.documentPages)))
        let granted = takeOCRPages(wanted.count, settings: settings)
        var texts = pages.pageTexts.map(String.init)
        var recognized: [Int] = []
        var problems: [String] = []
        var empty: [Int] = []
        for page in wanted.prefix(granted) {
            do {
                let text = try reader.recognize(
                    pdfAt: url, digest: digest, page: page, cpuSeconds: settings.pageCPUSeconds)
                if text.isEmpty {
                    empty.append(page)
                } else {
                    texts[page - 1] = text
                    recognized.append(page)
                }
            } catch {
                problems.append("page \(page) not recognised: \(error.reason)")
            }
        }
        if !empty.isEmpty {
            problems.append("no text found on page \(empty.map(String.init).joined(separator: ", "))")
        }
        let left = pages.pagesWithoutText.count - granted
        if left > 0 { problems.append(Self.skipped(left, settings: settings)) }
        if recognized.isEmpty && pages.isWithoutTextLayer {
            return unrecognized(document, "none of its \(pages.pageCount) pages has a text layer (a scan?)", problems)
        }
        let note =
            recognized.isEmpty
            ? finding(
                .note, "pages-without-text", document,
                "\(pages.pagesWithoutText.count) of its \(pages.pageCount) pages have no text (blank or scanned) and OCR recognised none: "
                    + problems.joined(separator: "; "))
            : ocrNote(document, recognized: recognized, problems: problems, settings: settings)
        lock.withLock { textNotes[document.id] = note }
        return .readable(MarkdownExtractor.extract(plainText: texts.joined(separator: "\n\n")))
    }

    /// The text of an image listed as a document, recognised by `reader`.
    func recognized(_ document: DocumentEntry, imageAt url: URL, reader: OCRReader, settings: OCRSettings)
        -> DocumentText
    {
        let ext = url.pathExtension
        guard takeOCRPages(1, settings: settings) == 1 else {
            return unrecognized(document, "an image (.\(ext)) has no text layer", [Self.skipped(1, settings: settings)])
        }
        let text: String
        do {
            text = try reader.recognize(
                imageAt: url, digest: digest(of: document, at: url), cpuSeconds: settings.pageCPUSeconds)
        } catch {
            return unrecognized(document, "an image (.\(ext)) has no text layer", [error.reason])
        }
        if text.isEmpty { return unrecognized(document, "an image (.\(ext)) has no text layer", []) }
        let note = ocrNote(document, recognized: [1], problems: [], settings: settings)
        lock.withLock { textNotes[document.id] = note }
        return .readable(MarkdownExtractor.extract(plainText: text))
    }
}

extension EvidenceBundle {
    /// The documents read so far whose text, or some of it, was recognised by OCR,
    /// by id: reports mark their citations so that an auditor checks them against
    /// the original.
    public var recognizedDocumentIDs: Set<String> {
        lock.withLock { Set(textNotes.filter { $0.value.code == "document-ocr" }.keys) }
    }
}
