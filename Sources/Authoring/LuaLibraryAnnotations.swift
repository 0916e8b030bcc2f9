import Diagnostics
import Foundation
import LuaHost

/// What the functions of a rubric's Lua library read on a rule's behalf, as
/// their doc comments declare it, so that `rubric lint` checks a rule's
/// `isi.param(ctx, "x")` or `isi.rows("staff")` as it checks `ctx.params.x`
/// or `ev.records("staff")`:
///
/// ```lua
/// ---@rubric reads-param name      -- `name` names a param of the leaf (or a list of them)
/// ---@rubric reads-weight key      -- `key` names an entry of the leaf's `weights` param
/// ---@rubric reads-table name      -- `name` names a record table
/// ---@rubric returns-params        -- the result is the leaf's params table
/// function isi.param(ctx, name)
/// ```
///
/// A function is named by the module its table comes from (`isi.control.params`
/// for `function control.params` in `isi/control.lua`, `isi.rows` for
/// `function isi.rows` in a file that does `local isi = require("isi")`), which
/// is how a rule that requires the module calls it. An alias (`control.weights =
/// isi.weights`) reads what the function it names reads.
struct LuaLibraryAnnotations {
    /// What one argument of a function names.
    enum Reads: String, CaseIterable {
        case param = "reads-param"
        case weight = "reads-weight"
        case table = "reads-table"
    }

    /// For each annotated function, the argument positions (0-based) of each kind.
    private(set) var arguments: [String: [(position: Int, reads: Reads)]] = [:]
    /// The functions whose result is the leaf's params table.
    private(set) var returningParams: Set<String> = []
    /// Annotations that name no parameter of their function, or stand before no function.
    private(set) var findings: [Finding] = []

    static let invalidAnnotationCode = "invalid-annotation"

    /// The annotations of the library files, each with its module name (`isi.control`).
    init(files: [(url: URL, module: String)]) {
        var aliases: [(alias: String, target: String)] = []
        for file in files {
            guard let text = try? String(contentsOf: file.url, encoding: .utf8) else { continue }
            aliases += read(text, module: file.module, file: file.url.path)
        }
        for (alias, target) in aliases {
            if let positions = arguments[target], arguments[alias] == nil { arguments[alias] = positions }
            if returningParams.contains(target) { returningParams.insert(alias) }
        }
    }

    /// The module a library file defines: its path under `lib` with dots, without
    /// `.lua` and without a final `init` (`isi/control.lua` is `isi.control`).
    static func moduleName(of file: URL, under folder: URL) -> String {
        let base = folder.standardizedFileURL.pathComponents
        var parts = Array(file.standardizedFileURL.deletingPathExtension().pathComponents.dropFirst(base.count))
        if parts.count > 1, parts.last == "init" { parts.removeLast() }
        return parts.joined(separator: ".")
    }

    /// The strings a call names, by kind: each annotated argument's constant strings.
    func reads(of call: LuaChunkAccesses.ModuleCall) -> [(reads: Reads, names: [String])] {
        guard let positions = arguments[call.function] else { return [] }
        return positions.compactMap { entry in
            guard entry.position < call.arguments.count, let names = call.arguments[entry.position] else { return nil }
            return (entry.reads, names)
        }
    }

    /// Reads the annotations of one file; returns its aliases (`control.weights = isi.weights`), qualified.
    private mutating func read(_ text: String, module: String, file: String) -> [(alias: String, target: String)] {
        var requires: [String: String] = [:]
        var aliases: [(alias: String, target: String)] = []
        func qualified(_ name: String) -> String {
            let table = String(name.prefix { $0 != "." })
            return (requires[table] ?? module) + name.dropFirst(table.count)
        }
        var pending: [(line: Int, words: [Substring])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let (local, required) = Self.requireStatement(line) { requires[local] = required }
            if let (alias, target) = Self.aliasStatement(line) { aliases.append((qualified(alias), qualified(target))) }
            if line.hasPrefix("---@rubric") {
                pending.append((index + 1, line.dropFirst("---@rubric".count).split(separator: " ")))
                continue
            }
            if line.hasPrefix("--") { continue }
            guard !pending.isEmpty else { continue }
            defer { pending = [] }
            guard let (name, parameters) = Self.functionHeader(line) else {
                for annotation in pending {
                    report("`---@rubric` stands before no `function M.name(...)` definition", file, annotation.line)
                }
                continue
            }
            for annotation in pending { apply(annotation, to: qualified(name), parameters: parameters, file: file) }
        }
        for annotation in pending {
            report("`---@rubric` stands before no `function M.name(...)` definition", file, annotation.line)
        }
        return aliases
    }

