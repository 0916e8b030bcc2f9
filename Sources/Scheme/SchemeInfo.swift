/// Who the rubric is: the scheme's id, version, titles and the spec it encodes.
public struct SchemeInfo: Sendable, Hashable {
    /// The spec a rubric encodes.
    public struct Spec: Sendable, Hashable {
        public var title: LocalizedText
        /// Where the spec's text is (informative).
        public var source: String?
        /// Where its errata and the rubric's decisions are recorded (informative).
        public var notes: String?

        public init(title: LocalizedText, source: String? = nil, notes: String? = nil) {
            self.title = title
            self.source = source
            self.notes = notes
        }
    }

    public var id: String
    public var version: String
    public var title: LocalizedText
    public var spec: Spec

    public init(id: String, version: String, title: LocalizedText, spec: Spec) {
        self.id = id
        self.version = version
        self.title = title
        self.spec = spec
    }
}
