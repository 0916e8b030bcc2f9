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
