/// An overlay that shaped a loaded rubric, identified by its content hash.
public struct AppliedOverlay: Sendable, Hashable {
    /// The overlay's own id (its `overlay.id`).
    public var id: String
    public var title: LocalizedText?
    public var description: String?
    /// The overlay file's path.
    public var path: String
    /// The SHA-256 of the overlay file's bytes, in lowercase hexadecimal.
    public var sha256: String

    public init(id: String, title: LocalizedText?, description: String?, path: String, sha256: String) {
        self.id = id
        self.title = title
        self.description = description
        self.path = path
        self.sha256 = sha256
    }
}
