import Foundation
import Scheme

/// `rubric test --watch`: polls the modification times of a rubric folder's
/// files and, after a file is saved, names the tests to run again. A test
/// file reruns its own tests; a rule file the tests of the leaves it rules;
/// a fixture the tests whose bundle is in it; anything else (`rubric.yaml`,
/// `lib/`, `calendar/`) every test.
///
/// ```swift
/// var watcher = RuleTestWatcher(rubricDirectory: folder)
/// let changed = watcher.changedFiles()   // empty the first time
/// ```
public struct RuleTestWatcher: Sendable {
    /// The rubric folder watched.
    public let rubricDirectory: URL
    /// The modification time of every file seen at the last poll, by path.
    private var times: [String: Date]

    /// Starts watching `rubricDirectory` from its current state.
    public init(rubricDirectory: URL) {
        self.rubricDirectory = rubricDirectory.standardizedFileURL
        times = Self.modificationTimes(under: self.rubricDirectory)
    }

    /// The files added, changed or removed since the last call (or since `init`), sorted.
    public mutating func changedFiles() -> [URL] {
        let now = Self.modificationTimes(under: rubricDirectory)
        var changed: [String] = []
        for (path, time) in now where times[path] != time { changed.append(path) }
        for path in times.keys where now[path] == nil { changed.append(path) }
        times = now
        return changed.sorted().map { URL(fileURLWithPath: $0) }
    }

    /// The modification time of every regular file under `folder`, by standardized path.
    static func modificationTimes(under folder: URL) -> [String: Date] {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else {
            return [:]
        }
        var times: [String: Date] = [:]
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else {
                continue
            }
            times[url.standardizedFileURL.path] = values.contentModificationDate ?? .distantPast
        }
        return times
    }

    /// Whether `test` should run again after `changed` files were saved.
    public func affects(_ changed: [URL], test: RuleTest, rubric: Rubric) -> Bool {
        let testFile = URL(fileURLWithPath: test.location.file).standardizedFileURL.path
        let rule = rubric.leaf(test.leaf)?.rule?.url.standardizedFileURL.path
        for url in changed {
            let path = url.standardizedFileURL.path
            if path == testFile || path == rule { return true }
            if case .path(let bundle) = test.bundle, path.hasPrefix(bundle.standardizedFileURL.path + "/") {
                return true
            }
            if !isRuleOrTestFile(path) { return true }
        }
        return false
    }

    /// Whether `path` is one that only some tests depend on: under `rules/` or `tests/`.
    private func isRuleOrTestFile(_ path: String) -> Bool {
        let prefix = rubricDirectory.path + "/"
        guard path.hasPrefix(prefix) else { return false }
        let first = path.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
        return first == "rules" || first == RuleTestSuite.folderName
    }
}
