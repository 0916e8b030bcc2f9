#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the entries of a folder with `opendir` and `readdir`: each entry's
/// name as the bytes the file system stores and its kind as `d_type` gives it.
package enum DirectoryReader {
    /// What an entry is; `unknown` when the file system does not say (see ``kind(ofPath:)``).
    package enum Kind: Equatable {
        case regularFile, folder, other, unknown
    }

    /// One entry of a folder.
    package struct Entry {
        /// The name, without its terminating NUL; `.` and `..` are entries too.
        package var name: [UInt8]
        package var kind: Kind
    }

    /// Where `d_name` starts in a `dirent` (a stored field: it always has an offset).
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

    /// Calls `body` with each entry of `folder`, in the order the system lists
    /// them, until `body` returns false. False when the folder cannot be opened.
    package static func forEachEntry(of folder: String, _ body: (Entry) -> Bool) -> Bool {
        guard let directory = opendir(folder) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let kind: Kind =
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_REG): .regularFile
                case Int32(DT_DIR): .folder
                case Int32(DT_UNKNOWN): .unknown
                default: .other
                }
            if !body(Entry(name: name(of: entry), kind: kind)) { break }
        }
        return true
    }

    /// The kind of the file at `path` itself (a symbolic link is `other`), from
    /// `lstat`; nil when it cannot be read.
    package static func kind(ofPath path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The entry's name, read up to its terminating NUL where it lies. Copying
    /// the whole `d_name` array would read past a short record, into the rest
    /// of the directory buffer or beyond its end.
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        let start = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
        return Array(UnsafeRawBufferPointer(start: start, count: strlen(start)))
    }
}
