import Diagnostics
import EvidenceFormats
import Foundation

/// Opens an evidence bundle: finds it (a folder, its `bundle.yaml`, or a `.zip`
/// unpacked into a private temporary folder), decodes and checks the manifest,
/// and resolves and hashes every file the manifest refers to. What it finds is
/// an ``OpenedBundle``, which ``EvidenceBundle`` then reads.
enum BundleOpener {
    /// Opens a bundle folder, a `.zip` of one, or a folder's `bundle.yaml`, and checks
    /// its manifest. Throws every error found (with the warnings beside them).
    static func open(_ url: URL, options: BundleOptions) throws(FindingsError) -> OpenedBundle {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .single(
                "bundle-missing", "there is no bundle here: no such file or folder",
                location: SourceLocation(file: url.path))
        }
        if isDirectory.boolValue {
            return try openFolder(
                root: url, source: url, isZip: false, sourceSHA256: nil,
                displayPrefix: url.path + "/", temporaryFolder: nil, options: options)
        }
        if url.lastPathComponent == ManifestLoader.fileName {
            let folder = url.deletingLastPathComponent()
            return try openFolder(
                root: folder, source: folder, isZip: false, sourceSHA256: nil,
                displayPrefix: folder.path + "/", temporaryFolder: nil, options: options)
        }
        guard isZipFile(url) else {
            throw .single(
                "bundle-format", "expected a bundle folder or a .zip of one; this file is neither",
                location: SourceLocation(file: url.path))
        }
        return try openZip(url, options: options)
    }

    private static func isZipFile(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic.starts(with: [0x50, 0x4B]) || url.pathExtension.lowercased() == "zip"
    }

    private static func openZip(_ url: URL, options: BundleOptions) throws(FindingsError) -> OpenedBundle {
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
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .single(
                "bundle-unreadable",
                "cannot create a temporary folder to unpack the zip: \(error.localizedDescription)", location: location)
        }
        do throws(FindingsError) {
            try ZipUnpacker.unpack(url, into: folder, limits: options.zipLimits, display: url.path)
            // The manifest is at the root of the zip, or in its single top folder.
            var root = folder
            var prefix = url.path + "!/"
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(ManifestLoader.fileName).path) {
                let top = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
                if top.count == 1,
                    FileManager.default.fileExists(
                        atPath: folder.appendingPathComponent(top[0]).appendingPathComponent(ManifestLoader.fileName)
                            .path)
                {
                    root = folder.appendingPathComponent(top[0])
                    prefix += top[0] + "/"
                } else {
                    throw FindingsError.single(
                        "manifest-missing",
                        "the zip has no \(ManifestLoader.fileName) at its root or in a single top folder",
                        location: location)
                }
            }
            return try openFolder(
                root: root, source: url, isZip: true, sourceSHA256: digest,
                displayPrefix: prefix, temporaryFolder: folder, options: options)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private static func openFolder(
        root: URL, source: URL, isZip: Bool, sourceSHA256: String?, displayPrefix: String,
        temporaryFolder: URL?, options: BundleOptions
    ) throws(FindingsError) -> OpenedBundle {
        let manifestDisplay = displayPrefix + ManifestLoader.fileName
        let manifestURL: URL
        switch BundlePath.resolve(ManifestLoader.fileName, under: root) {
        case .file(let url): manifestURL = url
        case .missing:
            throw .single(
                "manifest-missing", "the bundle has no \(ManifestLoader.fileName) at its root",
                location: SourceLocation(file: manifestDisplay))
        case .notAFile:
            throw .single(
                "manifest-missing", "\(ManifestLoader.fileName) is not a regular file",
                location: SourceLocation(file: manifestDisplay))
        case .outside(let why):
            throw .single(
                "bundle-path", "\(ManifestLoader.fileName) \(why); refused",
                location: SourceLocation(file: manifestDisplay))
        }

        let bytes: [UInt8]
        let manifestDigest: (hex: String, size: Int64)
        do {
            let read = try FileBytes.readAndHash(
                manifestURL, keepingUpTo: ManifestLoader.maximumBytes, followingLinks: false)
            guard let kept = read.bytes else {
                throw FindingsError.single(
                    "manifest-size",
                    "the manifest is \(read.size) bytes, more than the \(ManifestLoader.maximumBytes) allowed",
                    location: SourceLocation(file: manifestDisplay))
            }
            bytes = kept
            manifestDigest = (read.hex, read.size)
        } catch let error as FindingsError {
            throw error
        } catch {
            throw .single(
                "manifest-unreadable", "cannot read the manifest: \(error.localizedDescription)",
                location: SourceLocation(file: manifestDisplay))
        }
        var findings: [Finding] = []
        let yaml: String
        switch TextDecoder.decode(bytes, declared: nil) {
        case .success(let decoded):
            yaml = String(decoding: decoded.utf8, as: UTF8.self)
            if decoded.detected {
                findings.append(
                    Finding(
                        .note, code: "manifest-encoding", message: "the manifest is not UTF-8; read as GB18030",
                        location: SourceLocation(file: manifestDisplay)))
            }
        case .failure(let failure):
            throw .single(
                "manifest-encoding", "the manifest: \(failure.message)",
                location: SourceLocation(file: manifestDisplay, line: failure.line))
        }

        var manifestLoader = ManifestLoader(documentTypes: options.documentTypes, schemeID: options.schemeID)
        manifestLoader.recordTables = options.recordTables
        let loaded = manifestLoader.load(yaml: yaml, file: manifestDisplay)
        findings += loaded.findings
        guard let manifest = loaded.manifest else { throw FindingsError(findings) }

        // Every referenced file: inside the bundle, present, hashed. The files the
        // program parses itself are kept as read, so that each is read once and
        // the digest in the report is of the very bytes the rules see.
        var files = [
            BundleFile(
                role: .manifest, path: ManifestLoader.fileName, exists: true,
                size: manifestDigest.size, sha256: manifestDigest.hex)
        ]
        var resolved: [String: URL] = [ManifestLoader.fileName: manifestURL]
        var kept: [String: [UInt8]] = [:]
        var keptBytes = 0
        var references: [(BundleFile.Role, String, String, SourceLocation?, Bool)] = []
        for document in manifest.documents {
            let parsed = [.markdown, .text, .docx].contains(document.format)
            references.append(
                (.document(id: document.id), document.path, "document '\(document.id)'", document.location, parsed))
        }
        for table in manifest.records {
            references.append(
                (.records(name: table.name), table.path, "record table '\(table.name)'", table.location, true))
        }
        let realRoot = BundlePath.realPath(root.path)
        let tree = realRoot.flatMap { BundleTree(realRoot: $0) }
        for (role, path, what, location, parsed) in references {
            let resolution: BundlePath.Resolution
            // The tree lists only plain paths (no '.', '..' or '//'), so a listed path is one.
            if let realRoot, let tree, tree.containsRegularFile(path) {
                resolution = .file(URL(fileURLWithPath: realRoot + "/" + path))
            } else {
                resolution =
                    realRoot.map { BundlePath.resolve(path, underRealRoot: $0) }
                    ?? BundlePath.resolve(path, under: root)
            }
            switch resolution {
            case .file(let url):
                do {
                    let keep = parsed && kept[path] == nil && keptBytes < keptBytesLimit
                    // The path is resolved: a link put there since is not followed.
                    let read = try FileBytes.readAndHash(
                        url, keepingUpTo: keep ? keptFileLimit : 0, followingLinks: false)
                    if keep, let bytes = read.bytes, bytes.count <= keptFileLimit {
                        kept[path] = bytes
                        keptBytes += bytes.count
                    }
                    files.append(BundleFile(role: role, path: path, exists: true, size: read.size, sha256: read.hex))
                    resolved[path] = url
                } catch {
                    findings.append(
                        Finding(
                            .error, code: "file-unreadable",
                            message: "\(what): cannot read '\(path)': \(error.localizedDescription)", location: location
                        ))
                    files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
                }
            case .missing:
                findings.append(
                    Finding(
                        .warning, code: "file-missing", message: "\(what): the file '\(path)' is not in the bundle",
                        location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            case .notAFile:
                findings.append(
                    Finding(
                        .error, code: "file-missing", message: "\(what): '\(path)' is a folder, not a file",
                        location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            case .outside(let why):
                findings.append(
                    Finding(
                        .error, code: "bundle-path", message: "\(what): '\(path)' \(why); refused", location: location))
                files.append(BundleFile(role: role, path: path, exists: false, size: nil, sha256: nil))
            }
        }
        if findings.hasErrors { throw FindingsError(findings) }
        let listed = Set(references.map(\.1) + [ManifestLoader.fileName])
        let unlisted = (tree?.regularFiles ?? []).filter { path in
            !listed.contains(path) && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return OpenedBundle(
            source: source, root: root, isZip: isZip, sourceSHA256: sourceSHA256, manifest: manifest,
            findings: findings, files: files, options: options, displayPrefix: displayPrefix,
            resolved: resolved, kept: kept, unlistedFiles: unlisted, temporaryFolder: temporaryFolder)
    }

    /// The largest file kept in memory from opening to parsing; larger ones are read again.
    private static let keptFileLimit = 16 << 20
    /// Once this many bytes are kept for a bundle, further files are read again when parsed.
    private static let keptBytesLimit = 128 << 20
}
