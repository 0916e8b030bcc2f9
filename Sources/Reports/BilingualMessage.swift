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
///
/// The English side is everything from its first English word on: the rules'
/// English halves quote Chinese terms (`looked for: 经济性/经济合理`, `NC-06`,
/// a nested `(C21: 未盖章 not sealed)`), and a report in English must keep
/// them rather than lose what was looked for.
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
        for (word, isChineseWord) in zip(words, kinds) where isChineseWord { zh.append(word) }
        var start = englishStart(words) ?? kinds.firstIndex(of: false) ?? words.count
        // Numbers and signs just before the first English word belong to it (`1 of 4 complaints`).
        while start > 0, !words[start - 1].contains(where: isChinese), !hasLatinWord(words[start - 1]) { start -= 1 }
        let en = Array(words[start...])
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

    /// Where the English side starts: the first word, after a Chinese one, with two
    /// lower-case ASCII letters in a row (not a file extension such as `.docx`)
    /// that a word without Chinese follows (or that ends the message).
    private static func englishStart(_ words: [String]) -> Int? {
        guard let firstChinese = words.firstIndex(where: { $0.contains(where: isChinese) }) else { return nil }
        for index in words.indices where index > firstChinese {
            let word = words[index]
            guard !word.hasPrefix("."), !word.contains(where: isChinese), hasLowercaseWord(word) else { continue }
            if index + 1 == words.count || !words[index + 1].contains(where: isChinese) { return index }
        }
        return nil
    }

    /// Whether `word` has two lower-case ASCII letters in a row.
    private static func hasLowercaseWord(_ word: String) -> Bool {
        var run = 0
        for scalar in word.unicodeScalars {
            run = (scalar.isASCII && scalar.properties.isLowercase) ? run + 1 : 0
            if run >= 2 { return true }
        }
        return false
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
