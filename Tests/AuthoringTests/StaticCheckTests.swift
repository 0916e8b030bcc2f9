import Authoring
import Diagnostics
import Foundation
import LuaHost
import TestSupport
import Testing

@Suite("rubric lint: static checks of rules")
struct StaticCheckTests {
    /// The findings of linting the mini fixture with its rule `rules/documents.lua` replaced by `source`.
    func lintMini(withRule source: String) throws -> [Finding] {
        let directory = try LintTests().copyOfMini()
        defer { try? FileManager.default.removeItem(at: directory) }
        try source.write(
            to: directory.appendingPathComponent("rules/documents.lua"), atomically: true, encoding: .utf8)
        return RubricLinter.lint(directory: directory)
    }

    @Test("reads and writes of undefined globals are errors at their line, with a suggestion")
    func undefinedGlobals() throws {
        let findings = try lintMini(
            withRule: """
                return function(ctx)
                  helper_typo()
                  counter = 1
                  return {score = tonumbr("1")}
                end
                """)
        let undefined = findings.filter { $0.code == "undefined-global" }
        #expect(undefined.count == 3, "\(findings)")
        #expect(undefined.allSatisfy { $0.severity == .error && $0.location?.file.hasSuffix("documents.lua") == true })
        #expect(undefined.map { $0.location?.line } == [2, 3, 4])
        #expect(undefined[1].message.contains("writes"))
        #expect(undefined[2].message.contains("tonumber"))
    }

    @Test("libraries the sandbox opens when first read (utf8, coroutine) are defined globals")
    func lazyLibraries() throws {
        let findings = try lintMini(
            withRule: """
                return function(ctx)
                  local n = utf8.len("集成")
                  local co = coroutine.running()
                  return {score = n and co and 1 or 0}
                end
                """)
        #expect(!findings.contains { $0.code == "undefined-global" }, "\(findings)")
    }

    @Test("unknown fields of ev, dates and findings are errors")
    func unknownAPIFields() throws {
        let findings = try lintMini(
            withRule: """
                return function(ctx)
                  local docs = ev.document_list{type = "test_report"}
                  findings.nonconformaty("x")
                  local d = dates.add_days("2026-01-01", 1)
                  return {score = 1}
                end
                """)
        let unknown = findings.filter { $0.code == "unknown-api-field" }
        #expect(unknown.map { $0.location?.line } == [2, 3], "\(findings)")
        #expect(unknown[1].message.contains("nonconformity"))
    }

    @Test("params: read but undeclared is an error; declared but never read a warning")
    func params() throws {
        let findings = try lintMini(
            withRule: """
                return function(ctx)
                  local n = ctx.params.minimum
                  local p = ev.params()
                  return {score = p.ratio}
                end
                """)
        let undeclared = findings.filter { $0.code == "undeclared-param" }
        #expect(undeclared.map { $0.location?.line } == [2, 4], "\(findings)")
        #expect(undeclared.allSatisfy { $0.severity == .error })
        let unused = findings.filter { $0.code == "unused-param" }
        #expect(unused.count == 1 && unused[0].message.contains("required") && unused[0].severity == .warning)
    }

    @Test("document types: unlisted by the leaf is a warning, unknown to the rubric an error")
    func documentTypes() throws {
        let findings = try lintMini(
            withRule: """
                return function(ctx)
                  local a = ev.documents{type = "handover_record"}
                  local b = ev.documents{type = "handover_recrod"}
                  local r = ctx.params.required
                  return {score = 1}
                end
                """)
        let unlisted = findings.filter { $0.code == "unlisted-document-type" }
        #expect(unlisted.map { $0.location?.line } == [2], "\(findings)")
        #expect(unlisted.first?.severity == .warning)
        let unknown = findings.filter { $0.code == "unknown-document-type" }
        #expect(unknown.map { $0.location?.line } == [3])
        #expect(unknown.first?.message.contains("handover_record") == true)
    }

    @Test("locals, upvalues and sandbox globals are not reported")
    func noFalseAlarms() throws {
        let findings = try lintMini(
            withRule: """
                local util = require("util")
                local function helper(x) return x end
                return function(ctx)
                  local required = ctx.params.required
                  local n = util.count(required, function(t) return #ev.documents{type = t} > 0 end)
                  for k in sortedpairs({a = 1}) do print(k, math.max(1, 2), string.format("%d", 1)) end
                  return {score = helper(n) / #required}
                end
                """)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("the chunk reader finds globals with their lines")
    func chunkAccesses() throws {
        let chunk = LuaCompiledChunk(
            compiling: LuaChunk(name: "x.lua", source: "local a = b\nc = a\nreturn ev.as_of()\n"))
        let accesses = try #require(chunk.accesses(apiTables: ["ev"]))
        #expect(accesses.globals.map(\.name) == ["b", "c", "ev"])
        #expect(accesses.globals.map(\.isWrite) == [false, true, false])
        #expect(accesses.globals.map(\.line) == [1, 2, 3])
        #expect(accesses.globals[2].field == "as_of")
        #expect(accesses.calls.map(\.function) == ["ev.as_of"])
    }
}

@Suite("Static checks through the library")
struct LibraryCallTests {
    @Test("calls of required modules' functions carry their constant arguments")
    func moduleCalls() throws {
        let source = """
            local isi = require("isi")
            local control = require("isi.control")
            local TABLE = "risks"
            return function(ctx)
              local p = control.params(ctx, {"a", "b"})
              isi.param(ctx, "c")
              control.load(TABLE, "x")
              return p.d
            end
            """
        let chunk = LuaCompiledChunk(compiling: LuaChunk(name: "r.lua", source: source))
        let accesses = try #require(
            chunk.accesses(apiTables: ["ev"], moduleFunctionsReturningParams: ["isi.control.params"]))
        #expect(accesses.moduleCalls.map(\.function) == ["isi.control.params", "isi.param", "isi.control.load"])
        #expect(accesses.moduleCalls.map(\.arguments) == [[nil, ["a", "b"]], [nil, ["c"]], [["risks"], ["x"]]])
        #expect(accesses.paramReads.map(\.name) == ["d"])
    }
}

