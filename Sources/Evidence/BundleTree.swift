import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regular files of a bundle folder that are reached from its real root
/// through real folders only, found by one walk of the tree.
///
/// A manifest path listed here is a regular file inside the bundle with no
/// symbolic link on its way, so it needs no resolution of its own (which costs
/// a `realpath` and several `stat` calls per file). A path that is not listed
/// (a symbolic link, a missing file, a tree too large to walk) is resolved by
/// ``BundlePath/resolve(_:underRealRoot:)``, which decides what it is.
struct BundleTree {
    /// The most folder entries walked; a larger tree is not indexed.
    static let maximumEntries = 50_000
    /// The deepest folder walked; deeper files are simply not listed.
    static let maximumDepth = 32

    /// Where `d_name` starts in a `dirent` (a stored field: it always has an offset).
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// Relative paths as UTF-8 bytes: matched byte for byte, as the file
    /// system does, never by Unicode equivalence.
    private var files: Set<[UInt8]> = []

    /// Walks the folder at `realRoot` (a path from `realpath`); nil when it
    /// cannot be read or has more than `maximumEntries` entries.
    init?(realRoot: String) {
        var entries = 0
        guard walk(realRoot, relative: [], depth: 0, entries: &entries) else { return nil }
    }

    /// Whether `path` (relative, `/`-separated) is a regular file reached without symbolic links.
    func containsRegularFile(_ path: String) -> Bool {
        files.contains(Array(path.utf8))
    }

    /// The regular files listed, as relative paths, in no particular order.
    var regularFiles: [String] {
        files.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The entry's name, read up to its terminating NUL where it lies. Copying
    /// the whole `d_name` array would read past a short record, into the rest
    /// of the directory buffer or beyond its end.
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        let start = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
        return Array(UnsafeRawBufferPointer(start: start, count: strlen(start)))
    }

    private mutating func walk(_ folder: String, relative: [UInt8], depth: Int, entries: inout Int) -> Bool {
        guard let directory = opendir(folder) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            entries += 1
            if entries > Self.maximumEntries { return false }
            let name = Self.name(of: entry)
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            // A name that is not UTF-8 cannot be spelled in the manifest; leave it out.
            guard let text = String(validating: name, as: UTF8.self) else { continue }
            let path = relative.isEmpty ? name : relative + [0x2F] + name
            let full = folder + "/" + text
            var kind = Int32(entry.pointee.d_type)
            if kind == Int32(DT_UNKNOWN) {
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFREG: kind = Int32(DT_REG)
                case S_IFDIR: kind = Int32(DT_DIR)
                default: continue
                }
            }
            if kind == Int32(DT_REG) {
                files.insert(path)
            } else if kind == Int32(DT_DIR), depth < Self.maximumDepth {
                // A folder that cannot be read leaves its files to `BundlePath.resolve`.
                if !walk(full, relative: path, depth: depth + 1, entries: &entries), entries > Self.maximumEntries {
                    return false
                }
            }
        }
        return true
    }
}
