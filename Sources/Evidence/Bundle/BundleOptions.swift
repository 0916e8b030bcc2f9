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
