import Diagnostics

/// Refuses the YAML features the project's formats have no use for (anchors,
/// aliases, merge keys and tags) before any YAML library sees the text.
///
/// An alias is expanded wherever the tree is walked, so ten lines of anchors
/// and aliases can stand for billions of nodes; a tag would be silently ignored.
/// The guard reads the text the way libyaml's scanner (the one Yams uses) cuts
/// it into tokens, without building anything: quoted, plain and block scalars
/// are skipped as libyaml would skip them, so `R&D 部`, `很*重要*` or `"!"` are
/// text, while a token that starts with `&`, `*` or `!` is refused. It is linear
/// in the text's length.
///
/// ```swift
/// if let finding = YAMLGuard.check(text, file: "bundle.yaml") { return [finding] }
/// ```
public enum YAMLGuard {
    /// The stable code of the finding.
    public static let code = "yaml-refused"

    /// A feature the guard refuses.
    public enum Feature: String, Sendable {
        case anchor
        case alias
        case tag
        case mergeKey = "merge key"
    }

    /// The first refused feature of a text, and where it is.
    public struct Refusal: Sendable, Hashable {
        public var feature: Feature
        /// The token as written (`&a1`, `*a0`, `!x`, `<<`), shortened when long.
        public var token: String
        /// 1-based line and column (in characters), as Yams counts them.
        public var line: Int
        public var column: Int
    }

    /// The first anchor, alias, merge key or tag of `text`, if any. A text that
    /// libyaml would reject as malformed may stop the scan early: what follows
    /// the error is never composed.
    public static func firstRefusal(in text: String) -> Refusal? {
        Array(text.utf8).withUnsafeBufferPointer { bytes in
            var scanner = YAMLTokenScanner(bytes: bytes)
            return scanner.firstRefusal()
        }
    }

    /// A located error for the first refused feature of `text`, or nil when there is none.
    public static func check(_ text: String, file: String) -> Finding? {
        guard let refusal = firstRefusal(in: text) else { return nil }
        return Finding(
            .error, code: code, message: message(for: refusal),
            location: SourceLocation(file: file, line: refusal.line, column: refusal.column))
    }

    /// What the finding says.
    public static func message(for refusal: Refusal) -> String {
        let expands = "an alias can make a small file expand without limit"
        switch refusal.feature {
        case .anchor:
            return "YAML anchor `\(refusal.token)` refused: this file's format takes no anchors or aliases "
                + "(\(expands)); write the value out in full"
        case .alias:
            return "YAML alias `\(refusal.token)` refused: this file's format takes no anchors or aliases "
                + "(\(expands)); write the value out in full, or quote it if it is text"
        case .tag:
            return "YAML tag `\(refusal.token)` refused: this file's format takes no tags and would ignore it; "
                + "remove it, or quote the value if the `!` is text"
        case .mergeKey:
            return "YAML merge key `<<` refused: this file's format takes no merge keys; write the keys out in full"
        }
    }
}

