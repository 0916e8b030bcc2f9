/// How many terminal columns text takes: East Asian wide and fullwidth
/// characters (CJK ideographs, kana, Hangul, CJK punctuation, fullwidth forms)
/// take two, combining marks and zero-width characters none, the rest one.
///
/// A small table over Unicode scalars, enough for the rubric's Chinese titles;
/// ambiguous-width characters (`—`, `→`) count as one, as most terminals show them.
enum DisplayWidth {
    /// The columns `text` takes.
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// The columns one scalar takes: 0, 1 or 2.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        for range in zero where range.contains(value) { return 0 }
        for range in wide where range.contains(value) { return 2 }
        return 1
    }

    /// `text` followed by spaces up to `width` columns.
    static func padRight(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// Spaces, then `text`, up to `width` columns.
    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - of(text))) + text
    }

    /// Combining marks, zero-width spaces and joiners, variation selectors.
    private static let zero: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x200B...0x200F, 0x2060...0x2064, 0xFE00...0xFE0F, 0xFE20...0xFE2F,
    ]

    /// East Asian Wide and Fullwidth blocks.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, // Hangul Jamo initials
        0x2E80...0x303E, // CJK radicals, Kangxi, CJK symbols and punctuation
        0x3041...0x33FF, // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
        0x3400...0x4DBF, // CJK Extension A
        0x4E00...0x9FFF, // CJK Unified Ideographs
        0xA000...0xA4CF, // Yi
        0xA960...0xA97F, // Hangul Jamo Extended-A
        0xAC00...0xD7A3, // Hangul syllables
        0xF900...0xFAFF, // CJK compatibility ideographs
        0xFE10...0xFE19, // vertical forms
        0xFE30...0xFE6F, // CJK compatibility forms, small form variants
        0xFF00...0xFF60, // fullwidth forms
        0xFFE0...0xFFE6, // fullwidth signs
        0x1F300...0x1F64F, // pictographs, emoticons
        0x1F900...0x1F9FF, // supplemental symbols and pictographs
        0x20000...0x2FFFD, // CJK Extensions B–F
        0x30000...0x3FFFD, // CJK Extension G and later
    ]
}
