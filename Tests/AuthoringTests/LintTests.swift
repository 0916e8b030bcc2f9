import Authoring
import Diagnostics
import Foundation
import TestSupport
import Testing

/// The package root.
let packageRoot = RepositoryPaths.root

@Suite("rubric lint")
struct LintTests {
    @Test("the ISI rubric has no errors")
    func isiHasNoErrors() {
        let findings = RubricLinter.lint(directory: packageRoot.appendingPathComponent("Rubrics/isi"))
        #expect(!findings.hasErrors, "\(findings)")
    }

    @Test("the mini fixture's rules compile and every leaf with a rule has a test")
    func miniFixture() {
        let findings = RubricLinter.lint(
            directory: packageRoot.appendingPathComponent("Tests/EngineTests/Fixtures/mini"))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("leaves without a test get a warning at their rule; bad test files are reported")
    func untestedLeaves() throws {
        let directory = try copyOfMini()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("tests/statuses.yaml"))
        let untested = RubricLinter.lint(directory: directory).filter { $0.code == RubricLinter.leafWithoutTestCode }
        #expect(!untested.isEmpty)
        #expect(untested.allSatisfy { $0.severity == .warning && $0.location?.line != nil })

        try "leaf: \"9.9\"\n".write(
            to: directory.appendingPathComponent("tests/bad.yaml"),
            atomically: true, encoding: .utf8)
        let findings = RubricLinter.lint(directory: directory)
        #expect(
            findings.contains { $0.severity == .error && $0.location?.file.hasSuffix("tests/bad.yaml") == true },
            "\(findings)")
    }

    @Test("a rule with a syntax error is reported with its file and line")
    func syntaxError() throws {
        let directory = try copyOfMini()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rule = directory.appendingPathComponent("rules/documents.lua")
        try "return function(ctx)\n  local x = \n  if then\nend\n".write(to: rule, atomically: true, encoding: .utf8)

        let findings = RubricLinter.lint(directory: directory)
        let syntax = try #require(findings.first { $0.code == RubricLinter.ruleSyntaxCode })
        #expect(syntax.severity == .error)
        #expect(syntax.location?.file.hasSuffix("rules/documents.lua") == true)
        #expect(syntax.location?.line == 3)
    }

    /// A copy of the mini fixture in a temporary folder.
    func copyOfMini() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("authoring-tests-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("Tests/EngineTests/Fixtures/mini"), to: directory)
        return directory
    }
}
