/// A reader for the plain YAML manifests are written in, several times faster
/// than composing them with Yams: block mappings and sequences indented with
/// spaces, one-line plain and quoted scalars, one-line flow collections
/// (`[a, b]`, `{from: x, to: y, by: [c]}`), and comments.
///
/// For such a text it gives the tree Yams composes (with the basic resolver),
/// with the same marks. At anything else (anchors, aliases, tags, block or
/// multi-line scalars, directives, several documents, tabs, carriage returns,
/// flow collections over several lines, duplicate keys, any syntax error) it gives up and
/// returns nil: the caller then checks the text with `YAMLGuard`, which refuses
/// anchors, aliases, merge keys and tags, and reads the rest with Yams, which
/// also reports every syntax error with its line. A token starting with `&`,
/// `*`, `!` or `<` is never read here, so nothing this reader accepts needs the guard.
struct ManifestYAML {
    /// The deepest nesting of block collections read here; deeper goes to Yams.
    static let maximumDepth = 64

    private struct Line {
        var number: Int
        /// Byte offsets: the line's first byte, its first non-space byte, its end (before the line feed).
        var start: Int
        var content: Int
        var end: Int
        var indent: Int { content - start }
    }

    private let bytes: [UInt8]
    private var lines: [Line] = []
    private var next = 0
    private let columns = ColumnCursor()

    /// The column last counted, so that the marks of one line, asked for left
    /// to right, are counted in one pass (a long flow line stays linear).
    private final class ColumnCursor {
        var line = -1
        var offset = 0
        var column = 1
    }

