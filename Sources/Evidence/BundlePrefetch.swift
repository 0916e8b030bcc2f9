import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks the operating system to start reading a bundle's files into its page
/// cache, so that whoever opens the bundle a moment later finds them there
/// instead of waiting for the disk: `rubric batch` does this for the bundles
/// just ahead of its workers, whose files are otherwise read cold from an
/// archive.
///
/// Only a hint (`posix_fadvise(POSIX_FADV_WILLNEED)` on Linux; nothing
/// elsewhere): it reads nothing into the process, follows no symbolic link,
/// skips what it cannot open, and never fails. A folder whose `bundle.yaml`
/// is in the cache already is taken to be cached and left alone, so a batch
/// over bundles the system holds pays a few calls per bundle, not a few per file.
public enum BundlePrefetch {
    /// The most folder entries looked at in one bundle.
    public static let maximumEntries = 10_000
    /// The deepest folder looked into.
    public static let maximumDepth = 32

    /// Hints the files of the bundle at `url` (a folder, its `bundle.yaml`, or a
    /// `.zip`); returns how many files were hinted. `evenIfCached` hints a
    /// folder whose manifest is cached too.
    @discardableResult
    public static func advise(_ url: URL, evenIfCached: Bool = false) -> Int {
        var entries = 0
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return 0 }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if !evenIfCached, isCached(url.path + "/" + ManifestLoader.fileName) { return 0 }
            return adviseFolder(url.path, depth: 0, entries: &entries)
        case S_IFREG:
            if url.lastPathComponent == ManifestLoader.fileName {
                if !evenIfCached, isCached(url.path) { return 0 }
                return adviseFolder(url.deletingLastPathComponent().path, depth: 0, entries: &entries)
            }
            return adviseFile(url.path) ? 1 : 0
        default:
            return 0
        }
    }

    private static func adviseFolder(_ path: String, depth: Int, entries: inout Int) -> Int {
        guard depth <= maximumDepth, let directory = opendir(path) else { return 0 }
        defer { closedir(directory) }
        var advised = 0
        while entries < maximumEntries, let entry = readdir(directory) {
            entries += 1
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = path + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): advised += adviseFolder(full, depth: depth + 1, entries: &entries)
            case Int32(DT_REG): advised += adviseFile(full) ? 1 : 0
            default: break  // links, devices, and entries whose type the file system does not say
            }
        }
        return advised
    }

    /// Whether the first page of the file at `path` is in the page cache.
    static func isCached(_ path: String) -> Bool {
        #if os(Linux)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let length = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let page = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), page != MAP_FAILED else { return false }
        defer { munmap(page, length) }
        var resident: UInt8 = 0
        return mincore(page, length, &resident) == 0 && resident & 1 == 1
        #else
        return false
        #endif
    }

    private static func adviseFile(_ path: String) -> Bool {
        #if os(Linux)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED) == 0
        #else
        return false
        #endif
    }
}
