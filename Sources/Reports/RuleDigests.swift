import Foundation
import Scheme

/// The SHA-256 of each leaf's rule file, by leaf id, so that a report (and the
/// archive, and `rubric diff`) can tell when the rule behind a score changed.
/// Manual leaves have none; a rule file that cannot be read has none either.
/// Made once per rubric: a batch passes the same value to every report.
public struct RuleDigests: Sendable {
    /// The rule file's path as the rubric (or overlay) wrote it, and its SHA-256.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var sha256: String?
    }

    /// The entries by leaf id.
    public var entries: [LeafID: Entry]

    /// Reads every rule file of `loaded` once (files shared by leaves once).
    public init(_ loaded: LoadedRubric) {
        var byURL: [URL: String?] = [:]
        var entries: [LeafID: Entry] = [:]
        for leaf in loaded.rubric.leaves {
            guard let rule = leaf.rule else { continue }
            if byURL[rule.url] == nil {
                byURL[rule.url] = (try? Data(contentsOf: rule.url)).map(RubricLoader.sha256(of:))
            }
            entries[leaf.id] = Entry(path: rule.path, sha256: byURL[rule.url] ?? nil)
        }
        self.entries = entries
    }

    /// The entry of leaf `id`; nil for a manual leaf.
    public subscript(id: LeafID) -> Entry? { entries[id] }
}
