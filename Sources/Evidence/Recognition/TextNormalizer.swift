import Foundation

/// Normalises text so that a concept's terms match however a document writes
/// them: full-width forms become half-width, ASCII letters lower case, and
/// spaces, punctuation and symbols go; headings also lose their numbering
/// (一、 (二) （三） 3.2.1 第一章 ①).
public enum TextNormalizer {
    /// `text` with full-width forms made half-width, ASCII lower-cased, and
    /// without whitespace, punctuation or symbols: `"（三） 验收 标准："` becomes `"三验收标准"`.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for original in text.unicodeScalars {
            // Fast paths, without Unicode property look-ups: CJK ideographs are kept,
            // ASCII letters and digits kept (letters lower-cased), other ASCII dropped.
            if (0x4E00...0x9FFF).contains(original.value) {
                scalars.append(original)
                continue
            }
            if original.isASCII {
                let value = original.value
                if (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) {
                    scalars.append(original)
                } else if (0x41...0x5A).contains(value), let lower = Unicode.Scalar(value + 32) {
                    scalars.append(lower)
                }
                continue
            }
            var scalar = original
            if (0xFF01...0xFF5E).contains(scalar.value), let narrow = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalar = narrow
            }
            let properties = scalar.properties
            if properties.isWhitespace { continue }
            switch properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                .modifierSymbol, .otherSymbol, .control, .format, .spaceSeparator:
                continue
            default:
                break
            }
            if scalar.isASCII, scalar.properties.isUppercase, let lower = Unicode.Scalar(scalar.value + 32) {
                scalar = lower
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The characters numbering is written with.
    private static let numerals = Set("0123456789０１２３４５６７８９一二三四五六七八九十百零〇两")

    /// `line` without the numbering it starts with (一、 (二) （三） 3.2.1 1) 第一章 ① a.),
    /// stripped twice for `一、(一)`; a line that is only a number stays as it is.
    public static func stripNumbering(_ line: String) -> String {
        var text = Substring(line).drop(while: \.isWhitespace)
        for _ in 0..<2 {
            guard let rest = droppingNumber(text), !rest.isEmpty else { break }
            text = rest.drop(while: \.isWhitespace)
        }
        return String(text)
    }

    /// `text` after the number it starts with, or nil when it starts with none.
    private static func droppingNumber(_ text: Substring) -> Substring? {
        guard let first = text.first else { return nil }
        if let scalar = first.unicodeScalars.first, (0x2460...0x2473).contains(scalar.value) {
            return text.dropFirst()
        }
        if first == "第" {
            let after = text.dropFirst().drop { numerals.contains($0) }
            if after.count < text.count - 1, let unit = after.first, "章节条部分篇款项".contains(unit) {
                return after.dropFirst()
            }
            return nil
        }
        if first == "(" || first == "（" {
            let inner = text.dropFirst()
            let after = inner.drop { numerals.contains($0) || ($0.isASCII && $0.isLetter && inner.first == $0) }
            if after.count < inner.count, let close = after.first, close == ")" || close == "）" {
                return after.dropFirst()
            }
            return nil
        }
        let after = text.drop { numerals.contains($0) || $0 == "." || $0 == "．" }
        if after.count < text.count {
            let number = text.prefix(text.count - after.count)
            guard number.contains(where: { numerals.contains($0) }) else { return nil }
            if let separator = after.first, "、)）".contains(separator) { return after.dropFirst() }
            if number.contains(".") || number.contains("．") { return after }
            if let next = after.first, next.isWhitespace, number.allSatisfy({ $0.isASCII }) { return after }
            return nil
        }
        if first.isASCII, first.isLetter, text.count > 1 {
            let second = text[text.index(after: text.startIndex)]
            if ".)、".contains(second) { return text.dropFirst(2) }
        }
        return nil
    }
}

extension TextNormalizer {
    /// Whether `text` holds `term`, compared byte for byte (both already normalised,
    /// so no Unicode-aware comparison is needed), where Foundation's `contains`
    /// folds every character cluster: `memchr` to each place the term's first
    /// byte occurs, then `memcmp`. At most text length × term length byte
    /// comparisons; terms are short rubric data.
    public static func contains(_ text: String, _ term: String) -> Bool {
        if term.isEmpty { return true }
        var text = text
        var term = term
        return text.withUTF8 { haystack in
            term.withUTF8 { needle in
                guard needle.count <= haystack.count, let h = haystack.baseAddress, let n = needle.baseAddress else {
                    return false
                }
                let last = haystack.count - needle.count
                var start = 0
                while start <= last {
                    guard let found = memchr(h + start, Int32(n.pointee), last - start + 1) else { return false }
                    let at = h.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(h + at, n, needle.count) == 0 { return true }
                    start = at + 1
                }
                return false
            }
        }
    }
}
