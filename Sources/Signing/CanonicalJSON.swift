/// The canonical form of a JSON document, the bytes a report's signature is
/// made over (docs/signing.md): the JSON Canonicalization Scheme of RFC 8785
/// for the documents reports are, whose numbers are all integers.
///
/// - no whitespace between tokens;
/// - object members sorted by key, comparing keys as UTF-16 code units;
/// - strings with `"` and `\` escaped, control characters as `\b`, `\t`,
///   `\n`, `\f`, `\r` or `\u00xx`, everything else as it is (UTF-8);
/// - integers without leading zeros or a plus sign, `-0` as `0`; a number
///   with a fraction or an exponent is refused.
///
/// ```swift
/// let bytes = try CanonicalJSON.bytes(of: JSONTree(parsing: text))
/// ```
public enum CanonicalJSON {
    /// Why a document has no canonical form here.
    public struct Unsupported: Error, Sendable, Hashable, CustomStringConvertible {
        /// The number as written.
        public var number: String

        public var description: String {
            "the number \(number) is not an integer: canonical JSON here takes integers only"
        }
    }

    /// The canonical UTF-8 bytes of `tree`.
    public static func bytes(of tree: JSONTree) throws(Unsupported) -> [UInt8] {
        var output = ""
        try write(tree, to: &output)
        return Array(output.utf8)
    }

    private static func write(_ tree: JSONTree, to output: inout String) throws(Unsupported) {
        switch tree {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += try integer(text)
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                try write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let sorted = members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output += "," }
                writeString(member.key, to: &output)
                output += ":"
                try write(member.value, to: &output)
            }
            output += "}"
        }
    }

    /// An integer literal in its canonical form.
    private static func integer(_ text: String) throws(Unsupported) -> String {
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { throw Unsupported(number: text) }
        let negative = text.hasPrefix("-")
        var digits = Substring(negative ? String(text.dropFirst()) : text)
        while digits.count > 1, digits.first == "0" { digits = digits.dropFirst() }
        if digits == "0" { return "0" }
        return (negative ? "-" : "") + digits
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\t": output += "\\t"
            case "\n": output += "\\n"
            case "\u{0C}": output += "\\f"
            case "\r": output += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
