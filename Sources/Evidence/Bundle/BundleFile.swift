/// A file the manifest refers to (or the manifest itself), with its SHA-256 for the report.
public struct BundleFile: Sendable, Hashable {
    /// What the file is to the bundle.
    public enum Role: Sendable, Hashable {
        case manifest
        case document(id: String)
        case records(name: String)
    }

    public var role: Role
    /// Path relative to the bundle root, as in the manifest.
    public var path: String
    /// Whether the file is there.
    public var exists: Bool
    /// Size in bytes; nil when the file is missing.
    public var size: Int64?
    /// Lowercase hex SHA-256 of the bytes; nil when the file is missing.
    public var sha256: String?

    public init(role: Role, path: String, exists: Bool, size: Int64?, sha256: String?) {
        self.role = role
        self.path = path
        self.exists = exists
        self.size = size
        self.sha256 = sha256
    }
}
