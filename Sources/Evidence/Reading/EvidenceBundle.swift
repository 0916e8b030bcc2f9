import Diagnostics
import EvidenceFormats
import Foundation

/// An opened evidence bundle: a folder, or a `.zip` of one unpacked into a private
/// temporary folder, with its checked manifest and the SHA-256 of every file it
/// refers to (opened by ``BundleOpener``), and the reader of its files: document
/// text and record tables, each by its format's reader. Bundle files are only ever read.
///
/// Document text and record tables are read when first asked for and then kept,
/// so each is read at most once per assessment; an assessment extracts the text
/// of every document first (``extractDocuments()``), under the bundle's
/// ``ExtractionBudget``, before any rule runs. Safe to share between threads.
public final class EvidenceBundle: @unchecked Sendable {
    /// The folder or `.zip` that was opened.
    public let source: URL
    /// The bundle root on disk (inside the temporary folder for a `.zip`).
    public let root: URL
    /// Whether the bundle came as a `.zip`.
    public let isZip: Bool
    /// Lowercase hex SHA-256 of the `.zip`; nil for a folder.
    public let sourceSHA256: String?
    public let manifest: BundleManifest
    /// Warnings and notes from opening: manifest warnings, missing files.
    public let findings: [Finding]
    /// The manifest, then every document and record file, in manifest order, with SHA-256.
    public let files: [BundleFile]
    public let options: BundleOptions
    /// The regular files of the bundle folder that the manifest does not list
    /// (hidden files aside), relative to the root, in byte order.
    public let unlistedFiles: [String]

    /// How findings name a file of the bundle: the folder path, or `bundle.zip!/` and the path.
    private let displayPrefix: String
    /// Files that exist, by manifest path; only looked up, never iterated.
    private let resolved: [String: URL]
    /// Indices into `files` of each document's and each record table's file.
    private let documentFiles: [String: Int]
    private let recordFiles: [String: Int]
    private let temporaryFolder: URL?

    let lock = NSLock()
    /// Files read when the bundle was opened and not yet parsed, by manifest path.
    private var kept: [String: [UInt8]]
    private var texts: [String: DocumentText] = [:]
    /// Notes on documents that were read: PDF pages without text, OCR'd pages, by document id.
    var textNotes: [String: Finding] = [:]
    /// Pages recognised by OCR so far, against the bundle's share (``OCRSettings``).
    var ocrPages = 0
    /// Bytes of text extracted so far, against `options.extraction.textBytes`.
    private var extractedTextBytes = 0
    /// How many documents an external program reads (PDFs whose file is there):
    /// the processor budget is shared between them.
    private let externalDocumentCount: Int
    private var tables: [String: Result<RecordTable, FindingsError>] = [:]
    private var derivedValues: [String: any Sendable] = [:]
    private var isClosed = false

    private init(_ opened: OpenedBundle) {
        self.source = opened.source
        self.root = opened.root
        self.isZip = opened.isZip
        self.sourceSHA256 = opened.sourceSHA256
        self.manifest = opened.manifest
        self.findings = opened.findings
        self.files = opened.files
        var documentFiles: [String: Int] = [:]
        var recordFiles: [String: Int] = [:]
        for (index, file) in files.enumerated() {
            switch file.role {
            case .document(let id): if documentFiles[id] == nil { documentFiles[id] = index }
            case .records(let name): if recordFiles[name] == nil { recordFiles[name] = index }
            case .manifest: break
            }
        }
        self.documentFiles = documentFiles
        self.recordFiles = recordFiles
        self.options = opened.options
        self.unlistedFiles = opened.unlistedFiles
        self.displayPrefix = opened.displayPrefix
        self.resolved = opened.resolved
        self.kept = opened.kept
        self.temporaryFolder = opened.temporaryFolder
        var seen: Set<String> = []
        self.externalDocumentCount =
            opened.manifest.documents.filter { document in
                document.format == .pdf && opened.resolved[document.path] != nil && seen.insert(document.id).inserted
            }.count
    }

