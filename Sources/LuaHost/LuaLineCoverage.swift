import CLua
import CLuaSupport
import Foundation

extension LuaState {
    /// The lines this state has run, by chunk name (`rules/1.1.lua`,
    /// `lib/util.lua`), when its configuration asked for
    /// ``LuaConfiguration/lineCoverage``; empty otherwise.
    public var coveredLines: [String: Set<Int>] {
        var lines: [String: Set<Int>] = [:]
        let count = rubric_coverage_count(L)
        var index = 0
        while index < count {
            var line: Int32 = 0
            if let source = rubric_coverage_entry(L, index, &line) {
                var name = String(cString: source)
                if name.hasPrefix("@") { name.removeFirst() }
                lines[name, default: []].insert(Int(line))
            }
            index += 1
        }
        return lines
    }
}

/// The lines run by many states, gathered from any number of threads: what
/// `rubric test --coverage` collects from every rule evaluation.
public final class LuaLineCoverage: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String: Set<Int>] = [:]

    public init() {}

    /// Adds the lines `state` ran.
    public func add(_ state: LuaState) {
        let covered = state.coveredLines
        lock.withLock {
            for (name, set) in covered { lines[name, default: []].formUnion(set) }
        }
    }

    /// Every line run so far, by chunk name.
    public var covered: [String: Set<Int>] { lock.withLock { lines } }
}

extension LuaCompiledChunk {
    /// The lines of the chunk that hold code (as Lua's `activelines`): the
    /// denominator of line coverage. Empty when the chunk did not compile.
    public var activeLines: Set<Int> {
        guard isBinary, let bytecode = LuaBytecode(dump: bytes) else { return [] }
        var lines: Set<Int> = []
        func collect(_ function: LuaBytecode.Function) {
            // A vararg function's first instruction (VARARGPREP) fires no line event.
            let skip = function.isVararg ? 1 : 0
            lines.formUnion(function.lines.dropFirst(skip))
            for child in function.children { collect(child) }
        }
        collect(bytecode.main)
        return lines
    }
}
