import Yams

/// A node of a manifest's YAML as the manifest reader walks it: what it holds
/// and where it starts. Made by ``ManifestYAML`` for the plain manifests it
/// reads itself, and from Yams' composed tree for every other one.
indirect enum ManifestNode: Equatable {
    /// Where a node starts: 1-based line and column (in characters), as Yams reports them.
    struct Mark: Equatable {
        var line: Int
        var column: Int
    }

    /// One key and its value, in file order.
    struct Pair: Equatable {
        var key: ManifestNode
        var value: ManifestNode
    }

    /// A scalar's text; `isPlain` when it was written unquoted (only a plain
    /// scalar can be YAML's null).
    case scalar(String, isPlain: Bool, mark: Mark?)
    case mapping([Pair], mark: Mark?)
    case sequence([ManifestNode], mark: Mark?)
    /// An alias that was not resolved (Yams resolves them while composing).
    case alias(mark: Mark?)

    /// The node Yams composed.
    init(_ node: Node) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) }
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, isPlain: scalar.style == .plain, mark: mark)
        case .mapping(let mapping):
            self = .mapping(mapping.map { Pair(key: ManifestNode($0.key), value: ManifestNode($0.value)) }, mark: mark)
        case .sequence(let sequence):
            self = .sequence(sequence.map(ManifestNode.init), mark: mark)
        case .alias:
            self = .alias(mark: mark)
        }
    }

    var mark: Mark? {
        switch self {
        case .scalar(_, _, let mark), .mapping(_, let mark), .sequence(_, let mark), .alias(let mark): mark
        }
    }

    /// The text of a scalar; nil for anything else.
    var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// The value of the first key whose text is `key`, in a mapping.
    func value(forKey key: String) -> ManifestNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.text == key }?.value
    }

    /// Whether the node is YAML's null (`~`, `null` or nothing, unquoted).
    var isNull: Bool {
        guard case .scalar(let text, true, _) = self else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
