/// The most bytes read from each kind of bundle file. A file over its cap is
/// not read: it gives a finding located at the file (an unreadable document, a
/// record-table error), so memory stays bounded whatever the files' sizes.
/// Every file is still hashed, in chunks, when the bundle opens.
public struct ReadLimits: Sendable, Hashable {
    /// Most bytes of a `.md` or `.txt` document.
    public var textDocumentBytes: Int
    /// Most bytes of a record table's CSV file.
    public var csvBytes: Int
    /// Most bytes of a `.docx` file, the zip itself.
    public var docxBytes: Int
    /// Most bytes one part of a `.docx` (`word/document.xml`, `word/styles.xml`) may unpack to.
    public var ooxmlPartBytes: Int
    /// Most bytes of text `pdftotext` may give for one PDF.
    public var pdfTextBytes: Int

    /// 32 MiB of text documents, 256 MiB of CSV (a table of a million rows and
    /// more: its rows are stored by column, once per bundle), 64 MiB of `.docx`
    /// and of each of its parts, 64 MiB of PDF text.
    public init(
        textDocumentBytes: Int = 32 << 20, csvBytes: Int = 256 << 20, docxBytes: Int = 64 << 20,
        ooxmlPartBytes: Int = 64 << 20, pdfTextBytes: Int = 64 << 20
    ) {
        self.textDocumentBytes = textDocumentBytes
        self.csvBytes = csvBytes
        self.docxBytes = docxBytes
        self.ooxmlPartBytes = ooxmlPartBytes
        self.pdfTextBytes = pdfTextBytes
    }
}
