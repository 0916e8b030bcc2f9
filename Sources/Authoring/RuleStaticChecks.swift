import Diagnostics
import Foundation
import LuaHost
import RuleAPI
import Scheme

/// `rubric lint`'s checks of what rules do, read from their compiled chunks
/// (see ``LuaChunkAccesses``), never by running them: globals the sandbox does
/// not define, unknown fields of `ev`, `dates` and `findings`, params a rule
/// reads that its leaf does not declare and declared params nothing reads,
/// weights it reads that the leaf's `weights` param lacks, and document types
/// and record tables a rule asks for that its leaf does not list or the rubric
/// does not define. Reads through the rubric's Lua library count where the
/// library's functions declare them (see ``LuaLibraryAnnotations``). The sandbox's
/// globals come from a live sandboxed state and the API's fields from the
/// API's own tables, so neither list can drift from what a rule really gets.
enum RuleStaticChecks {
    static let undefinedGlobalCode = "undefined-global"
    static let unknownAPIFieldCode = "unknown-api-field"
    static let undeclaredParamCode = "undeclared-param"
    static let unusedParamCode = "unused-param"
    static let unlistedDocumentCode = "unlisted-document-type"
    static let unknownDocumentCode = "unknown-document-type"
    static let unknownWeightCode = "unknown-weight"
    static let unlistedTableCode = "unlisted-record-table"
    static let unknownTableCode = "unknown-record-table"
    /// The API functions whose first argument names a record table.
    static let tableFunctions: Set<String> = ["ev.records", "ev.query", "ev.record_table"]

    /// The globals a rule's state defines: the sandbox's (listed by a live
    /// sandboxed state, plus the libraries it opens when first read) and the
    /// evidence API's.
    static func sandboxGlobals() -> Set<String> {
        var names = Set(RuleEnvironment.globalNames).union(LuaConfiguration.lazyLibraryNames)
        do {
            let state = try LuaState(configuration: .sandbox)
            let listed = try state.run(
                LuaChunk(
                    name: "sandbox-globals",
                    source: "local n = {} for k in sortedpairs(_G) do n[#n + 1] = tostring(k) end "
                        + "return table.concat(n, ' ')"))
            for name in listed.first?.stringValue?.split(separator: " ") ?? [] { names.insert(String(name)) }
        } catch {
            // A sandbox that cannot start fails every assessment; the names of the API are still known.
        }
        return names
    }

    /// The findings for the leaves' rules and the library modules under `libFolder`.
    static func check(leaves: [Leaf], rubric: Rubric, libFolder: URL) -> [Finding] {
        let globals = sandboxGlobals()
        let apiFields = RuleEnvironment.apiFields
        let apiTables = Set(apiFields.keys)
        let libraryFiles = luaFiles(in: libFolder)
        let annotations = LuaLibraryAnnotations(
            files: libraryFiles.map { ($0, LuaLibraryAnnotations.moduleName(of: $0, under: libFolder)) })
        var findings = annotations.findings
        var library = LuaChunkAccesses()
        for file in libraryFiles {
            guard let accesses = compile(file, apiTables: apiTables) else { continue }
            findings += globalFindings(accesses, file: file.path, globals: globals, apiFields: apiFields)
            library.strings.formUnion(accesses.strings)
            library.paramReads += accesses.paramReads
        }
        var checked: [URL: LuaChunkAccesses] = [:]
        for leaf in leaves {
            guard let rule = leaf.rule else { continue }
            let accesses: LuaChunkAccesses
            if let seen = checked[rule.url] {
                accesses = seen
            } else {
                guard let compiled = compile(rule.url, apiTables: apiTables, annotations: annotations) else { continue }
                accesses = compiled
                checked[rule.url] = compiled
                findings += globalFindings(compiled, file: rule.url.path, globals: globals, apiFields: apiFields)
            }
            findings += leafFindings(
                leaf, accesses: accesses.resolving(annotations), library: library, rubric: rubric)
        }
        return findings
    }

    /// The accesses of a Lua file, or nil when it cannot be read or does not
    /// compile (compilation errors are reported by the linter's own check).
    static func compile(
        _ file: URL, apiTables: Set<String>, annotations: LuaLibraryAnnotations? = nil
    ) -> LuaChunkAccesses? {
        guard let chunk = try? LuaChunk(contentsOf: file, name: file.lastPathComponent) else { return nil }
        return LuaCompiledChunk(compiling: chunk).accesses(
            apiTables: apiTables, moduleFunctionsReturningParams: annotations?.returningParams ?? [])
    }

    /// Undefined globals read or written, and unknown fields of the API's tables.
    static func globalFindings(
        _ accesses: LuaChunkAccesses, file: String, globals: Set<String>, apiFields: [String: Set<String>]
    ) -> [Finding] {
        var findings: [Finding] = []
        for access in accesses.globals {
            let location = SourceLocation(file: file, line: access.line)
            if !globals.contains(access.name) {
                let verb = access.isWrite ? "writes" : "reads"
                let suggestion = Suggestion.didYouMean(access.name, among: globals.sorted())
                findings.append(
                    Finding(
                        .error, code: undefinedGlobalCode,
                        message: "\(verb) the global \"\(access.name)\", which the sandbox does not define"
                            + (access.isWrite ? " (declare it local)" : "") + suggestion,
                        location: location))
            } else if let fields = apiFields[access.name], let field = access.field, !fields.contains(field) {
                findings.append(
                    Finding(
                        .error, code: unknownAPIFieldCode,
                        message: "\(access.name).\(field) is not part of the evidence API"
                            + Suggestion.didYouMean(field, among: fields.sorted()),
                        location: location))
            }
        }
        return findings
    }

