import Foundation
import LuaHost
import Testing

/// `.luacheckrc` lists the globals a rule may read; they must be exactly the
/// globals of a rule's sandbox (LuaHost's sandbox plus the evidence API), so
/// that luacheck flags what would fail at run time and nothing else.
@Suite struct SandboxGlobalsTests {
    static let luacheckrc = Fixtures.tests.deletingLastPathComponent().appendingPathComponent(".luacheckrc")

    /// The names between the `sandbox-globals-begin` and `-end` markers.
    static func declaredGlobals() throws -> [String] {
        let text = try String(contentsOf: luacheckrc, encoding: .utf8)
        let begin = try #require(text.range(of: "-- sandbox-globals-begin"))
        let end = try #require(text.range(of: "-- sandbox-globals-end"))
        let block = text[begin.upperBound..<end.lowerBound]
        var names: [String] = []
        var rest = Substring(block)
        while let open = rest.firstIndex(of: "\"") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "\"") else { break }
            names.append(String(rest[after..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test func luacheckGlobalsAreTheSandboxGlobals() throws {
        let declared = try Self.declaredGlobals()
        #expect(declared.count > 20)
        let harness = try Harness()
        let list = declared.map { "\"\($0)\"" }.joined(separator: ", ")
        // Every declared name is defined (some are opened on first read).
        let undefined = try harness.value(
            """
            local missing = {}
            for _, name in ipairs({\(list)}) do
              if _G[name] == nil then missing[#missing + 1] = name end
            end
            return table.concat(missing, " ")
            """)
        #expect(undefined == .string(""), "declared in .luacheckrc but not defined in the sandbox")
        // Every global the sandbox lists is declared.
        let listed = try harness.value(
            """
            local declared, extra = {}, {}
            for _, name in ipairs({\(list)}) do declared[name] = true end
            for name in sortedpairs(_G) do
              if not declared[name] then extra[#extra + 1] = tostring(name) end
            end
            return table.concat(extra, " ")
            """)
        #expect(listed == .string(""), "defined in the sandbox but missing from .luacheckrc")
    }

    /// The standard globals the sandbox withholds are not declared either: reading
    /// one is a sandbox violation (`io`, `os`, `debug`, `package`) or gives nil.
    @Test func withheldGlobalsAreNotDeclared() throws {
        let declared = Set(try Self.declaredGlobals())
        for name in ["io", "os", "debug", "package", "dofile", "loadfile", "collectgarbage"] {
            #expect(!declared.contains(name), "\(name) is not in the sandbox")
            let harness = try Harness()
            let source = "return _G[\"\(name)\"] == nil"
            if let error = harness.error(source) {
                guard case .sandboxViolation = error else {
                    Issue.record("reading \(name): \(error)")
                    continue
                }
            } else {
                #expect(try harness.value(source) == .boolean(true), "\(name) is readable in the sandbox")
            }
        }
    }
}
