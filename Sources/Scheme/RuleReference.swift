import Diagnostics
import Foundation

/// The Lua rule file that judges a leaf.
public struct RuleReference: Sendable, Hashable {
    /// The path as written: relative to the folder of the file that set it
    /// (the rubric folder, or the overlay's folder for a rule an overlay sets).
    public var path: String
    /// The resolved file.
    public var url: URL
    public var location: SourceLocation?

    public init(path: String, url: URL, location: SourceLocation? = nil) {
        self.path = path
        self.url = url
        self.location = location
    }
}
