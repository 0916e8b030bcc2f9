/// A text in Chinese, with English alongside.
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Chinese text (the scheme's own language).
    public var zh: String
    /// The English text.
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// `中文 / English`.
    public var description: String {
        en.isEmpty ? zh : zh.isEmpty ? en : "\(zh) / \(en)"
    }
}
