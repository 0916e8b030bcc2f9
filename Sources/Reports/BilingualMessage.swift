/// A rule's finding message in one language. The ISI rules write each message
/// once with both languages side by side (`最高管理者签发了服务方针 top
/// management signed a service policy`), sometimes with a shared project
/// prefix (`[P1 市政务云平台项目] …`) or a shared share (`…（75%）`); a
/// Chinese or English report keeps one side.
///
/// The split is by words (runs between spaces): a word with Chinese in it is
/// Chinese, a word with two Latin letters in a row English, any other word
/// (`1/3`, `24`, `—`) goes with the next word that is either. A lone word
/// between two runs of the other language is part of them (`plan addresses
/// the 兼容性 principle`). A message that is not in both languages is kept as
/// it is, and so is a side that would come out empty.
enum BilingualMessage {
    /// `message` in `language`: unchanged for ``ReportLanguage/bilingual``.
    static func text(_ message: String, _ language: ReportLanguage) -> String {
        switch language {
        case .bilingual: message
        case .zh: split(message).zh
        case .en: split(message).en
        }
    }

    /// The Chinese and the English side of `message`.
    static func split(_ message: String) -> (zh: String, en: String) {
        var body = Substring(message)
        var prefix = ""
        if body.hasPrefix("["), let close = body.firstIndex(of: "]"), body[close...].hasPrefix("] ") {
            prefix = String(body[...close]) + " "
            body = body[body.index(close, offsetBy: 2)...]
        }
        var suffix = ""
        if let last = body.last, last == "）" || last == ")",
            let open = body.lastIndex(where: { $0 == "（" || $0 == "(" }),
            !body[open...].contains(where: { isChinese($0) || $0.isLetter })
        {
            suffix = String(body[open...])
            body = body[..<open]
        }
        let words = body.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let kinds = kinds(of: words) else { return (message, message) }
        var zh: [String] = []
        var en: [String] = []
        for (word, isChineseWord) in zip(words, kinds) {
            if isChineseWord { zh.append(word) } else { en.append(word) }
        }
        let zhText = balanced(zh.joined(separator: " "))
        let enText = balanced(en.joined(separator: " "))
        return (
            zhText.isEmpty ? message : prefix + zhText + suffix,
            enText.isEmpty ? message : prefix + enText + suffix
        )
    }

    /// Whether each word is Chinese (else English); nil when the words are not in both languages.
    private static func kinds(of words: [String]) -> [Bool]? {
        var kinds: [Bool?] = words.map { word in
            if word.contains(where: isChinese) { return true }
            if hasLatinWord(word) { return false }
            return nil
        }
        guard kinds.contains(true), kinds.contains(false) else { return nil }
        // A neutral word goes with the next word that has a language, else the previous.
        var next: Bool?
        for index in kinds.indices.reversed() {
            if let kind = kinds[index] { next = kind } else { kinds[index] = next }
        }
        var previous: Bool?
        for index in kinds.indices {
            if let kind = kinds[index] { previous = kind } else { kinds[index] = previous }
        }
        var resolved = kinds.map { $0 ?? false }
        // A lone word between two runs of the other language belongs to them.
        for index in resolved.indices.dropFirst().dropLast()
        where resolved[index - 1] == resolved[index + 1] && resolved[index] != resolved[index - 1] {
            resolved[index] = resolved[index - 1]
        }
        return resolved
    }

    /// `text` without the brackets the split left unmatched (an aside that
    /// opened on one side and closed on the other).
    private static func balanced(_ text: String) -> String {
        let pairs: [Character: Character] = [")": "(", "）": "（"]
        var characters = Array(text)
        var open: [Int] = []
        var unmatched: Set<Int> = []
        for (index, character) in characters.enumerated() {
            if character == "(" || character == "（" {
                open.append(index)
            } else if let opening = pairs[character] {
                if let last = open.last, characters[last] == opening {
                    open.removeLast()
                } else {
                    unmatched.insert(index)
                }
            }
        }
        unmatched.formUnion(open)
        guard !unmatched.isEmpty else { return text }
        characters = characters.enumerated().filter { !unmatched.contains($0.offset) }.map(\.element)
        return String(characters).replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
    }

    /// Chinese ideographs and the Chinese punctuation that only Chinese text uses.
    private static func isChinese(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x3001...0x3003, 0x300A...0x3011, 0xFF0C, 0xFF1A, 0xFF1B: true
            default: false
            }
        }
    }

    /// Whether `word` has two ASCII letters in a row.
    private static func hasLatinWord(_ word: String) -> Bool {
        var run = 0
        for scalar in word.unicodeScalars {
            run = (scalar.isASCII && scalar.properties.isAlphabetic) ? run + 1 : 0
            if run >= 2 { return true }
        }
        return false
    }
}
