// One trimming for the format readers and the manifest (package-wide).
extension String {
    /// The text without leading and trailing spaces, tabs and newlines (and the
    /// ideographic space U+3000 and the byte-order mark U+FEFF).
    package func trimmingWhitespace() -> String {
        // Most text is already trimmed: when neither end is a space, the
        // characters at the ends cannot be either (each space character is a
        // single scalar, or CR LF), so there is nothing to do.
        guard let head = unicodeScalars.first, let tail = unicodeScalars.last else { return self }
        if !Self.isTrimmedSpace(head), !Self.isTrimmedSpace(tail) { return self }
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{3000}" || $0 == "\u{FEFF}"
        }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    private static func isTrimmedSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xFEFF: true
        default: false
        }
    }
}
