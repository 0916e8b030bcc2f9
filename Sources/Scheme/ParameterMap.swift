/// A map of parameter names to values that keeps its keys in file order.
public struct ParameterMap: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One named value.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: ParameterValue

        public init(key: String, value: ParameterValue) {
            self.key = key
            self.value = value
        }
    }

    /// The entries in file order; keys are unique.
    public private(set) var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, ParameterValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The value of a key; setting a new key appends it, setting an existing key
    /// replaces its value in place, setting `nil` removes it.
    public subscript(key: String) -> ParameterValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[Entry]> {
        entries.makeIterator()
    }

    /// This map with every entry of `other` set on it, key by key.
    public func merging(_ other: ParameterMap) -> ParameterMap {
        var result = self
        for entry in other.entries { result[entry.key] = entry.value }
        return result
    }
}
