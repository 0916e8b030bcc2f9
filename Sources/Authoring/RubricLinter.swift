import Diagnostics
import Foundation
import LuaHost
import RuleTesting
import Scheme

/// Checks a rubric folder for everything an author can get wrong before an
/// assessment: the rubric's own validation, rules that do not compile, and
/// leaves that no test covers.
///
///     let findings = RubricLinter.lint(directory: rubricFolder, overlays: [])
///     for finding in findings.sortedByLocation() { print(finding) }
public enum RubricLinter {
    /// The code of a rule file that does not compile.
    public static let ruleSyntaxCode = "rule-syntax"
    /// The code of a rule file that cannot be read.
    public static let ruleUnreadableCode = "rule-unreadable"
    /// The code of a leaf with a rule but no test under `tests/`.
    public static let leafWithoutTestCode = "leaf-without-test"
    /// The folder of a rubric that holds its tests.
    public static let testsFolderName = "tests"

    /// Every finding for a rubric folder and overlays: validation, compilation of
    /// every leaf's rule in a fresh sandboxed state (compiled, never run), and
    /// leaves with a rule but no test.
    public static func lint(directory: URL, overlays: [URL] = []) -> [Finding] {
        let (loaded, validation) = RubricLoader.inspect(directory: directory, overlays: overlays)
        var findings = validation
        guard let loaded else { return findings }
        let leaves = loaded.leaves.filter { $0.rule != nil }
        findings += compileRules(of: leaves)
        findings += RuleStaticChecks.check(
            leaves: leaves, rubric: loaded.rubric, libFolder: loaded.directory.appendingPathComponent("lib"))
        findings += untestedLeaves(leaves, directory: loaded.directory)
        return findings
    }

    /// A finding for each rule file that cannot be read or does not compile; each
    /// file is compiled once even when several leaves share it.
    static func compileRules(of leaves: [Leaf]) -> [Finding] {
        var findings: [Finding] = []
        var seen: Set<URL> = []
        for leaf in leaves {
            guard let rule = leaf.rule, seen.insert(rule.url).inserted else { continue }
            // A missing file is already reported by validation.
            guard FileManager.default.fileExists(atPath: rule.url.path) else { continue }
            let file = rule.url.path
            do {
                let chunk = try LuaChunk(contentsOf: rule.url, name: file)
                let state = try LuaState(configuration: .sandbox)
                _ = try state.load(chunk)
            } catch let error as LuaError {
                if case .syntax(_, let line, let message) = error {
                    findings.append(
                        Finding(
                            .error, code: ruleSyntaxCode,
                            message: "the rule of \(leaf.id) does not compile: \(message)",
                            location: SourceLocation(file: file, line: line)))
                } else {
                    findings.append(
                        Finding(
                            .error, code: ruleSyntaxCode,
                            message: "the rule of \(leaf.id) cannot be loaded: \(error.message)",
                            location: SourceLocation(file: file)))
                }
            } catch {
                findings.append(
                    Finding(
                        .error, code: ruleUnreadableCode,
                        message: "cannot read the rule of \(leaf.id): \(error.localizedDescription)",
                        location: SourceLocation(file: file)))
            }
        }
        return findings
    }

    /// The problems of the test files under `tests/` (read with the test runner's
    /// own parser), or, when they read, a warning for each leaf with a rule that
    /// no test exercises.
    static func untestedLeaves(_ leaves: [Leaf], directory: URL) -> [Finding] {
        let suite: RuleTestSuite
        do {
            suite = try RuleTestSuite.load(rubricDirectory: directory)
        } catch {
            return error.findings
        }
        let tested = Set(suite.tests.map(\.leaf))
        return leaves.filter { !tested.contains($0.id) }.map { leaf in
            Finding(
                .warning, code: leafWithoutTestCode,
                message: "leaf \(leaf.id) has a rule but no test under \(testsFolderName)/",
                location: leaf.rule?.location ?? leaf.location)
        }
    }
}
