import Foundation

/// How to open a bundle: what to check the manifest against, and the safety caps.
public struct BundleOptions: Sendable {
    /// The rubric's document types; nil skips the check.
    public var documentTypes: [String]?
    /// The rubric's scheme id (`isi`); nil skips the check.
    public var schemeID: String?
    /// Caps for `.zip` bundles.
    public var zipLimits: ZipLimits
    /// The most bytes read from each kind of file.
    public var readLimits: ReadLimits
    /// The `pdftotext` program; nil looks it up on the PATH when a PDF is first read.
    public var pdftotextPath: URL?
    /// What extracting the text of the bundle's documents may cost (see ``ExtractionBudget``).
    public var extraction: ExtractionBudget
    /// Where zip bundles are unpacked; nil is the system's temporary folder.
    public var temporaryDirectory: URL?
    /// The record tables the rubric declares, by name: their columns with header aliases.
    /// A manifest's table of that name may leave out `columns:` and is read by alias.
    public var recordTables: [String: [ColumnSpec]] = [:]
    /// LibreOffice's `soffice`, which converts .doc, .wps, .rtf, .xls and .et files;
    /// nil looks it up on the PATH when such a file is first read.
    public var officePath: URL?
    /// How long LibreOffice may take to convert one file, in seconds.
    public var officeTimeout: TimeInterval = 120
    /// Where converted files are cached by digest; nil is a folder in the system's temporary folder.
    public var officeCacheDirectory: URL?
    /// Whether and how scanned pages and images are recognised (`--ocr`); nil,
    /// the default, leaves them unreadable, for the auditor.
    public var ocr: OCRSettings?

    public init(
        documentTypes: [String]? = nil, schemeID: String? = nil, zipLimits: ZipLimits = ZipLimits(),
        readLimits: ReadLimits = ReadLimits(),
        pdftotextPath: URL? = nil, extraction: ExtractionBudget = ExtractionBudget(), temporaryDirectory: URL? = nil
    ) {
        self.documentTypes = documentTypes
        self.schemeID = schemeID
        self.zipLimits = zipLimits
        self.readLimits = readLimits
        self.pdftotextPath = pdftotextPath
        self.extraction = extraction
        self.temporaryDirectory = temporaryDirectory
    }
}