/// The token boundaries of libyaml's scanner (scanner.c), kept to what the guard
/// needs: where tokens start, the flow level, and the stack of block indents
/// that decides where plain and block scalars end.
struct YAMLTokenScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var flowLevel = 0
    /// The columns of the open block collections (libyaml's `indents`).
    private var indents: [Int] = []
    private var simpleKeyAllowed = true
    /// Where a possible simple key of the block context starts (byte offset and line).
    private var simpleKey: (offset: Int, line: Int)?
    /// The last column counted on the current line, so that counting stays linear.
    private var counted: (line: Int, offset: Int, column: Int) = (0, 0, 0)

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var indent: Int { indents.last ?? -1 }

    mutating func firstRefusal() -> YAMLGuard.Refusal? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            lineStart = 3
        }
        while true {
            skipToNextToken()
            guard position < bytes.count else { return nil }
            let column = self.column(of: position)
            if flowLevel == 0 { while indent > column { indents.removeLast() } }
            let byte = bytes[position]
            if column == 0, byte == ascii("%") {
                skipToLineEnd()
                continue
            }
            if column == 0, isDocumentMarker(at: position) {
                indents.removeAll()
                simpleKeyAllowed = false
                simpleKey = nil
                position += 3
                continue
            }
            switch byte {
            case ascii("["), ascii("{"):
                saveSimpleKey()
                flowLevel += 1
                simpleKeyAllowed = true
                position += 1
            case ascii("]"), ascii("}"):
                flowLevel = max(0, flowLevel - 1)
                simpleKeyAllowed = false
                position += 1
            case ascii(","):
                simpleKeyAllowed = true
                position += 1
            case ascii("-") where isBlankOrEnd(at: position + 1):
                roll(to: column)
                simpleKeyAllowed = true
                simpleKey = nil
                position += 1
            case ascii("?") where flowLevel > 0 || isBlankOrEnd(at: position + 1):
                roll(to: column)
                simpleKeyAllowed = flowLevel == 0
                simpleKey = nil
                position += 1
            case ascii(":") where flowLevel > 0 || isBlankOrEnd(at: position + 1):
                if flowLevel == 0 {
                    if let key = simpleKey, key.line == line {
                        roll(to: self.column(of: key.offset))
                    } else {
                        roll(to: column)
                    }
                    simpleKey = nil
                }
                simpleKeyAllowed = flowLevel == 0
                position += 1
            case ascii("*"):
                return refusal(.alias)
            case ascii("&"):
                return refusal(.anchor)
            case ascii("!"):
                return refusal(.tag)
            case ascii("|") where flowLevel == 0, ascii(">") where flowLevel == 0:
                simpleKey = nil
                guard skipBlockScalar() else { return nil }
                simpleKeyAllowed = true
            case ascii("'"), ascii("\""):
                saveSimpleKey()
                guard skipQuotedScalar() else { return nil }
                simpleKeyAllowed = false
            default:
                // What libyaml refuses to start any token with ends the scan: it is a syntax error.
                guard startsPlainScalar(at: position) else { return nil }
                saveSimpleKey()
                let start = position
                let startColumn = column
                let startLine = line
                guard let textEnd = skipPlainScalar() else { return nil }
                // Only a one-line `<<` can be a merge key; `textEnd` lies further on otherwise.
                if bytes[start..<textEnd].elementsEqual([ascii("<"), ascii("<")]), isValueIndicatorNext() {
                    return YAMLGuard.Refusal(feature: .mergeKey, token: "<<", line: startLine, column: startColumn + 1)
                }
            }
        }
    }

    // MARK: Tokens

    private mutating func saveSimpleKey() {
        if flowLevel == 0, simpleKeyAllowed { simpleKey = (position, line) }
    }

    private mutating func roll(to column: Int) {
        if flowLevel == 0, indent < column { indents.append(column) }
    }

    /// Spaces, tabs, comments and line breaks up to the next token.
    private mutating func skipToNextToken() {
        while position < bytes.count {
            if position == lineStart, bytes[position...].starts(with: [0xEF, 0xBB, 0xBF]) {
                position += 3
                continue
            }
            let byte = bytes[position]
            if byte == ascii(" ") || byte == ascii("\t") {
                position += 1
            } else if byte == ascii("#") {
                skipToLineEnd()
            } else if breakLength(at: position) > 0 {
                consumeBreak()
                if flowLevel == 0 { simpleKeyAllowed = true }
            } else {
                return
            }
        }
    }

    private mutating func skipToLineEnd() {
        while position < bytes.count, breakLength(at: position) == 0 { position += 1 }
    }

    /// `'…'` or `"…"`, over several lines if need be; false when it never closes.
    private mutating func skipQuotedScalar() -> Bool {
        let quote = bytes[position]
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if quote == ascii("'"), byte == ascii("'") {
                if position + 1 < bytes.count, bytes[position + 1] == ascii("'") {
                    position += 2
                    continue
                }
                position += 1
                return true
            }
            if quote == ascii("\""), byte == ascii("\\") {
                position += 1
                if position < bytes.count, breakLength(at: position) > 0 {
                    consumeBreak()
                } else if position < bytes.count {
                    position += 1
                }
                continue
            }
            if quote == ascii("\""), byte == ascii("\"") {
                position += 1
                return true
            }
            if breakLength(at: position) > 0 {
                consumeBreak()
            } else {
                position += 1
            }
        }
        return false
    }

    /// A plain scalar, over several lines when its continuation lines are
    /// indented past the current block collection (libyaml's
    /// `yaml_parser_scan_plain_scalar`). Returns where its text ends, or nil at
    /// what libyaml reports as an error.
    private mutating func skipPlainScalar() -> Int? {
        let limit = indent + 1
        var textEnd = position
        var endedAfterBreak = false
        while position < bytes.count {
            if position == lineStart, isDocumentMarker(at: position) { break }
            if bytes[position] == ascii("#") { break }
            while position < bytes.count, !isBlankOrBreak(at: position) {
                let byte = bytes[position]
                if flowLevel > 0, byte == ascii(":"), position + 1 < bytes.count,
                    [ascii(","), ascii("?"), ascii("["), ascii("]"), ascii("{"), ascii("}")].contains(
                        bytes[position + 1])
                {
                    return nil
                }
                if byte == ascii(":"), isBlankOrEnd(at: position + 1) { break }
                if flowLevel > 0, isFlowIndicator(byte) { break }
                position += 1
                textEnd = position
                endedAfterBreak = false
            }
            guard position < bytes.count, isBlankOrBreak(at: position) else { break }
            while position < bytes.count, isBlankOrBreak(at: position) {
                if breakLength(at: position) > 0 {
                    consumeBreak()
                    endedAfterBreak = true
                } else {
                    position += 1
                }
            }
            if flowLevel == 0, column(of: position) < limit { break }
        }
        simpleKeyAllowed = endedAfterBreak
        return textEnd
    }

    /// Whether the next token on this line is a value indicator (`:`).
    private func isValueIndicatorNext() -> Bool {
        var at = position
        while at < bytes.count, bytes[at] == ascii(" ") || bytes[at] == ascii("\t") { at += 1 }
        return at < bytes.count && bytes[at] == ascii(":") && (flowLevel > 0 || isBlankOrEnd(at: at + 1))
    }

    /// `|` or `>`, its header and every line of its content (libyaml's
    /// `yaml_parser_scan_block_scalar`); false at a malformed header.
    private mutating func skipBlockScalar() -> Bool {
        position += 1
        var increment: Int?
        for _ in 0..<2 where position < bytes.count {
            let byte = bytes[position]
            if byte == ascii("+") || byte == ascii("-") {
                position += 1
            } else if byte >= ascii("1"), byte <= ascii("9") {
                increment = Int(byte - ascii("0"))
                position += 1
            }
        }
        while position < bytes.count, bytes[position] == ascii(" ") || bytes[position] == ascii("\t") { position += 1 }
        if position < bytes.count, bytes[position] == ascii("#") { skipToLineEnd() }
        guard position < bytes.count else { return true }
        guard breakLength(at: position) > 0 else { return false }
        consumeBreak()

        let contentIndent: Int
        if let increment {
            contentIndent = indent >= 0 ? indent + increment : increment
        } else {
            var at = position
            var widest = 0
            while at < bytes.count {
                var spaces = 0
                while at < bytes.count, bytes[at] == ascii(" ") {
                    spaces += 1
                    at += 1
                }
                widest = max(widest, spaces)
                guard at < bytes.count, breakLength(at: at) > 0 else { break }
                at += breakLength(at: at)
            }
            contentIndent = max(widest, indent + 1, 1)
        }
        while position < bytes.count {
            var at = position
            var spaces = 0
            while at < bytes.count, bytes[at] == ascii(" "), spaces < contentIndent {
                spaces += 1
                at += 1
            }
            if spaces < contentIndent, at < bytes.count, breakLength(at: at) == 0 { break }
            position = at
            skipToLineEnd()
            if position < bytes.count { consumeBreak() }
        }
        return true
    }

    private mutating func refusal(_ feature: YAMLGuard.Feature) -> YAMLGuard.Refusal {
        let start = position
        var end = position + 1
        while end < bytes.count, !isBlankOrBreak(at: end), !isFlowIndicator(bytes[end]), end - start < 40 { end += 1 }
        // Never cut a character in two.
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return YAMLGuard.Refusal(
            feature: feature, token: String(decoding: bytes[start..<end], as: UTF8.self),
            line: line, column: column(of: start) + 1)
    }

    // MARK: Characters

    private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }

    /// The length of the line break at `at` (LF, CR, CR LF, NEL, LS, PS), or 0.
    private func breakLength(at: Int) -> Int {
        guard at < bytes.count else { return 0 }
        switch bytes[at] {
        case 0x0A: return 1
        case 0x0D: return at + 1 < bytes.count && bytes[at + 1] == 0x0A ? 2 : 1
        case 0xC2: return at + 1 < bytes.count && bytes[at + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return at + 2 < bytes.count && bytes[at + 1] == 0x80 && (bytes[at + 2] == 0xA8 || bytes[at + 2] == 0xA9)
                ? 3 : 0
        default: return 0
        }
    }

    private mutating func consumeBreak() {
        position += breakLength(at: position)
        line += 1
        lineStart = position
    }

    private func isBlankOrBreak(at: Int) -> Bool {
        at < bytes.count && (bytes[at] == ascii(" ") || bytes[at] == ascii("\t") || breakLength(at: at) > 0)
    }

    /// libyaml's `IS_BLANKZ`: a space, a tab, a line break or the end of the text.
    private func isBlankOrEnd(at: Int) -> Bool {
        at >= bytes.count || bytes[at] == 0 || isBlankOrBreak(at: at)
    }

    private func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == ascii(",") || byte == ascii("[") || byte == ascii("]") || byte == ascii("{") || byte == ascii("}")
    }

    private func isDocumentMarker(at: Int) -> Bool {
        guard at + 2 < bytes.count else { return false }
        let first = bytes[at]
        guard first == ascii("-") || first == ascii(".") else { return false }
        return bytes[at + 1] == first && bytes[at + 2] == first && isBlankOrEnd(at: at + 3)
    }

    /// Whether a plain scalar may start at `at` (libyaml's test in `yaml_parser_fetch_next_token`).
    private func startsPlainScalar(at: Int) -> Bool {
        let byte = bytes[at]
        let indicators = "-?:,[]{}#&*!|>'\"%@`".utf8
        if isBlankOrEnd(at: at) { return false }
        if !indicators.contains(byte) { return true }
        if byte == ascii("-") { return !isBlankOrEnd(at: at + 1) }
        if flowLevel == 0, byte == ascii("?") || byte == ascii(":") { return !isBlankOrEnd(at: at + 1) }
        return false
    }

    // MARK: Positions

    /// The 0-based column, in characters, of byte `at` of the current line.
    private mutating func column(of at: Int) -> Int {
        if counted.line != line || counted.offset > at {
            counted = (line, lineStart, 0)
        }
        var column = counted.column
        for index in counted.offset..<at where bytes[index] & 0xC0 != 0x80 { column += 1 }
        counted = (line, at, column)
        return column
    }
}
