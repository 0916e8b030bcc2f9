import Foundation

/// Whether and how the text of scanned documents is recognised (`--ocr`): PDF
/// pages without a text layer and images listed as documents, page by page,
/// with Tesseract. Without these settings (`BundleOptions.ocr` nil, the
/// default) such a document is unreadable and the auditor reviews what needed it.
///
/// Recognition is part of the bundle's extraction, before any rule runs: each
/// page may use `pageCPUSeconds` of processor time in each program (pdftoppm,
/// tesseract), a document at most `documentPages` pages, and a bundle at most
/// `ExtractionBudget.cpuSeconds / pageCPUSeconds` pages in all, in manifest
/// order, so what is recognised depends on the bundle alone. Recognised text
/// is cached by the file's SHA-256 and the page, and reported as OCR'd
/// (`document-ocr`) so that the auditor knows the text came from a machine.
public struct OCRSettings: Sendable, Hashable {
    /// Tesseract's languages.
    public var languages: String
    /// Processor seconds of each program on one page.
    public var pageCPUSeconds: Int
    /// Most pages recognised of one document; later pages are named in the report.
    public var documentPages: Int
    /// The long side of a rendered PDF page, in pixels (about 300 dpi for A4).
    public var pixels: Int
    /// Most bytes of virtual memory of one recognising program.
    public var memoryBytes: Int
    /// Where recognised pages are kept; nil is a folder in the system's temporary folder.
    public var cacheDirectory: URL?
    /// The `tesseract` and `pdftoppm` programs; nil looks them up on the PATH.
    public var tesseractPath: URL?
    public var pdftoppmPath: URL?

    /// Simplified Chinese and English, 20 s per page and program, 50 pages per
    /// document, 3,500 pixels, 1 GiB of virtual memory.
    public init(
        languages: String = "chi_sim+eng", pageCPUSeconds: Int = 20, documentPages: Int = 50, pixels: Int = 3500,
        memoryBytes: Int = 1 << 30, cacheDirectory: URL? = nil
    ) {
        self.languages = languages
        self.pageCPUSeconds = pageCPUSeconds
        self.documentPages = documentPages
        self.pixels = pixels
        self.memoryBytes = memoryBytes
        self.cacheDirectory = cacheDirectory
    }
}
