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
        if path.isEmpty { return "is empty" }
        if path.contains("\0") { return "contains a NUL character" }
        if path.contains("\\") { return "contains '\\'; write paths with '/' (as in records/tickets.csv)" }
        if path.hasPrefix("/") { return "is absolute; paths are relative to the bundle root" }
        let bytes = Array(path.utf8)
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (bytes[0] | 0x20) >= UInt8(ascii: "a"), (bytes[0] | 0x20) <= UInt8(ascii: "z") {
            return "is absolute (a drive letter); paths are relative to the bundle root"
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component == ".." { return "leads outside the bundle ('..' is not allowed)" }
            if component == "." || component.isEmpty { return "is not a plain relative path (no '.', '//' or trailing '/')" }
        }
        return nil
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
