import CLuaSupport
import Foundation

/// The Lua modules `require` can find: the `.lua` files of one folder (a
/// rubric's own Lua library), read and compiled once and shared by every
/// state made from the configuration. `require("dates")` finds `dates.lua`,
/// `require("text.headings")` finds `text/headings.lua`; nothing else is
/// reachable, and never a C module.
public final class LuaModuleLibrary: @unchecked Sendable {
    // Immutable after init; the buffers are freed in deinit only.
    private struct Module {
        let source: UnsafeMutableBufferPointer<CChar>
        let length: Int
        let chunkName: UnsafeMutableBufferPointer<CChar>
        /// Whether `source` is the host's own compiled dump (else text).
        let binary: Bool
    }

    private let modules: [String: Module]

    /// The module names, sorted.
    public var names: [String] { modules.keys.sorted() }

    /// Reads every `.lua` file under `directory`; error messages will cite
    /// them as `displayPrefix/relative/path.lua`.
    public convenience init(directory: URL, displayPrefix: String) throws {
        var sources: [String: (source: [UInt8], chunkName: String)] = [:]
        let base = directory.standardizedFileURL.resolvingSymlinksInPath()
        let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "lua" else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(base.path + "/") else { continue }
            let relative = String(path.dropFirst(base.path.count + 1))
            // LuaLS annotation files (`---@meta`) describe host APIs; they are not modules.
            guard !relative.hasSuffix(".meta.lua") else { continue }
            let name = relative.dropLast(4).replacingOccurrences(of: "/", with: ".")
            let bytes = [UInt8](try Data(contentsOf: url))
            sources[name] = (bytes, displayPrefix.isEmpty ? relative : "\(displayPrefix)/\(relative)")
        }
        self.init(sources: sources)
    }

    /// Modules given as source text, keyed by module name.
    public convenience init(modules: [String: String], displayPrefix: String = "lib") {
        var sources: [String: (source: [UInt8], chunkName: String)] = [:]
        for (name, source) in modules {
            let file = name.replacingOccurrences(of: ".", with: "/") + ".lua"
            sources[name] = (Array(source.utf8), displayPrefix.isEmpty ? file : "\(displayPrefix)/\(file)")
        }
        self.init(sources: sources)
    }

    private init(sources: [String: (source: [UInt8], chunkName: String)]) {
        var modules: [String: Module] = [:]
        for (name, entry) in sources {
            // Compiled once here, loaded by every state; a module that does not
            // compile stays text, so `require` reports its syntax error as before.
            let compiled = LuaCompiledChunk.compile(entry.source, chunkName: "@" + entry.chunkName)
            let bytes = compiled ?? entry.source
            modules[name] = Module(
                source: Self.copy(bytes),
                length: bytes.count,
                chunkName: Self.copy(Array(("@" + entry.chunkName).utf8) + [0]),
                binary: compiled != nil)
        }
        self.modules = modules
    }

    deinit {
        for module in modules.values {
            module.source.deallocate()
            module.chunkName.deallocate()
        }
    }

    private static func copy(_ bytes: [UInt8]) -> UnsafeMutableBufferPointer<CChar> {
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { _ = buffer.initialize(from: $0) }
        }
        return buffer
    }

    /// Called by C's `require`; must not touch the Lua API.
    static let lookup: rubric_module_lookup = { context, name, source, length, chunkName, binary in
        guard let context, let name else { return 0 }
        let library = Unmanaged<LuaModuleLibrary>.fromOpaque(context).takeUnretainedValue()
        guard let module = library.modules[String(cString: name)] else { return 0 }
        source?.pointee = UnsafePointer(module.source.baseAddress)
        length?.pointee = module.length
        chunkName?.pointee = UnsafePointer(module.chunkName.baseAddress)
        binary?.pointee = module.binary ? 1 : 0
        return 1
    }
}