@Suite("rubric lint: reads through the library and record tables")
struct LibraryReadTests {
    /// The findings of linting the mini fixture with a `helpers` library module,
    /// weights and one record table added, and its rule `rules/documents.lua` replaced by `rule`.
    func lint(rule: String, helpers: String = LibraryReadTests.helpers, tables: String = "") throws -> [Finding] {
        let directory = try LintTests().copyOfMini()
        defer { try? FileManager.default.removeItem(at: directory) }
        try rule.write(to: directory.appendingPathComponent("rules/documents.lua"), atomically: true, encoding: .utf8)
        try helpers.write(to: directory.appendingPathComponent("lib/helpers.lua"), atomically: true, encoding: .utf8)
        let rubricFile = directory.appendingPathComponent("rubric.yaml")
        var rubric = try String(contentsOf: rubricFile, encoding: .utf8)
        rubric = rubric.replacingOccurrences(
            of:
                "        params:\n          required: [implementation_plan, acceptance_report, test_report, site_photo]\n",
            with:
                "        params:\n          required: [implementation_plan, acceptance_report, test_report, site_photo]\n"
                + "          weights: {procedure: 0.5, records: 0.5}\n" + tables)
        rubric += """
            record_tables:
              - name: tickets
                label: {zh: 工单, en: Tickets}
                columns:
                  - {name: id, type: string, required: true}

            """
        try rubric.write(to: rubricFile, atomically: true, encoding: .utf8)
        return RubricLinter.lint(directory: directory)
    }

    static let helpers = """
        local helpers = {}
        ---@rubric reads-param name
        function helpers.param(ctx, name) return ctx.params[name] end
        ---@rubric reads-weight key
        function helpers.weight(ctx, key) return ctx.params.weights[key] end
        ---@rubric reads-param names
        ---@rubric returns-params
        function helpers.params(ctx, names) return ctx.params end
        ---@rubric reads-table name
        function helpers.rows(name) return ev.records(name) end
        helpers.table_rows = helpers.rows
        return helpers
        """

    @Test("params, weights and tables read through annotated library functions are checked")
    func readsThroughLibrary() throws {
        let findings = try lint(
            rule: """
                local helpers = require("helpers")
                local TABLE = "tickts"
                return function(ctx)
                  local p = helpers.params(ctx, {"required", "minimun"})
                  local w = helpers.weight(ctx, "procedur")
                  helpers.param(ctx, "ratio")
                  helpers.table_rows(TABLE)
                  return {score = p.treshold}
                end
                """)
        let byCode = Dictionary(grouping: findings.filter { $0.location?.file.hasSuffix("documents.lua") == true }) {
            $0.code
        }
        #expect(byCode["undeclared-param"]?.map(\.location?.line) == [4, 6, 8], "\(findings)")
        #expect(byCode["undeclared-param"]?.first?.message.contains("minimun") == true)
        #expect(byCode["unknown-weight"]?.map(\.location?.line) == [5])
        #expect(byCode["unknown-weight"]?.first?.message.contains("did you mean `procedure`") == true)
        #expect(byCode["unknown-record-table"]?.map(\.location?.line) == [7])
        #expect(byCode["unknown-record-table"]?.first?.message.contains("tickets") == true)
    }

    @Test("a table read directly or through the library must be listed under the leaf's `tables`")
    func unlistedTables() throws {
        let rule = """
            local helpers = require("helpers")
            return function(ctx)
              local rows = ev.records("tickets")
              helpers.rows("tickets")
              return {score = #rows}
            end
            """
        let unlisted = try lint(rule: rule).filter { $0.code == "unlisted-record-table" }
        #expect(unlisted.map(\.location?.line) == [3])
        #expect(unlisted.allSatisfy { $0.severity == .warning })
        let listed = try lint(rule: rule, tables: "        tables: [tickets]\n")
        #expect(!listed.contains { $0.code == "unlisted-record-table" || $0.severity == .error }, "\(listed)")
        let unknown = try lint(rule: rule, tables: "        tables: [tickest]\n")
        #expect(unknown.contains { $0.severity == .error && $0.message.contains("did you mean `tickets`") })
    }

    @Test("an annotation that names no parameter, or stands before no function, is an error")
    func invalidAnnotations() throws {
        let findings = try lint(
            rule: "return function(ctx) return {score = 1} end\n",
            helpers: """
                local helpers = {}
                ---@rubric reads-param title
                function helpers.param(ctx, name) return ctx.params[name] end
                ---@rubric reads-tabel name
                function helpers.rows(name) return ev.records(name) end
                ---@rubric reads-param name
                local x = 1
                return helpers
                """)
        let invalid = findings.filter { $0.code == "invalid-annotation" }
        #expect(invalid.map(\.location?.line) == [2, 4, 6], "\(findings)")
        #expect(invalid[1].message.contains("did you mean `reads-table`"))
    }
}
