/// The parser behind ``JSONTree/init(parsing:)``: RFC 8259 JSON over the
/// text's Unicode scalars, with nesting limited so that no input can exhaust
/// the stack.
struct JSONTreeParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 256

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// The one value of the document, with only whitespace around it.
    mutating func document() throws(JSONTreeError) -> JSONTree {
        skipWhitespace()
        let value = try self.value()
        skipWhitespace()
        guard position == scalars.count else { throw failure("text after the JSON value") }
        return value
    }

    private mutating func value() throws(JSONTreeError) -> JSONTree {
        guard let scalar = peek() else { throw failure("a value is missing") }
        switch scalar {
        case "{": return try object()
        case "[": return try array()
        case "\"": return .string(try string())
        case "t": return try literal("true", .bool(true))
        case "f": return try literal("false", .bool(false))
        case "n": return try literal("null", .null)
        case "-", "0"..."9": return try number()
        default: throw failure("unexpected character '\(scalar)'")
        }
    }

    private mutating func object() throws(JSONTreeError) -> JSONTree {
        try enter()
        position += 1
        var members: [JSONTree.Member] = []
        var keys: Set<String> = []
        skipWhitespace()
        if peek() == "}" {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == "\"" else { throw failure("expected a key in quotes") }
            let keyStart = position
            let key = try string()
            guard keys.insert(key).inserted else {
                let (line, column) = location(of: keyStart)
                throw JSONTreeError(message: "the key \"\(key)\" appears twice", line: line, column: column)
            }
            skipWhitespace()
            guard peek() == ":" else { throw failure("expected ':' after a key") }
            position += 1
            skipWhitespace()
            members.append(JSONTree.Member(key: key, value: try value()))
            skipWhitespace()
            switch peek() {
            case ",": position += 1
            case "}":
                position += 1
                depth -= 1
                return .object(members)
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func array() throws(JSONTreeError) -> JSONTree {
        try enter()
        position += 1
        var elements: [JSONTree] = []
        skipWhitespace()
        if peek() == "]" {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            switch peek() {
            case ",": position += 1
            case "]":
                position += 1
                depth -= 1
                return .array(elements)
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enter() throws(JSONTreeError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nested deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func literal(_ word: String, _ value: JSONTree) throws(JSONTreeError) -> JSONTree {
        for expected in word.unicodeScalars {
            guard peek() == expected else { throw failure("expected '\(word)'") }
            position += 1
        }
        return value
    }

    private mutating func number() throws(JSONTreeError) -> JSONTree {
        let start = position
        if peek() == "-" { position += 1 }
        guard let first = peek(), ("0"..."9").contains(first) else {
            throw failure("expected a digit")
        }
        if first == "0" {
            position += 1
        } else {
            skipDigits()
        }
        if peek() == "." {
            position += 1
            guard skipDigits() > 0 else { throw failure("expected a digit after '.'") }
        }
        if peek() == "e" || peek() == "E" {
            position += 1
            if peek() == "+" || peek() == "-" { position += 1 }
            guard skipDigits() > 0 else { throw failure("expected a digit in the exponent") }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<position])
        return .number(text)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = position
        while let scalar = peek(), ("0"..."9").contains(scalar) { position += 1 }
        return position - start
    }

    private mutating func string() throws(JSONTreeError) -> String {
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw failure("a string is not closed") }
            position += 1
            switch scalar {
            case "\"":
                return String(text)
            case "\\":
                text.append(try escape())
            default:
                guard scalar.value >= 0x20 else { throw failure("a control character in a string") }
                text.append(scalar)
            }
        }
    }

    private mutating func escape() throws(JSONTreeError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw failure("an escape is not finished") }
        position += 1
        switch scalar {
        case "\"": return "\""
        case "\\": return "\\"
        case "/": return "/"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u":
            let unit = try hexUnit()
            if (0xD800...0xDBFF).contains(unit) {
                guard peek() == "\\" else { throw failure("a lone surrogate in \\u escapes") }
                position += 1
                guard peek() == "u" else { throw failure("a lone surrogate in \\u escapes") }
                position += 1
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate in \\u escapes") }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                return Unicode.Scalar(value)!
            }
            guard let result = Unicode.Scalar(unit) else { throw failure("a lone surrogate in \\u escapes") }
            return result
        default:
            throw failure("an unknown escape '\\\(scalar)'")
        }
    }

    private mutating func hexUnit() throws(JSONTreeError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = peek(), let digit = UInt32(String(scalar), radix: 16) else {
                throw failure("expected four hexadecimal digits after \\u")
            }
            unit = unit << 4 | digit
            position += 1
        }
        return unit
    }

    private mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" {
            position += 1
        }
    }

    private func peek() -> Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    /// The line and column of `offset` (counted only when a problem is reported).
    private func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for scalar in scalars[..<min(offset, scalars.count)] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private func failure(_ message: String) -> JSONTreeError {
        let (line, column) = location(of: position)
        return JSONTreeError(message: message, line: line, column: column)
    }
}
