import CLuaSupport
import Foundation

/// A Lua chunk compiled once by the host, to be loaded into many states
/// without compiling it again (`rubric batch` and every assessment load each
/// rule file this way).
///
/// The compiled form is the host's own `lua_dump` of the chunk, not stripped,
/// so error messages and tracebacks name the same file and lines as the text
/// would. Only the host makes these: there is no way to build one from bytes,
/// so no binary chunk from anywhere else is ever loaded. A chunk that does not
/// compile keeps its text, and loading it gives the same syntax error as
/// loading the text does.
///
/// ```swift
/// let compiled = LuaCompiledChunk(compiling: LuaChunk(name: "rules/1.1.lua", source: text))
/// let function = try state.loadFunction(compiled)
/// ```
public struct LuaCompiledChunk: Sendable {
    /// The name errors cite (the text chunk's name).
    public let name: String
    /// The dump when `isBinary`, otherwise the source text.
    let bytes: [UInt8]
    /// Whether `bytes` is the host's own dump.
    let isBinary: Bool

    /// Compiles `chunk`; keeps its text when it does not compile.
    public init(compiling chunk: LuaChunk) {
        name = chunk.name
        if let dump = Self.compile(chunk.source, chunkName: "@" + chunk.name) {
            bytes = dump
            isBinary = true
        } else {
            bytes = chunk.source
            isBinary = false
        }
    }

    /// Whether the chunk compiled (false: loading it gives its syntax error).
    public var compiled: Bool { isBinary }

    /// The dump of `source` compiled with `chunkName` (`@file`), or nil when it does not compile.
    static func compile(_ source: [UInt8], chunkName: String) -> [UInt8]? {
        var output: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = source.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text in
                rubric_compile(text.baseAddress, text.count, chunkName, &output, &length)
            }
        }
        guard status == 1, let output else { return nil }
        defer { free(output) }
        return UnsafeRawBufferPointer(start: output, count: length).map { $0 }
    }
}