    private mutating func apply(
        _ annotation: (line: Int, words: [Substring]), to function: String, parameters: [String], file: String
    ) {
        let words = annotation.words.map(String.init)
        if words == ["returns-params"] {
            returningParams.insert(function)
            return
        }
        let kinds = Reads.allCases.map(\.rawValue) + ["returns-params"]
        guard words.count == 2, let reads = Reads(rawValue: words[0]) else {
            report(
                "`---@rubric` expects one of " + kinds.map { "`\($0)`" }.joined(separator: ", ")
                    + " and, but for `returns-params`, a parameter name"
                    + (words.first.map { Suggestion.didYouMean($0, among: kinds) } ?? ""),
                file, annotation.line)
            return
        }
        guard let position = parameters.firstIndex(of: words[1]) else {
            report(
                "`---@rubric \(words[0])` names `\(words[1])`, which is not a parameter of \(function)"
                    + Suggestion.didYouMean(words[1], among: parameters),
                file, annotation.line)
            return
        }
        arguments[function, default: []].append((position, reads))
    }

    private mutating func report(_ message: String, _ file: String, _ line: Int) {
        findings.append(
            Finding(.error, code: Self.invalidAnnotationCode, message: message, location: .init(file: file, line: line))
        )
    }

    /// `("isi", "isi")` for `local isi = require("isi")`.
    static func requireStatement(_ line: String) -> (String, String)? {
        guard line.hasPrefix("local "), let equals = line.firstIndex(of: "=") else { return nil }
        let local = line[line.index(line.startIndex, offsetBy: 6)..<equals].trimmingCharacters(in: .whitespaces)
        var rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("require"), local.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            return nil
        }
        rest = rest.dropFirst("require".count).trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
        guard let quote = rest.first, quote == "\"" || quote == "'", rest.last == quote, rest.count >= 2 else {
            return nil
        }
        return (local, String(rest.dropFirst().dropLast()))
    }

    /// `("control.weights", "isi.weights")` for `control.weights = isi.weights`.
    static func aliasStatement(_ line: String) -> (String, String)? {
        let sides = line.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2 else { return nil }
        let names = sides.map { $0.trimmingCharacters(in: .whitespaces) }
        let isDotted = { (name: String) in
            name.split(separator: ".", omittingEmptySubsequences: false).count == 2
                && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        }
        guard isDotted(names[0]), isDotted(names[1]) else { return nil }
        return (names[0], names[1])
    }

    /// `("isi.param", ["ctx", "name"])` for `function isi.param(ctx, name)`.
    static func functionHeader(_ line: String) -> (String, [String])? {
        guard line.hasPrefix("function "), let open = line.firstIndex(of: "("),
            let close = line[open...].firstIndex(of: ")")
        else { return nil }
        let name = line[line.index(line.startIndex, offsetBy: 9)..<open].trimmingCharacters(in: .whitespaces)
        guard name.contains("."), !name.contains(":") else { return nil }
        let parameters = line[line.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return (name, parameters)
    }
}

extension LuaChunkAccesses {
    /// The accesses with the reads made through annotated library functions
    /// added: params to ``paramReads``, and weights and record tables (read
    /// directly or through the library) to ``weightReads`` and ``tableReads``.
    func resolving(_ annotations: LuaLibraryAnnotations) -> LuaChunkAccesses {
        var result = self
        for call in calls where RuleStaticChecks.tableFunctions.contains(call.function) {
            if let name = call.stringArgument { result.tableReads.append(.init(name: name, line: call.line)) }
        }
        for call in moduleCalls {
            for (reads, names) in annotations.reads(of: call) {
                let found = names.map { ParamRead(name: $0, line: call.line) }
                switch reads {
                case .param: result.paramReads += found
                case .weight: result.weightReads += found
                case .table: result.tableReads += found
                }
            }
        }
        result.paramReads.sort { $0.line < $1.line }
        result.tableReads.sort { $0.line < $1.line }
        return result
    }
}
