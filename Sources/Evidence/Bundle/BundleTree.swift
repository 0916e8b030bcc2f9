import EvidenceFormats

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

    private mutating func walk(_ folder: String, relative: [UInt8], depth: Int, entries: inout Int) -> Bool {
        var complete = true
        let opened = DirectoryReader.forEachEntry(of: folder) { entry in
            entries += 1
            if entries > Self.maximumEntries {
                complete = false
                return false
            }
            let name = entry.name
            if name == [0x2E] || name == [0x2E, 0x2E] { return true }
            // A name that is not UTF-8 cannot be spelled in the manifest; leave it out.
            guard let text = String(validating: name, as: UTF8.self) else { return true }
            let path = relative.isEmpty ? name : relative + [0x2F] + name
            let full = folder + "/" + text
            var kind = entry.kind
            if kind == .unknown {
                guard let known = DirectoryReader.kind(ofPath: full) else { return true }
                kind = known
            }
            if kind == .regularFile {
                files.insert(path)
            } else if kind == .folder, depth < Self.maximumDepth {
                // A folder that cannot be read leaves its files to `BundlePath.resolve`.
                if !walk(full, relative: path, depth: depth + 1, entries: &entries), entries > Self.maximumEntries {
                    complete = false
                    return false
                }
            }
            return true
        }
        return opened && complete
    }
}
