import Foundation
import Scheme

/// The files of a rubric's `lib/` (the Lua modules rules `require`) and
/// `calendar/` (the working-day calendar `dates` reads) folders, each with its
/// SHA-256, sorted by path: besides the rubric, its overlays and the rule
/// files, what a leaf's score depends on. Made once per rubric.
public struct RubricSupportFiles: Sendable, Hashable {
    /// A file: its path relative to the rubric folder (`lib/isi.lua`) and its SHA-256.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var sha256: String
    }

    /// The folders read, relative to the rubric folder.
    public static let folders = ["lib", "calendar"]

    public var entries: [Entry]

    /// Reads every regular file under the rubric's support folders (hidden files
    /// left out); a file that cannot be read is left out too.
    public init(_ loaded: LoadedRubric) {
        var entries: [Entry] = []
        let fileManager = FileManager.default
        for folder in Self.folders {
            let root = loaded.directory.appendingPathComponent(folder)
            guard
                let enumerator = fileManager.enumerator(
                    at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            else { continue }
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                    let data = try? Data(contentsOf: url)
                else { continue }
                let relative = url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count)
                let path = folder + (relative.hasPrefix("/") ? "" : "/") + relative
                entries.append(Entry(path: path, sha256: RubricLoader.sha256(of: data)))
            }
        }
        self.entries = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
