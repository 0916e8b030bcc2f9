import Diagnostics
import Foundation

/// An opened evidence bundle: a folder, or a `.zip` of one unpacked into a private
/// temporary folder, with its checked manifest and the SHA-256 of every file it
/// refers to. Bundle files are only ever read.
///
/// Document text and record tables are read when first asked for and then kept,
/// so each is read at most once per assessment. Safe to share between threads.
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

    /// How findings name a file of the bundle: the folder path, or `bundle.zip!/` and the path.
    private let displayPrefix: String
    /// Files that exist, by manifest path; only looked up, never iterated.
    private let resolved: [String: URL]
    /// Indices into `files` of each document's and each record table's file.
    private let documentFiles: [String: Int]
    private let recordFiles: [String: Int]
    private let temporaryFolder: URL?

    private let lock = NSLock()
    /// Files read when the bundle was opened and not yet parsed, by manifest path.
    private var kept: [String: [UInt8]]
    private var texts: [String: DocumentText] = [:]
    private var tables: [String: Result<RecordTable, FindingsError>] = [:]
    private var derivedValues: [String: any Sendable] = [:]
    private var isClosed = false

    private init(source: URL, root: URL, isZip: Bool, sourceSHA256: String?, manifest: BundleManifest,
                 findings: [Finding], files: [BundleFile], options: BundleOptions, displayPrefix: String,
                 resolved: [String: URL], kept: [String: [UInt8]], temporaryFolder: URL?) {
        self.source = source
        self.root = root
        self.isZip = isZip
        self.sourceSHA256 = sourceSHA256
        self.manifest = manifest
        self.findings = findings
        self.files = files
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
        self.options = options
        self.displayPrefix = displayPrefix
        self.resolved = resolved
        self.kept = kept
        self.temporaryFolder = temporaryFolder
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

    // MARK: Opening

    /// Opens a bundle folder, a `.zip` of one, or a folder's `bundle.yaml`, and checks
    /// its manifest. Throws every error found (with the warnings beside them).
    public static func open(_ url: URL, options: BundleOptions = BundleOptions()) throws(FindingsError) -> EvidenceBundle {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .single("bundle-missing", "there is no bundle here: no such file or folder", location: SourceLocation(file: url.path))
        }
        if isDirectory.boolValue {
            return try openFolder(root: url, source: url, isZip: false, sourceSHA256: nil,
                                  displayPrefix: url.path + "/", temporaryFolder: nil, options: options)
        }
        if url.lastPathComponent == ManifestLoader.fileName {
            let folder = url.deletingLastPathComponent()
            return try openFolder(root: folder, source: folder, isZip: false, sourceSHA256: nil,
                                  displayPrefix: folder.path + "/", temporaryFolder: nil, options: options)
        }
        guard isZipFile(url) else {
            throw .single("bundle-format", "expected a bundle folder or a .zip of one; this file is neither", location: SourceLocation(file: url.path))
        }
        return try openZip(url, options: options)
    }

    private static func isZipFile(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic.starts(with: [0x50, 0x4B]) || url.pathExtension.lowercased() == "zip"
    }

    private static func openZip(_ url: URL, options: BundleOptions) throws(FindingsError) -> EvidenceBundle {
        let location = SourceLocation(file: url.path)
        let digest: String
        do {
            digest = try FileDigest.sha256(of: url).hex
        } catch {
            throw .single("bundle-unreadable", "cannot read the zip: \(error.localizedDescription)", location: location)
        }
        let base = options.temporaryDirectory ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("rubric-bundle-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .single("bundle-unreadable", "cannot create a temporary folder to unpack the zip: \(error.localizedDescription)", location: location)
        }
        do throws(FindingsError) {
            try ZipUnpacker.unpack(url, into: folder, limits: options.zipLimits, display: url.path)
            // The manifest is at the root of the zip, or in its single top folder.
            var root = folder
            var prefix = url.path + "!/"
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(ManifestLoader.fileName).path) {
                let top = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                if top.count == 1, FileManager.default.fileExists(atPath: folder.appendingPathComponent(top[0]).appendingPathComponent(ManifestLoader.fileName).path) {
                    root = folder.appendingPathComponent(top[0])
                    prefix += top[0] + "/"
                } else {
                    throw FindingsError.single("manifest-missing",
                                               "the zip has no \(ManifestLoader.fileName) at its root or in a single top folder",
                                               location: location)
                }
            }
            return try openFolder(root: root, source: url, isZip: true, sourceSHA256: digest,
                                  displayPrefix: prefix, temporaryFolder: folder, options: options)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private static func openFolder(root: URL, source: URL, isZip: Bool, sourceSHA256: String?, displayPrefix: String,
                                   temporaryFolder: URL?, options: BundleOptions) throws(FindingsError) -> EvidenceBundle {
        let manifestDisplay = displayPrefix + ManifestLoader.fileName
        let manifestURL: URL
        switch BundlePath.resolve(ManifestLoader.fileName, under: root) {
        case .file(let url): manifestURL = url
        case .missing:
            throw .single("manifest-missing", "the bundle has no \(ManifestLoader.fileName) at its root", location: SourceLocation(file: manifestDisplay))
        case .notAFile:
            throw .single("manifest-missing", "\(ManifestLoader.fileName) is not a regular file", location: SourceLocation(file: manifestDisplay))
        case .outside(let why):
            throw .single("bundle-path", "\(ManifestLoader.fileName) \(why); refused", location: SourceLocation(file: manifestDisplay))
        }

        let bytes: [UInt8]
        let manifestDigest: (hex: String, size: Int64)
        do {
            let read = try FileBytes.readAndHash(manifestURL, keepingUpTo: ManifestLoader.maximumBytes, followingLinks: false)
            guard let kept = read.bytes else {
                throw FindingsError.single("manifest-size", "the manifest is \(read.size) bytes, more than the \(ManifestLoader.maximumBytes) allowed", location: SourceLocation(file: manifestDisplay))
            }
            bytes = kept
            manifestDigest = (read.hex, read.size)
        } catch let error as FindingsError {
            throw error
        } catch {
            throw .single("manifest-unreadable", "cannot read the manifest: \(error.localizedDescription)", location: SourceLocation(file: manifestDisplay))
        }
        var findings: [Finding] = []
        let yaml: String
        switch TextDecoder.decode(bytes, declared: nil) {
        case .success(let decoded):
            yaml = String(decoding: decoded.utf8, as: UTF8.self)
            if decoded.detected {
                findings.append(Finding(.note, code: "manifest-encoding", message: "the manifest is not UTF-8; read as GB18030",
                                        location: SourceLocation(file: manifestDisplay)))
            }
        case .failure(let failure):
            throw .single("manifest-encoding", "the manifest: \(failure.message)", location: SourceLocation(file: manifestDisplay, line: failure.line))
        }

        let loaded = ManifestLoader(documentTypes: options.documentTypes, schemeID: options.schemeID)
            .load(yaml: yaml, file: manifestDisplay)
        findings += loaded.findings
        guard let manifest = loaded.manifest else { throw FindingsError(findings) }

        // Every referenced file: inside the bundle, present, hashed. The files the
        // program parses itself are kept as read, so that each is read once and
        // the digest in the report is of the very bytes the rules see.
        var files = [BundleFile(role: .manifest, path: ManifestLoader.fileName, exists: true,
                                size: manifestDigest.size, sha256: manifestDigest.hex)]
        var resolved: [String: URL] = [ManifestLoader.fileName: manifestURL]
        var kept: [String: [UInt8]] = [:]
        var keptBytes = 0
        var references: [(BundleFile.Role, String, String, SourceLocation?, Bool)] = []
        for document in manifest.documents {
            let parsed = [.markdown, .text, .docx].contains(document.format)
            references.append((.document(id: document.id), document.path, "document '\(document.id)'", document.location, parsed))
        }
        for table in manifest.records {
            references.append((.records(name: table.name), table.path, "record table '\(table.name)'", table.location, true))
        }
        let realRoot = BundlePath.realPath(root.path)
        let tree = realRoot.flatMap { BundleTree(realRoot: $0) }
        for (role, path, what, location, parsed) in references {
            let resolution: BundlePath.Resolution
            // The tree lists only plain paths (no '.', '..' or '//'), so a listed path is one.
            if let realRoot, let tree, tree.containsRegularFile(path) {
                resolution = .file(URL(fileURLWithPath: realRoot + "/" + path))
            } else {
                resolution = realRoot.map { BundlePath.resolve(path, underRealRoot: $0) } ?? BundlePath.resolve(path, under: root)
            }
            switch resolution {
            case .file(let url):
                do {
                    let keep = parsed && kept[path] == nil && keptBytes < keptBytesLimit
                    // The path is resolved: a link put there since is not followed.
                    let read = try FileBytes.readAndHash(url, keepingUpTo: keep ? keptFileLimit : 0, followingLinks: false)
                    if keep, let bytes = read.bytes, bytes.count <= keptFileLimit {
                        kept[path] = bytes
                        keptBytes += bytes.count
                    }
                    files.append(BundleFile(role: role, path: path, exists: true, size: read.size, sha256: read.hex))
                    resolved[path] = url
                } catch {
                    findings.append(Finding(.error, code: "file-unreadable", message: "\(what): cannot read '\(path)': \(error.localizedDescription)", location: location))
                    files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
                }
            case .missing:
                findings.append(Finding(.warning, code: "file-missing", message: "\(what): the file '\(path)' is not in the bundle", location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            case .notAFile:
                findings.append(Finding(.error, code: "file-missing", message: "\(what): '\(path)' is a folder, not a file", location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            case .outside(let why):
                findings.append(Finding(.error, code: "bundle-path", message: "\(what): '\(path)' \(why); refused", location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            }
        }
        if findings.hasErrors { throw FindingsError(findings) }
        return EvidenceBundle(source: source, root: root, isZip: isZip, sourceSHA256: sourceSHA256, manifest: manifest,
                              findings: findings, files: files, options: options, displayPrefix: displayPrefix,
                              resolved: resolved, kept: kept, temporaryFolder: temporaryFolder)
    }

    /// The largest file kept in memory from opening to parsing; larger ones are read again.
    private static let keptFileLimit = 16 << 20
    /// Once this many bytes are kept for a bundle, further files are read again when parsed.
    private static let keptBytesLimit = 128 << 20

    /// The bytes of a file as they were read and hashed when the bundle was
    /// opened, handed over once; later calls, and files not kept, read the disk.
    private func bytes(of path: String, at url: URL) throws -> [UInt8] {
        if let bytes = lock.withLock({ kept.removeValue(forKey: path) }) { return bytes }
        return try FileBytes.read(url, followingLinks: false)
    }

    // MARK: Files

    /// How findings name a bundle file: `/path/to/bundle/docs/a.docx` or `bundle.zip!/docs/a.docx`.
    public func displayPath(_ relativePath: String) -> String { displayPrefix + relativePath }

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

    /// The text of a document, read once and then kept. Throws for an id the manifest
    /// does not declare; a document that cannot be read gives `.unreadable` with the reason.
    public func text(ofDocument id: String) throws(FindingsError) -> DocumentText {
        guard let document = manifest.document(id: id) else {
            throw .single("unknown-document", "no document `\(id)` in the manifest\(Suggestion.didYouMean(id, among: manifest.documents.map(\.id)))")
        }
        try checkOpen()
        if let cached = lock.withLock({ texts[id] }) { return cached }
        let result = readText(document)
        return lock.withLock {
            if let earlier = texts[id] { return earlier }
            texts[id] = result
            return result
        }
    }

    private func readText(_ document: DocumentEntry) -> DocumentText {
        let display = displayPath(document.path)
        func unreadable(_ reason: String) -> DocumentText {
            .unreadable(Finding(.warning, code: "document-unreadable",
                                message: "document '\(document.id)' (\(document.title)): the text could not be read: \(reason)",
                                location: SourceLocation(file: display)))
        }
        guard let url = resolved[document.path] else { return unreadable("the file is not in the bundle") }
        switch document.format {
        case .markdown, .text:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url)
            } catch {
                return unreadable(error.localizedDescription)
            }
            switch TextDecoder.decode(bytes, declared: nil) {
            case .success(let decoded):
                let string = String(decoding: decoded.utf8, as: UTF8.self)
                return .readable(document.format == .markdown
                                 ? MarkdownExtractor.extract(markdown: string)
                                 : MarkdownExtractor.extract(plainText: string))
            case .failure(let failure):
                return unreadable(failure.message + (failure.line.map { " (line \($0))" } ?? ""))
            }
        case .docx:
            let bytes: [UInt8]
            do {
                bytes = try self.bytes(of: document.path, at: url)
            } catch {
                return unreadable(error.localizedDescription)
            }
            do {
                return .readable(try DocxExtractor.extract(data: Data(bytes)))
            } catch {
                return unreadable(error.reason)
            }
        case .pdf:
            do {
                let tool = options.pdftotextPath ?? PDFExtractor.findTool()
                return .readable(try PDFExtractor.extract(fileAt: url, tool: tool, timeout: options.pdfTimeout))
            } catch {
                return unreadable(error.reason)
            }
        case .other:
            let ext = (document.path as NSString).pathExtension
            return unreadable("text is read from .md, .txt, .docx and .pdf files, not from .\(ext.isEmpty ? "(no extension)" : ext) files")
        }
    }

    // MARK: Records

    /// A record table with every cell typed, read once and then kept. Throws for an
    /// unknown name, a missing file, and every encoding, syntax or type error in the file.
    public func records(named name: String) throws(FindingsError) -> RecordTable {
        guard let spec = manifest.recordTable(named: name) else {
            let names = manifest.records.map(\.name)
            throw .single("unknown-records", "no record table `\(name)` in the manifest\(Suggestion.didYouMean(name, among: names)); tables: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
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
            return .failure(.single("file-missing", "record table '\(spec.name)': the file '\(spec.path)' is not in the bundle", location: SourceLocation(file: display)))
        }
        var bytes: [UInt8]
        do {
            bytes = try self.bytes(of: spec.path, at: url)
        } catch {
            return .failure(.single("file-unreadable", "record table '\(spec.name)': \(error.localizedDescription)", location: SourceLocation(file: display)))
        }
        do {
            return .success(try RecordTableLoader.load(spec: spec, bytes: consume bytes, file: display))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Findings from reading

    /// Every finding from reading documents and record tables so far: unreadable
    /// documents, then record-table errors, warnings and notes, in manifest order.
    public var readingFindings: [Finding] {
        lock.withLock {
            var result: [Finding] = []
            for document in manifest.documents {
                if let problem = texts[document.id]?.problem { result.append(problem) }
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
