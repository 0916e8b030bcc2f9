import Diagnostics
import Foundation
import RuleTesting
import Scheme
import TestSupport
import Testing

/// The rule tests of the mini rubric, a failing test and bad test files.
struct RuleTestingTests {
    static let mini = RepositoryPaths.miniRubric
    static let basic = RepositoryPaths.basicBundle

    /// A temporary copy of the mini rubric (without its tests).
    static func copyOfMini() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ruletest-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: mini, to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tests"))
        return folder
    }

    @Test func miniRubricTestsAllPass() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: Self.mini)
        let results = RuleTestRunner.run(suite)
        #expect(results.count == 7)
        for result in results {
            #expect(result.passed, "\(result.leaf) \(result.name): \(result.differences)")
        }
        let statuses = Set(results.compactMap { $0.evaluation?.status.rawValue })
        #expect(statuses == ["scored", "not_applicable", "manual", "error"])
    }

    @Test func filterSelectsLeaves() throws {
        let suite = try RuleTestSuite.load(rubricDirectory: Self.mini)
        #expect(RuleTestRunner.run(suite, filter: "1.1").count == 2)
        #expect(RuleTestRunner.run(suite, filter: "1").count == 7)
        #expect(RuleTestRunner.run(suite, filter: "2").isEmpty)
    }

    @Test func failingTestShowsDifferences() throws {
        let folder = try Self.copyOfMini()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try """
        leaf: "1.1"
        name: wrong on purpose
        bundle: \(Self.basic.path)
        expect:
          status: scored
          score: 0.5
          band: high
          findings:
            - {level: observation, message_contains: nothing like this}
        """.write(to: folder.appendingPathComponent("tests/wrong.yaml"), atomically: true, encoding: .utf8)
        let results = RuleTestRunner.run(try RuleTestSuite.load(rubricDirectory: folder))
        let result = try #require(results.first)
        #expect(!result.passed)
        #expect(result.differences.contains("score: expected 0.5, got 0.75"))
        #expect(result.differences.contains("band: expected high, got middle"))
        #expect(
            result.differences.contains {
                $0.hasPrefix("finding: expected observation containing \"nothing like this\", got ")
            })
    }

    @Test func invalidTestFilesAreReportedWithLines() throws {
        let folder = try Self.copyOfMini()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try """
        - leaf: "9.9"
          bundle: x
          expect: {status: scored}
        - bundle: x
          expect: {status: scored, colour: red}
        """.write(to: folder.appendingPathComponent("tests/bad.yaml"), atomically: true, encoding: .utf8)
        #expect {
            try RuleTestSuite.load(rubricDirectory: folder)
        } throws: { error in
            guard let error = error as? FindingsError else { return false }
            let text = error.description
            return text.contains("unknown leaf \"9.9\"") && text.contains("missing leaf")
                && text.contains("unknown key `colour` in `expect`") && text.contains("bad.yaml:1")
                && text.contains("bad.yaml:5")
        }
    }
}
