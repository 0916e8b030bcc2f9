import Engine
import Evidence
import Foundation
import Scheme
import Testing

@Suite("One rule at a time")
struct OneRuleTests {
    @Test("a returned finding must point into the bundle")
    func returnedFindingReference() throws {
        let leaf = try assessOne(
            """
            return function(ctx)
              return {score = 1, findings = {{level = "ok", message = "m", evidence = {document = "D99"}}}}
            end
            """)
        #expect(leaf.status == .error)
        #expect(leaf.error?.kind == "bad_return_value")
        #expect(
            leaf.error?.message.hasPrefix(
                "bad return value of rules/one.lua: findings[1]: evidence refers to document `D99`") == true)
    }

    @Test("a file that does not compile is a syntax error with its line")
    func syntax() throws {
        let leaf = try assessOne("return function(ctx)\n  return {score = }\nend\n")
        #expect(leaf.error?.kind == "syntax")
        #expect(leaf.error?.file == "rules/one.lua")
        #expect(leaf.error?.line == 2)
    }

    @Test("a file that returns no function is a bad return value naming it")
    func noFunction() throws {
        let leaf = try assessOne("return {score = 1}\n")
        #expect(leaf.error?.kind == "bad_return_value")
        #expect(leaf.error?.message == "bad return value: rules/one.lua must return a function, got table")
        #expect(leaf.error?.file == "rules/one.lua")
    }

    @Test("the context carries the leaf and its params")
    func context() throws {
        let leaf = try assessOne(
            """
            return function(ctx)
              return {score = 1, summary = ctx.leaf.id .. " " .. ctx.leaf.title.en .. " " .. ctx.leaf.weight
                .. " " .. type(ctx.params)}
            end
            """)
        #expect(leaf.status == .scored)
        #expect(leaf.summary == "1.1 A 100 table")
        #expect(leaf.points == Points(100))
    }

    @Test("the sandbox holds: no os, no io")
    func sandbox() throws {
        let leaf = try assessOne("return function(ctx) return {score = os.time() and 1} end\n")
        #expect(leaf.status == .error)
        #expect(leaf.error?.kind == "sandbox_violation")
        #expect(leaf.error?.file == "rules/one.lua")
    }
}
