import Diagnostics

/// The key-value pairs of a YAML mapping whose keys were checked against a
/// format, in file order. `Node` is the reader's node type: Yams' `Node`, or the
/// tree of a reader of its own (the bundle manifest's fast reader).
public struct YAMLFields<Node> {
    /// One key the format knows, the node of the key, and its value.
    public struct Entry {
        public var key: String
        public var keyNode: Node
        public var value: Node

        public init(key: String, keyNode: Node, value: Node) {
            self.key = key
            self.keyNode = keyNode
            self.value = value
        }
    }

    /// The mapping itself (where a missing key is reported).
    public let node: Node
    public let entries: [Entry]

    public init(node: Node, entries: [Entry]) {
        self.node = node
        self.entries = entries
    }

    /// The value of `key`, if the mapping has it.
    public subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The node of the key `key` itself, if the mapping has it.
    public func keyNode(_ key: String) -> Node? {
        entries.first { $0.key == key }?.keyNode
    }

    public func has(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// Keeps the pairs whose key is in `keys`; calls `unknown` with the key's
    /// node and ``unknownKeyMessage(_:in:keys:)`` for every other one. A pair
    /// whose key is not a text (`key` nil) is left to the caller to report.
    public static func checking(
        _ node: Node, pairs: [(key: String, keyNode: Node, value: Node)], keys: [String], what: String,
        unknown: (Node, String) -> Void
    ) -> YAMLFields {
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            if keys.contains(pair.key) {
                entries.append(Entry(key: pair.key, keyNode: pair.keyNode, value: pair.value))
            } else {
                unknown(pair.keyNode, unknownKeyMessage(pair.key, in: what, keys: keys))
            }
        }
        return YAMLFields(node: node, entries: entries)
    }

    /// The one wording of an unknown key: `unknown key `x` in WHAT; did you mean `y`?`,
    /// or, when no known key is close, the keys the format knows.
    public static func unknownKeyMessage(_ key: String, in what: String, keys: [String]) -> String {
        let suggestion = Suggestion.didYouMean(key, among: keys)
        if !suggestion.isEmpty { return "unknown key `\(key)` in \(what)\(suggestion)" }
        return "unknown key `\(key)` in \(what); expected one of " + keys.map { "`\($0)`" }.joined(separator: ", ")
    }
}
