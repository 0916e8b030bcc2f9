import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Paths inside a bundle: the syntactic check of manifest paths and zip entry
/// names, and the resolution of a path on disk that refuses anything leading
/// outside the bundle root (through `..` or a symbolic link).
enum BundlePath {
    /// Why `path` is not a plain relative path inside the bundle, or nil when it is.
    static func problem(with path: String) -> String? {
        // Checked on the bytes, as the file system reads the path.
        let bytes = path.utf8
        if bytes.isEmpty { return "is empty" }
        if bytes.contains(0) { return "contains a NUL character" }
        if bytes.contains(UInt8(ascii: "\\")) {
            return "contains '\\'; write paths with '/' (as in records/tickets.csv)"
        }
        if bytes.first == UInt8(ascii: "/") { return "is absolute; paths are relative to the bundle root" }
        var start = bytes.startIndex
        if bytes.count >= 2, bytes[bytes.index(after: start)] == UInt8(ascii: ":"),
            (bytes[start] | 0x20) >= UInt8(ascii: "a"), (bytes[start] | 0x20) <= UInt8(ascii: "z")
        {
            return "is absolute (a drive letter); paths are relative to the bundle root"
        }
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "/")) ?? bytes.endIndex
            let component = bytes[start..<end]
            if component.elementsEqual("..".utf8) { return "leads outside the bundle ('..' is not allowed)" }
            if component.isEmpty || component.elementsEqual(".".utf8) {
                return "is not a plain relative path (no '.', '//' or trailing '/')"
            }
            if end == bytes.endIndex { return nil }
            start = bytes.index(after: end)
        }
    }

    /// Where a bundle path leads on disk.
    enum Resolution: Equatable {
        /// A regular file inside the bundle.
        case file(URL)
        /// Nothing is there.
        case missing
        /// Something is there but it is not a regular file (a folder, a device).
        case notAFile
        /// The path or a symbolic link on it leads outside the bundle.
        case outside(String)
    }

    /// Resolves `path` (already checked with `problem(with:)`) under `root`, following
    /// symbolic links, and refuses anything that ends up outside the real root.
    static func resolve(_ path: String, under root: URL) -> Resolution {
        guard let realRoot = realPath(root.path) else {
            return problem(with: path).map { .outside($0) } ?? .missing
        }
        return resolve(path, underRealRoot: realRoot)
    }

    /// `resolve(_:under:)` for a root already resolved with `realPath` (once for
    /// all the files of a bundle).
    static func resolve(_ path: String, underRealRoot realRoot: String) -> Resolution {
        if let problem = problem(with: path) { return .outside(problem) }
        let joined = realRoot + "/" + path
        var info = stat()
        guard lstat(joined, &info) == 0 || stat(joined, &info) == 0 else {
            // A dangling link is reported as what it is, not as a missing file.
            return isDanglingLink(joined) ? .outside("is a symbolic link to something that does not exist") : .missing
        }
        guard let real = realPath(joined) else {
            return isDanglingLink(joined) ? .outside("is a symbolic link to something that does not exist") : .missing
        }
        guard real.hasPrefix(realRoot + "/") else {
            return .outside("leads outside the bundle (through a symbolic link, to \(real))")
        }
        guard stat(real, &info) == 0 else { return .missing }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .notAFile }
        return .file(URL(fileURLWithPath: real))
    }

    /// The canonical absolute path with every symbolic link resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isDanglingLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }
}