    /// Opens a bundle folder, a `.zip` of one, or a folder's `bundle.yaml`, and checks
    /// its manifest. Throws every error found (with the warnings beside them).
    public static func open(_ url: URL, options: BundleOptions = BundleOptions()) throws(FindingsError)
        -> EvidenceBundle
    {
        EvidenceBundle(try BundleOpener.open(url, options: options))
    }

    deinit {
        if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
    }

    /// Removes the temporary folder of a `.zip` bundle. Reads after this throw.
    /// Also done when the bundle is released.
    public func close() {
        lock.withLock {
            isClosed = true
            kept = [:]
        }
        if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
    }

    /// The bytes of a file as they were read and hashed when the bundle was
    /// opened, handed over once; later calls, and files not kept, read the disk.
    /// A file of more than `maximumBytes` throws `FileBytes.TooLarge` and is not read.
    private func bytes(of path: String, at url: URL, maximumBytes: Int) throws -> [UInt8] {
        if let bytes = lock.withLock({ kept.removeValue(forKey: path) }) {
            if bytes.count > maximumBytes { throw FileBytes.TooLarge(size: bytes.count, limit: maximumBytes) }
            return bytes
        }
        return try FileBytes.read(url, followingLinks: false, maximumBytes: maximumBytes)
    }

    /// Why a file was not read: its size against the cap, named as in `BundleOptions`,
    /// or the system's reason.
    private static func reason(_ error: any Error, what: String, limit: String) -> String {
        guard let tooLarge = error as? FileBytes.TooLarge else { return error.localizedDescription }
        return
            "the file is \(tooLarge.size) bytes, more than the \(tooLarge.limit) allowed for \(what) (BundleOptions.readLimits.\(limit))"
    }

    // MARK: Files

    /// How findings name a bundle file: `/path/to/bundle/docs/a.docx` or `bundle.zip!/docs/a.docx`.
    public func displayPath(_ relativePath: String) -> String { displayPrefix + relativePath }

    /// The path relative to the bundle root of a file as findings name it
    /// (``displayPath(_:)``); other paths unchanged.
    public func relativePath(ofDisplay path: String) -> String {
        path.hasPrefix(displayPrefix) ? String(path.dropFirst(displayPrefix.count)) : path
    }

    /// The file of a document, with its SHA-256; nil for an unknown id.
    public func file(forDocument id: String) -> BundleFile? {
        documentFiles[id].map { files[$0] }
    }

    /// The file of a record table, with its SHA-256; nil for an unknown name.
    public func file(forRecords name: String) -> BundleFile? {
        recordFiles[name].map { files[$0] }
    }

    /// A value derived from the bundle alone, made once by `make` and kept, under
    /// `key`, for as long as the bundle: for example the evidence API's value of
    /// `ev.documents{type = "test_report"}`, which every rule of an assessment
    /// asks for again. `make` must depend on the bundle and `key` only (never
    /// on a rule or its parameters) and return an immutable value; it runs
    /// outside the bundle's lock (two threads may both make a missing value).
    public func derived<Value: Sendable>(_ key: String, _ make: () -> Value) -> Value {
        if let kept = lock.withLock({ derivedValues[key] }) as? Value { return kept }
        let value = make()
        lock.withLock { derivedValues[key] = value }
        return value
    }

    /// The value kept under `key` by ``derived(_:_:)``, if there is one.
    public func derivedIfKept<Value: Sendable>(_ key: String) -> Value? {
        lock.withLock { derivedValues[key] } as? Value
    }

    private func checkOpen() throws(FindingsError) {
        if lock.withLock({ isClosed }) {
            throw .single("bundle-closed", "the bundle \(source.path) has been closed")
        }
    }

    // MARK: Documents

