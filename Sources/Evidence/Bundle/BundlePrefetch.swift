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
    /// Hints the files of the bundle at `url` (a folder, its `bundle.yaml`, or a
    /// `.zip`); returns how many files were hinted. `evenIfCached` hints a
    /// folder whose manifest is cached too.
    @discardableResult
    public static func advise(_ url: URL, evenIfCached: Bool = false) -> Int {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return 0 }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return adviseFolder(url.path, evenIfCached: evenIfCached)
        case S_IFREG:
            if url.lastPathComponent == ManifestLoader.fileName {
                return adviseFolder(url.deletingLastPathComponent().path, evenIfCached: evenIfCached)
            }
            return adviseFile(url.path) ? 1 : 0
        default:
            return 0
        }
    }

    /// The regular files of the folder, found as the bundle finds them when it
    /// opens (``BundleTree``: no link followed, a bounded walk).
    private static func adviseFolder(_ path: String, evenIfCached: Bool) -> Int {
        if !evenIfCached, isCached(path + "/" + ManifestLoader.fileName) { return 0 }
        guard let tree = BundleTree(realRoot: path) else { return 0 }
        return tree.regularFiles.reduce(0) { $0 + (adviseFile(path + "/" + $1) ? 1 : 0) }
    }

    /// Whether the first page of the file at `path` is in the page cache.
    static func isCached(_ path: String) -> Bool {
        #if os(Linux)
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            let length = Int(sysconf(Int32(_SC_PAGESIZE)))
            guard let page = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), page != MAP_FAILED else {
                return false
            }
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
