import Foundation

/// Source text of a Lua chunk and the name errors will cite (a rule file's
/// path relative to its rubric, such as `rules/4.1.lua`).
public struct LuaChunk: Sendable, Equatable {
    public var name: String
    public var source: [UInt8]

    public init(name: String, source: String) {
        self.name = name
        self.source = Array(source.utf8)
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.source = bytes
    }

    /// Reads a chunk from a file; `name` defaults to the file's path.
    public init(contentsOf url: URL, name: String? = nil) throws {
        let data = try Data(contentsOf: url)
        self.init(name: name ?? url.path, bytes: [UInt8](data))
    }
}
