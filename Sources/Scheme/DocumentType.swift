import Diagnostics

/// One entry of the document-type vocabulary that evidence bundles must use.
public struct DocumentType: Sendable, Hashable {
    /// A snake_case English id, such as `trial_run_record`.
    public var id: String
    public var label: LocalizedText
    public var description: LocalizedText?
    /// Words that suggest a file is of this type (in its name, title or headings),
    /// from the rubric's `document_keywords` section; the label's text always counts too.
    public var keywords: [String] = []
    public var location: SourceLocation?

    public init(
        id: String, label: LocalizedText, description: LocalizedText? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.label = label
        self.description = description
        self.location = location
    }
}
