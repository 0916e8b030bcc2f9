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

    /// One of two fixed labels: `zh` or `en`.
    public func pick(zh: String, en: String) -> String {
        self == .zh ? zh : en
    }
}