    /// Extracts the text of every document, one after the other in manifest
    /// order, and keeps it: what an assessment does before its first rule runs,
    /// so that extraction is charged to the bundle's ``ExtractionBudget`` in an
    /// order fixed by the manifest, and never to a leaf's deadline. Documents
    /// already read are not read again.
    public func extractDocuments() {
        for document in manifest.documents {
            _ = try? text(ofDocument: document.id)
        }
    }

    /// The text of a document, read once and then kept. Throws for an id the manifest
    /// does not declare; a document that cannot be read gives `.unreadable` with the reason.
    public func text(ofDocument id: String) throws(FindingsError) -> DocumentText {
        guard let document = manifest.document(id: id) else {
            throw .single(
                "unknown-document",
                "no document `\(id)` in the manifest\(Suggestion.didYouMean(id, among: manifest.documents.map(\.id)))")
        }
        try checkOpen()
        if let cached = lock.withLock({ texts[id] }) { return cached }
        let result = readText(document)
        return lock.withLock {
            if let earlier = texts[id] { return earlier }
            texts[id] = charged(result, document)
            return texts[id]!
        }
    }

    /// `result`, or an unreadable document when its text would pass the bundle's
    /// budget of extracted text; charges the text to the budget. Called under the lock.
    private func charged(_ result: DocumentText, _ document: DocumentEntry) -> DocumentText {
        guard let content = result.content else { return result }
        let size = content.text.utf8.count
        let budget = options.extraction.textBytes
        if extractedTextBytes + size > budget {
            textNotes[document.id] = nil
            return .unreadable(
                Finding(
                    .warning, code: "document-over-budget",
                    message:
                        "document '\(document.id)' (\(document.title)): the text could not be read: its \(size) bytes of text would pass the bundle's \(budget) bytes of extracted text (BundleOptions.extraction.textBytes)",
                    location: SourceLocation(file: displayPath(document.path))))
        }
        extractedTextBytes += size
        return result
    }

    /// The file extensions of images, which have no text layer.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp"]

