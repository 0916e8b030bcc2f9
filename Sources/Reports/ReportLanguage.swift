import Scheme

/// The language of a report's labels and titles. Chinese is the scheme's own
/// language; English is used where the rubric provides it.
public enum ReportLanguage: String, Sendable, Hashable, CaseIterable {
    case zh
    case en

    /// The text in this language; the Chinese when English is asked for and missing.
    public func pick(_ text: LocalizedText) -> String {
        switch self {
        case .zh: text.zh.isEmpty ? text.en : text.zh
        case .en: text.en.isEmpty ? text.zh : text.en
        }
    }

    /// The text with English alongside: `中文 English` in Chinese reports
    /// (the Chinese alone when the rubric gives no English), the English in
    /// English ones. For notes an auditor signs off and a foreign reader checks.
    public func alongside(_ text: LocalizedText) -> String {
        switch self {
        case .zh: text.zh.isEmpty || text.en.isEmpty || text.zh == text.en ? pick(text) : "\(text.zh) \(text.en)"
        case .en: pick(text)
        }
    }

    /// One of two fixed labels: `zh` or `en`.
    public func pick(zh: String, en: String) -> String {
        self == .zh ? zh : en
    }
}
