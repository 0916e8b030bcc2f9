/// A JSON document as parsed, keeping what canonical JSON and the comparison
/// of two reports need: the order of object members as written, and numbers
/// as their literal text.
public indirect enum JSONTree: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number as written in the document (for example `12` or `-3`).
    case number(String)
    case string(String)
    case array([JSONTree])
    /// Members in the order written.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONTree

        public init(key: String, value: JSONTree) {
            self.key = key
            self.value = value
        }
    }

    /// Parses `text` (UTF-8 JSON). Throws ``JSONTreeError`` with the line and
    /// column of the first problem; duplicate keys in an object are refused.
    public init(parsing text: String) throws(JSONTreeError) {
        var parser = JSONTreeParser(text)
        self = try parser.document()
    }

    /// The value of member `key` of an object; nil when absent or not an object.
    public subscript(key: String) -> JSONTree? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// This object without its member `key` (other values unchanged).
    public func removing(key: String) -> JSONTree {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { $0.key != key })
    }

    /// The first value where `self` and `other` differ, in document order, or
    /// nil when they are equal. A member present in one and absent from the
    /// other, or in another place, is named by its key.
    public func firstDifference(from other: JSONTree) -> JSONDifference? {
        Self.firstDifference(self, other, path: "")
    }

    private static func firstDifference(_ left: JSONTree?, _ right: JSONTree?, path: String) -> JSONDifference? {
        switch (left, right) {
        case (.array(let leftElements), .array(let rightElements)):
            for index in 0..<max(leftElements.count, rightElements.count) {
                let found = firstDifference(
                    leftElements.indices.contains(index) ? leftElements[index] : nil,
                    rightElements.indices.contains(index) ? rightElements[index] : nil, path: "\(path)[\(index)]")
                if let found { return found }
            }
            return nil
        case (.object(let leftMembers), .object(let rightMembers)):
            for index in 0..<max(leftMembers.count, rightMembers.count) {
                let leftMember = leftMembers.indices.contains(index) ? leftMembers[index] : nil
                let rightMember = rightMembers.indices.contains(index) ? rightMembers[index] : nil
                if let leftMember, let rightMember, leftMember.key == rightMember.key {
                    let found = firstDifference(
                        leftMember.value, rightMember.value, path: join(path, leftMember.key))
                    if let found { return found }
                    continue
                }
                let key = leftMember?.key ?? rightMember?.key ?? ""
                return JSONDifference(
                    path: join(path, key), left: left?[key], right: right?[key])
            }
            return nil
        default:
            guard left != right else { return nil }
            return JSONDifference(path: path.isEmpty ? "(the whole document)" : path, left: left, right: right)
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// Where two JSON documents first differ: the path of the value (for
/// example `leaves[3].points`) and the value in each, nil where it is absent.
public struct JSONDifference: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var left: JSONTree?
    public var right: JSONTree?

    /// A value as a message shows it: a scalar as JSON, a container by its kind.
    public static func show(_ value: JSONTree?) -> String {
        switch value {
        case nil: "absent"
        case .object?: "an object"
        case .array(let elements)?: "an array of \(elements.count)"
        case .number(let text)?: text
        case let scalar?: (try? String(decoding: CanonicalJSON.bytes(of: scalar), as: UTF8.self)) ?? "a number"
        }
    }

    public var description: String { "\(path): \(Self.show(left)) against \(Self.show(right))" }
}

/// Why a text is not JSON: what was wrong and where (1-based line and column).
public struct JSONTreeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "line \(line), column \(column): \(message)" }
}
