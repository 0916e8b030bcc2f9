import Scheme

/// The language of a report's labels, titles and messages. Chinese is the
/// scheme's own language; English is used where the rubric provides it.
public enum ReportLanguage: String, Sendable, Hashable, CaseIterable {
    /// Chinese with English alongside (`得分 Points`): the default.
    case bilingual
    /// Chinese throughout, finding messages included.
    case zh
    /// English throughout, finding messages included.
    case en

    /// The text in this language (Chinese when bilingual); the other when the one asked for is missing.
    public func pick(_ text: LocalizedText) -> String {
        switch self {
        case .zh, .bilingual: text.zh.isEmpty ? text.en : text.zh
        case .en: text.en.isEmpty ? text.zh : text.en
        }
    }

    /// The text with English alongside in bilingual reports: `中文 English`
    /// (the Chinese alone when the rubric gives no English); one language in
    /// Chinese and English ones. For notes an auditor signs off and a foreign
    /// reader checks.
    public func alongside(_ text: LocalizedText) -> String {
        switch self {
        case .bilingual:
            text.zh.isEmpty || text.en.isEmpty || text.zh == text.en ? pick(text) : "\(text.zh) \(text.en)"
        case .zh, .en: pick(text)
        }
    }

    /// One of two fixed labels: `zh` (also when bilingual) or `en`.
    public func pick(zh: String, en: String) -> String {
        self == .en ? en : zh
    }

    /// A rule's finding message, written with both languages side by side, in
    /// this language (see ``BilingualMessage``); unchanged when bilingual.
    public func message(_ text: String) -> String {
        BilingualMessage.text(text, self)
    }
}
