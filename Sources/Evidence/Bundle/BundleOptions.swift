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
    /// How long `pdftotext` may take on one PDF, in seconds.
    public var pdfTimeout: TimeInterval
    /// Where zip bundles are unpacked; nil is the system's temporary folder.
    public var temporaryDirectory: URL?
    /// The record tables the rubric declares, by name: their columns with header aliases.
    /// A manifest's table of that name may leave out `columns:` and is read by alias.
    public var recordTables: [String: [ColumnSpec]] = [:]

    public init(
        documentTypes: [String]? = nil, schemeID: String? = nil, zipLimits: ZipLimits = ZipLimits(),
        readLimits: ReadLimits = ReadLimits(),
        pdftotextPath: URL? = nil, pdfTimeout: TimeInterval = 60, temporaryDirectory: URL? = nil
    ) {
        self.documentTypes = documentTypes
        self.schemeID = schemeID
        self.zipLimits = zipLimits
        self.readLimits = readLimits
        self.pdftotextPath = pdftotextPath
        self.pdfTimeout = pdfTimeout
        self.temporaryDirectory = temporaryDirectory
    }
}