    /// Params read but not declared, declared params nothing reads, and document types not listed.
    static func leafFindings(
        _ leaf: Leaf, accesses: LuaChunkAccesses, library: LuaChunkAccesses, rubric: Rubric
    ) -> [Finding] {
        guard let rule = leaf.rule else { return [] }
        let file = rule.url.path
        let declared = Set(leaf.params.keys)
        var findings: [Finding] = []
        var reported: Set<String> = []
        for read in accesses.paramReads where !declared.contains(read.name) && reported.insert(read.name).inserted {
            findings.append(
                Finding(
                    .error, code: undeclaredParamCode,
                    message: "the rule of \(leaf.id) reads the param \"\(read.name)\", which the leaf does not declare"
                        + Suggestion.didYouMean(read.name, among: declared.sorted()),
                    location: SourceLocation(file: file, line: read.line)))
        }
        let read = accesses.strings.union(library.strings).union(library.paramReads.map(\.name))
            .union(accesses.paramReads.map(\.name))
        for name in leaf.params.keys where !read.contains(name) {
            findings.append(
                Finding(
                    .warning, code: unusedParamCode,
                    message:
                        "leaf \(leaf.id) declares the param \"\(name)\", which neither its rule nor the library reads",
                    location: leaf.location ?? rule.location))
        }
        findings += weightFindings(leaf, accesses: accesses, file: file)
        findings += tableFindings(leaf, accesses: accesses, rubric: rubric, file: file)
        let listed = Set(leaf.documents)
        let known = Set(rubric.documentTypes.map(\.id))
        for call in accesses.calls where call.function == "ev.documents" {
            for type in call.types where !listed.contains(type) {
                let location = SourceLocation(file: file, line: call.line)
                if known.contains(type) {
                    findings.append(
                        Finding(
                            .warning, code: unlistedDocumentCode,
                            message:
                                "the rule of \(leaf.id) reads documents of type \"\(type)\", which the leaf does not list",
                            location: location))
                } else {
                    findings.append(
                        Finding(
                            .error, code: unknownDocumentCode,
                            message:
                                "the rule of \(leaf.id) reads documents of type \"\(type)\", which the rubric does not define"
                                + Suggestion.didYouMean(type, among: known.sorted()),
                            location: location))
                }
            }
        }
        return findings
    }

    /// Weights read through the library (`isi.weight(ctx, "x")`) that the leaf's
    /// `weights` param does not hold.
    static func weightFindings(_ leaf: Leaf, accesses: LuaChunkAccesses, file: String) -> [Finding] {
        guard let weights = leaf.params["weights"]?.mapValue else { return [] }
        let declared = Array(weights.keys).sorted()
        var reported: Set<String> = []
        return accesses.weightReads.compactMap { read in
            guard weights[read.name] == nil, reported.insert(read.name).inserted else { return nil }
            return Finding(
                .error, code: unknownWeightCode,
                message: "the rule of \(leaf.id) reads the weight \"\(read.name)\", which the leaf's `weights` "
                    + "param does not hold" + Suggestion.didYouMean(read.name, among: declared),
                location: SourceLocation(file: file, line: read.line))
        }
    }

    /// Record tables a rule reads that the rubric does not declare (an error) or its leaf does not list.
    static func tableFindings(_ leaf: Leaf, accesses: LuaChunkAccesses, rubric: Rubric, file: String) -> [Finding] {
        let known = rubric.recordTables.map(\.name)
        let listed = Set(leaf.tables)
        var reported: Set<String> = []
        var findings: [Finding] = []
        for read in accesses.tableReads where !listed.contains(read.name) && reported.insert(read.name).inserted {
            let location = SourceLocation(file: file, line: read.line)
            if known.contains(read.name) {
                findings.append(
                    Finding(
                        .warning, code: unlistedTableCode,
                        message: "the rule of \(leaf.id) reads record table \"\(read.name)\", which the leaf "
                            + "does not list under `tables`",
                        location: location))
            } else {
                findings.append(
                    Finding(
                        .error, code: unknownTableCode,
                        message: "the rule of \(leaf.id) reads record table \"\(read.name)\", which the rubric "
                            + "does not declare (`record_tables`)" + Suggestion.didYouMean(read.name, among: known),
                        location: location))
            }
        }
        return findings
    }

    /// The `.lua` files under `folder`, sorted; LuaLS annotation files (`*.meta.lua`) are never run and left out.
    static func luaFiles(in folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in enumerator
        where url.pathExtension == "lua" && !url.lastPathComponent.hasSuffix(".meta.lua") {
            files.append(url.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }
}