    private func readText(_ document: DocumentEntry) -> DocumentText {
        let display = displayPath(document.path)
        func unreadable(_ reason: String, code: String = "document-unreadable") -> DocumentText {
            .unreadable(
                Finding(
                    .warning, code: code,
                    message: "document '\(document.id)' (\(document.title)): the text could not be read: \(reason)",
                    location: SourceLocation(file: display)))
        }
        guard let url = resolved[document.path] else { return unreadable("the file is not in the bundle") }
        switch document.format {
        case .markdown, .text:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url, maximumBytes: options.readLimits.textDocumentBytes)
            } catch {
                return unreadable(Self.reason(error, what: "a text document", limit: "textDocumentBytes"))
            }
            switch TextDecoder.decode(bytes, declared: nil) {
            case .success(let decoded):
                let string = String(decoding: decoded.utf8, as: UTF8.self)
                return .readable(
                    document.format == .markdown
                        ? MarkdownExtractor.extract(markdown: string)
                        : MarkdownExtractor.extract(plainText: string))
            case .failure(let failure):
                return unreadable(failure.message + (failure.line.map { " (line \($0))" } ?? ""))
            }
        case .docx:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url, maximumBytes: options.readLimits.docxBytes)
            } catch {
                return unreadable(Self.reason(error, what: "a .docx file", limit: "docxBytes"))
            }
            do {
                return .readable(
                    try DocxExtractor.extract(data: Data(bytes), maximumPartBytes: options.readLimits.ooxmlPartBytes))
            } catch {
                return unreadable(error.reason)
            }
        case .xlsx:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url, maximumBytes: options.readLimits.docxBytes)
            } catch {
                return unreadable(Self.reason(error, what: "an .xlsx file", limit: "docxBytes"))
            }
            do {
                return .readable(
                    try XLSXWorkbook.extract(data: Data(bytes), maximumPartBytes: options.readLimits.ooxmlPartBytes))
            } catch {
                return unreadable(error.reason)
            }
        case .legacyOffice:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url, maximumBytes: options.readLimits.docxBytes)
            } catch {
                return unreadable(Self.reason(error, what: "an office file", limit: "docxBytes"))
            }
            guard let converter = officeConverter() else { return unreadable(OfficeConverter.missingHint) }
            do {
                let data = try converter.convert(bytes, path: document.path, maximumBytes: options.readLimits.docxBytes)
                let limit = options.readLimits.ooxmlPartBytes
                if OfficeConverter.targetExtension(forPath: document.path) == "xlsx" {
                    return .readable(try XLSXWorkbook.extract(data: data, maximumPartBytes: limit))
                }
                return .readable(try DocxExtractor.extract(data: data, maximumPartBytes: limit))
            } catch let error as OfficeConverter.Failure {
                return unreadable(error.reason)
            } catch let error as XLSXWorkbook.Failure {
                return unreadable(error.reason)
            } catch let error as DocxExtractor.Failure {
                return unreadable(error.reason)
            } catch {
                return unreadable("\(error)")
            }
        case .pdf:
            guard let tool = options.pdftotextPath ?? PDFExtractor.findTool() else {
                return unreadable(
                    "the text of a PDF cannot be read here: pdftotext (Debian package poppler-utils) is not installed; Scripts/setup installs it",
                    code: "extractor-missing")
            }
            let budget = options.extraction
            let share = budget.cpuShare(documents: externalDocumentCount)
            let pages: PDFExtractor.Pages
            do {
                pages = try PDFExtractor.read(
                    fileAt: url, tool: tool,
                    timeout: TimeInterval(budget.wallClockSeconds(share: share)), cpuSeconds: share,
                    maximumTextBytes: options.readLimits.pdfTextBytes)
            } catch {
                return unreadable(
                    error.reason,
                    code: error.reason.contains("extraction budget") ? "document-over-budget" : "document-unreadable")
            }
            if let ocr = options.ocr, !pages.pagesWithoutText.isEmpty {
                if let reader = ocrReader(ocr) {
                    return recognized(document, pdfAt: url, pages: pages, reader: reader, settings: ocr)
                }
                if pages.isWithoutTextLayer {
                    return unreadable(
                        "none of its \(pages.pageCount) pages has a text layer (a scan?) and \(OCRReader.missingHint)",
                        code: "extractor-missing")
                }
            }
            if pages.isWithoutTextLayer {
                return unreadable(
                    "none of its \(pages.pageCount) pages has a text layer (a scan?); the auditor reviews what needed it",
                    code: "document-scanned")
            }
            if !pages.pagesWithoutText.isEmpty {
                let list = pages.pagesWithoutText.prefix(20).map(String.init).joined(separator: ", ")
                let more = pages.pagesWithoutText.count > 20 ? ", …" : ""
                lock.withLock {
                    textNotes[document.id] = Finding(
                        .note, code: "pages-without-text",
                        message:
                            "document '\(document.id)' (\(document.title)): \(pages.pagesWithoutText.count) of its \(pages.pageCount) pages have no text (blank or scanned): page \(list)\(more)",
                        location: SourceLocation(file: display))
                }
            }
            return .readable(pages.content)
        case .other:
            let ext = (document.path as NSString).pathExtension
            if Self.imageExtensions.contains(ext.lowercased()) {
                if let ocr = options.ocr {
                    guard let reader = ocrReader(ocr) else {
                        return unreadable(
                            "an image (.\(ext)) has no text layer and \(OCRReader.missingHint)",
                            code: "extractor-missing")
                    }
                    return recognized(document, imageAt: url, reader: reader, settings: ocr)
                }
                return unreadable(
                    "an image (.\(ext)) has no text layer; the auditor reviews what needed it", code: "document-scanned"
                )
            }
            return unreadable(
                "text is read from .md, .txt, .docx, .xlsx and .pdf files, not from .\(ext.isEmpty ? "(no extension)" : ext) files"
            )
        }
    }

    /// The LibreOffice converter of `options`, or nil when LibreOffice is not installed.
    private func officeConverter() -> OfficeConverter? {
        guard let tool = options.officePath ?? OfficeConverter.findTool() else { return nil }
        return OfficeConverter(tool: tool, timeout: options.officeTimeout, cacheDirectory: options.officeCacheDirectory)
    }

    // MARK: Records

    /// A record table with every cell typed, read once and then kept. Throws for an
    /// unknown name, a missing file, and every encoding, syntax or type error in the file.
    public func records(named name: String) throws(FindingsError) -> RecordTable {
        guard let spec = manifest.recordTable(named: name) else {
            let names = manifest.records.map(\.name)
            throw .single(
                "unknown-records",
                "no record table `\(name)` in the manifest\(Suggestion.didYouMean(name, among: names)); tables: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
            )
        }
        try checkOpen()
        if let cached = lock.withLock({ tables[name] }) { return try cached.get() }
        let result = readTable(spec)
        let kept = lock.withLock {
            if let earlier = tables[name] { return earlier }
            tables[name] = result
            return result
        }
        return try kept.get()
    }

    private func readTable(_ spec: RecordTableSpec) -> Result<RecordTable, FindingsError> {
        let display = displayPath(spec.path)
        guard let url = resolved[spec.path] else {
            return .failure(
                .single(
                    "file-missing", "record table '\(spec.name)': the file '\(spec.path)' is not in the bundle",
                    location: SourceLocation(file: display)))
        }
        var bytes: [UInt8]
        do {
            bytes = try self.bytes(of: spec.path, at: url, maximumBytes: options.readLimits.csvBytes)
        } catch let tooLarge as FileBytes.TooLarge {
            return .failure(
                .single(
                    "csv-size",
                    "record table '\(spec.name)': \(Self.reason(tooLarge, what: "a CSV file", limit: "csvBytes"))",
                    location: SourceLocation(file: display)))
        } catch {
            return .failure(
                .single(
                    "file-unreadable", "record table '\(spec.name)': \(error.localizedDescription)",
                    location: SourceLocation(file: display)))
        }
        if OfficeConverter.targetExtension(forPath: spec.path) == "xlsx" {
            // An Excel 97 or WPS spreadsheet: read as the .xlsx LibreOffice makes of it.
            let failure = { (reason: String) in
                Result<RecordTable, FindingsError>.failure(
                    .single(
                        "xlsx-unreadable", "record table '\(spec.name)': \(reason)",
                        location: SourceLocation(file: display)
                    ))
            }
            guard let converter = officeConverter() else { return failure(OfficeConverter.missingHint) }
            do {
                bytes = Array(try converter.convert(bytes, path: spec.path, maximumBytes: options.readLimits.csvBytes))
            } catch {
                return failure(error.reason)
            }
        }
        do {
            return .success(try RecordTableLoader.load(spec: spec, bytes: consume bytes, file: display))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Findings from reading

    /// Every problem of the bundle so far, as reports list them: the findings
    /// from opening it (manifest warnings, missing files, check characters),
    /// then ``readingFindings``, less those about a file that is missing
    /// (already reported when the bundle opened).
    public var problems: [Finding] {
        let missing = Set(files.filter { !$0.exists }.map { displayPath($0.path) })
        return findings + readingFindings.filter { finding in !missing.contains(finding.location?.file ?? "") }
    }

    /// Every finding from reading documents and record tables so far: unreadable
    /// documents and PDF pages without text, then record-table errors, warnings and notes, in manifest order.
    public var readingFindings: [Finding] {
        lock.withLock {
            var result: [Finding] = []
            var seen: Set<String> = []
            for document in manifest.documents where seen.insert(document.id).inserted {
                if let problem = texts[document.id]?.problem { result.append(problem) }
                if let note = textNotes[document.id] { result.append(note) }
            }
            for table in manifest.records {
                switch tables[table.name] {
                case .success(let loaded)?: result += loaded.findings
                case .failure(let error)?: result += error.findings
                case nil: break
                }
            }
            return result
        }
    }
}
