import Diagnostics
import EvidenceFormats
import Foundation
import ZIPFoundation

/// Unpacks a bundle `.zip` into a private folder, refusing entries that escape the
/// root (zip-slip), absolute paths, symbolic links, and zip bombs (see `ZipLimits`).
enum ZipUnpacker {
    private struct Refusal: Error {
        var message: String
    }

    /// Unpacks every entry of `zip` under `destination`, which must exist and be empty.
    /// `display` names the zip in findings.
    static func unpack(_ zip: URL, into destination: URL, limits: ZipLimits, display: String) throws(FindingsError) {
        let location = SourceLocation(file: display)
        // ZIPFoundation reads a file without an end record backwards through every byte.
        guard hasEndRecord(zip) else {
            throw .single(
                "zip-invalid",
                "the file is not a readable zip archive (\(Archive.ArchiveError.missingEndOfCentralDirectoryRecord))",
                location: location)
        }
        let archive: Archive
        do {
            archive = try Archive(url: zip, accessMode: .read)
        } catch {
            throw .single("zip-invalid", "the file is not a readable zip archive (\(error))", location: location)
        }

        // First pass: check every entry before anything is written.
        var problems: [Finding] = []
        var plan: [(entry: Entry, path: String)] = []
        var seen: Set<String> = []
        var declaredTotal: UInt64 = 0
        var count = 0
        for entry in archive {
            count += 1
            if count > limits.maximumEntries {
                throw .single(
                    "zip-bomb", "the zip has more than \(limits.maximumEntries) entries; refused (is it a zip bomb?)",
                    location: location)
            }
            let name = entryName(entry)
            var path = name
            while path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path.hasPrefix("__MACOSX/") || path == "__MACOSX" || path.hasSuffix(".DS_Store") {
                continue
            }
            if let problem = BundlePath.problem(with: path) {
                problems.append(
                    Finding(
                        .error, code: "zip-slip", message: "zip entry '\(name)' \(problem); refused", location: location
                    ))
                continue
            }
            if entry.type == .symlink {
                problems.append(
                    Finding(
                        .error, code: "zip-symlink",
                        message: "zip entry '\(name)' is a symbolic link; bundles may not hold links; refused",
                        location: location))
                continue
            }
            guard seen.insert(path).inserted else {
                problems.append(
                    Finding(
                        .error, code: "zip-duplicate", message: "the zip holds '\(path)' twice; refused",
                        location: location))
                continue
            }
            if entry.type == .file {
                let size = entry.uncompressedSize
                declaredTotal += size
                if let refusal = ratioProblem(unpacked: size, packed: entry.compressedSize, limits: limits) {
                    problems.append(
                        Finding(
                            .error, code: "zip-bomb",
                            message: "zip entry '\(path)' \(refusal); refused (is it a zip bomb?)", location: location))
                }
            }
            plan.append((entry, path))
        }
        if declaredTotal > limits.maximumTotalBytes {
            problems.append(
                Finding(
                    .error, code: "zip-bomb",
                    message:
                        "the zip unpacks to \(declaredTotal) bytes, more than the \(limits.maximumTotalBytes) allowed; refused",
                    location: location))
        }
        if !problems.isEmpty { throw FindingsError(problems) }

        // Second pass: unpack, counting real bytes (headers can lie).
        var total: UInt64 = 0
        let fileManager = FileManager.default
        for (entry, path) in plan {
            let target = destination.appendingPathComponent(path)
            do {
                if entry.type == .directory {
                    try fileManager.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                try fileManager.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fileManager.createFile(atPath: target.path, contents: nil, attributes: [.posixPermissions: 0o600])
                else {
                    throw Refusal(message: "cannot create '\(path)' in the temporary folder")
                }
                let handle = try FileHandle(forWritingTo: target)
                defer { try? handle.close() }
                var written: UInt64 = 0
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    written += UInt64(chunk.count)
                    total += UInt64(chunk.count)
                    if written > entry.uncompressedSize {
                        throw Refusal(
                            message:
                                "zip entry '\(path)' unpacks to more bytes than its header declares; refused (is it a zip bomb?)"
                        )
                    }
                    if total > limits.maximumTotalBytes {
                        throw Refusal(
                            message:
                                "the zip unpacks to more than the \(limits.maximumTotalBytes) bytes allowed; refused")
                    }
                    if let refusal = ratioProblem(unpacked: written, packed: entry.compressedSize, limits: limits) {
                        throw Refusal(message: "zip entry '\(path)' \(refusal); refused (is it a zip bomb?)")
                    }
                    try handle.write(contentsOf: chunk)
                }
            } catch let refusal as Refusal {
                throw .single("zip-bomb", refusal.message, location: location)
            } catch {
                throw .single("zip-invalid", "zip entry '\(path)' cannot be unpacked: \(error)", location: location)
            }
        }
    }

    /// Whether the file's last bytes hold a zip end record (see `ZipEndRecord`); true
    /// when the file cannot be read, for ZIPFoundation to say why.
    private static func hasEndRecord(_ zip: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: zip) else { return true }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(),
            (try? handle.seek(toOffset: size - min(size, UInt64(ZipEndRecord.searchLength)))) != nil,
            let tail = try? handle.readToEnd()
        else { return true }
        return tail.withUnsafeBytes { ZipEndRecord.offset(in: $0) } != nil
    }

    private static func ratioProblem(unpacked: UInt64, packed: UInt64, limits: ZipLimits) -> String? {
        guard unpacked > limits.ratioThresholdBytes else { return nil }
        let ratio = unpacked / max(packed, 1)
        guard ratio > limits.maximumCompressionRatio else { return nil }
        return "is compressed \(ratio) to 1, more than the \(limits.maximumCompressionRatio) to 1 allowed"
    }

    /// The entry's name: UTF-8 when the bytes are UTF-8 (flagged or not), otherwise
    /// GB18030 as Windows in China writes it, otherwise code page 437.
    static func entryName(_ entry: Entry) -> String {
        // Latin-1 maps each byte to one scalar, which gives the raw bytes back.
        let raw = entry.path(using: .isoLatin1).unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        if TextDecoder.firstInvalidUTF8Line(raw) == nil {
            return String(decoding: raw, as: UTF8.self)
        }
        if case .success(let utf8) = TextDecoder.gb18030ToUTF8(raw) {
            return String(decoding: utf8, as: UTF8.self)
        }
        return entry.path
    }
}