    /// The tree of `text`, or nil when the text is not plain YAML of the kind described above.
    static func parse(_ text: String) -> ManifestNode? {
        var reader = ManifestYAML(bytes: Array(text.utf8))
        return reader.document()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func document() -> ManifestNode? {
        guard splitLines(), let first = lines.first, first.indent == 0 else { return nil }
        guard let root = block(depth: 0), next == lines.count else { return nil }
        return root
    }

    /// Cuts the text into lines, leaving out blank and comment-only lines; false
    /// at bytes this reader leaves to Yams (tabs, carriage returns, other
    /// control characters, a byte-order mark).
    private mutating func splitLines() -> Bool {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return false }
        var start = 0
        var number = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A {
                if bytes[end] < 0x20 || bytes[end] == 0x7F { return false }
                end += 1
            }
            var content = start
            while content < end, bytes[content] == 0x20 { content += 1 }
            if content < end, bytes[content] != UInt8(ascii: "#") {
                lines.append(Line(number: number, start: start, content: content, end: end))
            }
            start = end + 1
            number += 1
        }
        return true
    }

    // MARK: Block collections

    /// The block collection starting at the current line.
    private mutating func block(depth: Int) -> ManifestNode? {
        guard depth < Self.maximumDepth, next < lines.count else { return nil }
        let line = lines[next]
        if isSequenceEntry(line.content, line.end) { return sequence(indent: line.indent, depth: depth) }
        if keyEnd(from: line.content, to: line.end) != nil {
            return mapping(at: line.content, indent: line.indent, depth: depth)
        }
        return nil
    }

    /// `-` followed by a space or the end of the line.
    private func isSequenceEntry(_ at: Int, _ end: Int) -> Bool {
        bytes[at] == UInt8(ascii: "-") && (at + 1 == end || bytes[at + 1] == 0x20)
    }

    private mutating func sequence(indent: Int, depth: Int) -> ManifestNode? {
        let first = lines[next]
        let mark = self.mark(first, first.content)
        var items: [ManifestNode] = []
        while next < lines.count, lines[next].indent == indent, isSequenceEntry(lines[next].content, lines[next].end) {
            let line = lines[next]
            let after = skipSpaces(line.content + 1, line.end)
            // An empty entry, a nested entry on the same line: left to Yams.
            guard after < line.end, !isSequenceEntry(after, line.end) else { return nil }
            if keyEnd(from: after, to: line.end) != nil {
                guard let item = mapping(at: after, indent: after - line.start, depth: depth + 1) else { return nil }
                items.append(item)
            } else {
                guard let item = inlineValue(line, from: after) else { return nil }
                items.append(item)
                next += 1
                if next < lines.count, lines[next].indent > indent { return nil }
            }
        }
        if next < lines.count, lines[next].indent > indent { return nil }
        return .sequence(items, mark: mark)
    }

    /// The mapping whose first key starts at byte `at` of the current line, its
    /// keys at column `indent`.
    private mutating func mapping(at start: Int, indent: Int, depth: Int) -> ManifestNode? {
        let mark = self.mark(lines[next], start)
        var pairs: [ManifestNode.Pair] = []
        var keys: Set<String> = []
        var keyStart = start
        while true {
            let line = lines[next]
            guard let colon = keyEnd(from: keyStart, to: line.end) else { return nil }
            var keyEnd = colon
            while keyEnd > keyStart, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
            let key = text(keyStart, keyEnd)
            guard keys.insert(key).inserted else { return nil }
            let keyNode = ManifestNode.scalar(key, isPlain: true, mark: self.mark(line, keyStart))
            let valueStart = skipSpaces(colon + 1, line.end)
            let value: ManifestNode
            if valueStart == line.end || bytes[valueStart] == UInt8(ascii: "#") {
                // Nothing after the colon: a nested collection on the next lines, or null.
                let empty = ManifestNode.scalar("", isPlain: true, mark: self.mark(line, colon + 1))
                next += 1
                if next < lines.count, lines[next].indent > indent {
                    guard let nested = block(depth: depth + 1) else { return nil }
                    value = nested
                } else if next < lines.count, lines[next].indent == indent,
                    isSequenceEntry(lines[next].content, lines[next].end)
                {
                    guard let nested = sequence(indent: indent, depth: depth + 1) else { return nil }
                    value = nested
                } else {
                    value = empty
                }
            } else {
                guard let inline = inlineValue(line, from: valueStart) else { return nil }
                value = inline
                next += 1
                if next < lines.count, lines[next].indent > indent { return nil }
            }
            pairs.append(ManifestNode.Pair(key: keyNode, value: value))
            guard next < lines.count, lines[next].indent == indent else { break }
            keyStart = lines[next].content
        }
        return .mapping(pairs, mark: mark)
    }

    /// Where the colon of a plain key starting at `start` is (a colon followed by
    /// a space or the end of the line), or nil when the line does not start a
    /// plain key there.
    private func keyEnd(from start: Int, to end: Int) -> Int? {
        guard start < end, startsPlain(bytes[start]) else { return nil }
        var at = start
        while at < end {
            let byte = bytes[at]
            if byte == UInt8(ascii: ":"), at + 1 == end || bytes[at + 1] == 0x20 { return at > start ? at : nil }
            if byte == UInt8(ascii: "#"), at > start, bytes[at - 1] == 0x20 { return nil }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return nil }
            at += 1
        }
        return nil
    }

    /// Whether a plain scalar may start with `byte` here (letters, digits, `_`,
    /// `.`, `/` and any non-ASCII character; the rest is left to Yams).
    private func startsPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    // MARK: One-line values

    /// The value from byte `start` to the end of `line` (a comment may follow it).
    private func inlineValue(_ line: Line, from start: Int) -> ManifestNode? {
        var at = start
        let node: ManifestNode
        switch bytes[start] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            guard let quoted = quoted(line, &at) else { return nil }
            node = quoted
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard let flow = flowValue(line, &at, depth: 0) else { return nil }
            node = flow
        default:
            guard startsPlain(bytes[start]) else { return nil }
            var end = start
            while end < line.end, !(bytes[end] == UInt8(ascii: "#") && bytes[end - 1] == 0x20) {
                // A colon followed by a space or the end would start a mapping: a syntax error.
                if bytes[end] == UInt8(ascii: ":"), end + 1 == line.end || bytes[end + 1] == 0x20 { return nil }
                end += 1
            }
            var trimmed = end
            while trimmed > start, bytes[trimmed - 1] == 0x20 { trimmed -= 1 }
            return .scalar(text(start, trimmed), isPlain: true, mark: mark(line, start))
        }
        return restIsComment(line, at) ? node : nil
    }

    /// Whether only spaces, or spaces and a comment, follow byte `at`.
    private func restIsComment(_ line: Line, _ at: Int) -> Bool {
        let after = skipSpaces(at, line.end)
        return after == line.end || (after > at && bytes[after] == UInt8(ascii: "#"))
    }

    /// A quoted scalar at `at` (on its opening quote), which must close on this line; `at` moves past it.
    private func quoted(_ line: Line, _ at: inout Int) -> ManifestNode? {
        let quote = bytes[at]
        let mark = self.mark(line, at)
        var out: [UInt8] = []
        var position = at + 1
        while position < line.end {
            let byte = bytes[position]
            if byte == quote {
                if quote == UInt8(ascii: "'"), position + 1 < line.end, bytes[position + 1] == quote {
                    out.append(quote)
                    position += 2
                    continue
                }
                at = position + 1
                return .scalar(String(decoding: out, as: UTF8.self), isPlain: false, mark: mark)
            }
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                guard position + 1 < line.end, let escaped = escape(&position, line.end) else { return nil }
                out.append(contentsOf: escaped)
                continue
            }
            out.append(byte)
            position += 1
        }
        return nil
    }

    /// The UTF-8 of the escape sequence at `position` (on its backslash); moves past it.
    private func escape(_ position: inout Int, _ end: Int) -> [UInt8]? {
        let code = bytes[position + 1]
        position += 2
        switch code {
        case UInt8(ascii: "\\"): return [0x5C]
        case UInt8(ascii: "\""): return [0x22]
        case UInt8(ascii: "/"): return [0x2F]
        case UInt8(ascii: " "): return [0x20]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = code == UInt8(ascii: "x") ? 2 : code == UInt8(ascii: "u") ? 4 : 8
            guard position + digits <= end,
                bytes[position..<(position + digits)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                let value = UInt32(String(decoding: bytes[position..<(position + digits)], as: UTF8.self), radix: 16),
                value != 0, let scalar = Unicode.Scalar(value)
            else { return nil }
            position += digits
            return Array(String(Character(scalar)).utf8)
        default:
            return nil
        }
    }

    /// A value inside a flow collection, or the collection itself: a quoted or
    /// plain scalar, `[...]` or `{...}`; `position` moves past it.
    private func flowValue(_ line: Line, _ position: inout Int, depth: Int) -> ManifestNode? {
        guard position < line.end, depth < Self.maximumDepth else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "["): return flowSequence(line, &position, depth: depth)
        case UInt8(ascii: "{"): return flowMapping(line, &position, depth: depth)
        default: return flowScalar(line, &position)
        }
    }

    /// `[a, "b", [c]]` on one line.
    private func flowSequence(_ line: Line, _ at: inout Int, depth: Int) -> ManifestNode? {
        let mark = self.mark(line, at)
        var items: [ManifestNode] = []
        var position = skipSpaces(at + 1, line.end)
        if position < line.end, bytes[position] == UInt8(ascii: "]") {
            at = position + 1
            return .sequence([], mark: mark)
        }
        while position < line.end {
            guard let item = flowValue(line, &position, depth: depth + 1) else { return nil }
            items.append(item)
            position = skipSpaces(position, line.end)
            guard position < line.end else { return nil }
            if bytes[position] == UInt8(ascii: "]") {
                at = position + 1
                return .sequence(items, mark: mark)
            }
            guard bytes[position] == UInt8(ascii: ",") else { return nil }
            position = skipSpaces(position + 1, line.end)
        }
        return nil
    }

    /// `{a: x, b: "y", c: [d]}` on one line, with plain keys.
    private func flowMapping(_ line: Line, _ at: inout Int, depth: Int) -> ManifestNode? {
        let mark = self.mark(line, at)
        var pairs: [ManifestNode.Pair] = []
        var keys: Set<String> = []
        var position = skipSpaces(at + 1, line.end)
        if position < line.end, bytes[position] == UInt8(ascii: "}") {
            at = position + 1
            return .mapping([], mark: mark)
        }
        while position < line.end {
            guard startsPlain(bytes[position]) else { return nil }
            let keyStart = position
            while position < line.end, bytes[position] != UInt8(ascii: ":") {
                if isFlowIndicator(bytes[position]) || bytes[position] == UInt8(ascii: "#") { return nil }
                position += 1
            }
            guard position + 1 < line.end, bytes[position + 1] == 0x20 else { return nil }
            var keyEnd = position
            while keyEnd > keyStart, bytes[keyEnd - 1] == 0x20 { keyEnd -= 1 }
            let key = text(keyStart, keyEnd)
            guard keys.insert(key).inserted else { return nil }
            position = skipSpaces(position + 1, line.end)
            guard position < line.end, let value = flowValue(line, &position, depth: depth + 1) else { return nil }
            pairs.append(
                ManifestNode.Pair(key: .scalar(key, isPlain: true, mark: self.mark(line, keyStart)), value: value))
            position = skipSpaces(position, line.end)
            guard position < line.end else { return nil }
            if bytes[position] == UInt8(ascii: "}") {
                at = position + 1
                return .mapping(pairs, mark: mark)
            }
            guard bytes[position] == UInt8(ascii: ",") else { return nil }
            position = skipSpaces(position + 1, line.end)
        }
        return nil
    }

    /// A quoted or plain scalar inside a flow collection; `position` moves past it.
    private func flowScalar(_ line: Line, _ position: inout Int) -> ManifestNode? {
        guard position < line.end else { return nil }
        if bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
            return quoted(line, &position)
        }
        guard startsPlain(bytes[position]) else { return nil }
        let start = position
        while position < line.end, !isFlowIndicator(bytes[position]) {
            if bytes[position] == UInt8(ascii: ":") || bytes[position] == UInt8(ascii: "#") { return nil }
            position += 1
        }
        var end = position
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        return .scalar(text(start, end), isPlain: true, mark: mark(line, start))
    }

    private func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }

    // MARK: Positions and text

    private func skipSpaces(_ at: Int, _ end: Int) -> Int {
        var at = at
        while at < end, bytes[at] == 0x20 { at += 1 }
        return at
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The mark of byte `at` of `line`: columns count characters, as Yams does.
    private func mark(_ line: Line, _ at: Int) -> ManifestNode.Mark {
        if columns.line != line.number || columns.offset > at {
            columns.line = line.number
            columns.offset = line.start
            columns.column = 1
        }
        for index in columns.offset..<at where bytes[index] & 0xC0 != 0x80 { columns.column += 1 }
        columns.offset = at
        return ManifestNode.Mark(line: line.number, column: columns.column)
    }
}
