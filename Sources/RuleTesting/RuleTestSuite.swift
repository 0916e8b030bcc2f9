import Diagnostics
import Engine
import Foundation
import Scheme
import Yams

/// A rubric and its rule tests: every `.yaml` file under `<rubric>/tests/`
/// (recursively, except the `fixtures/` folders' `bundle.yaml` files), each
/// one test (a mapping) or a list of tests. See docs/rule-tests.md.
///
/// ```swift
/// let suite = try RuleTestSuite.load(rubricDirectory: folder)
/// let results = RuleTestRunner.run(suite, filter: nil)
/// ```
public struct RuleTestSuite: Sendable {
    /// The name of the tests folder inside a rubric folder.
    public static let folderName = "tests"

    public let rubric: LoadedRubric
    public let tests: [RuleTest]

    public init(rubric: LoadedRubric, tests: [RuleTest]) {
        self.rubric = rubric
        self.tests = tests
    }

    /// Loads the rubric and its tests. Throws every finding when the rubric
    /// does not load or any test file is invalid (unknown keys, a missing or
    /// unknown leaf, bad values), each with its file and line.
    public static func load(rubricDirectory: URL) throws(FindingsError) -> RuleTestSuite {
        let rubric: LoadedRubric
        do {
            rubric = try RubricLoader.load(directory: rubricDirectory)
        } catch let error as FindingsError {
            throw error
        } catch {
            throw FindingsError([
                Finding(
                    .error, code: "rubric", message: "\(error)",
                    location: SourceLocation(file: rubricDirectory.path))
            ])
        }
        var findings: [Finding] = []
        var tests: [RuleTest] = []
        for file in testFiles(in: rubric.directory.appendingPathComponent(folderName)) {
            let parser = RuleTestParser(file: file, rubric: rubric.rubric)
            tests += parser.parse()
            findings += parser.findings
        }
        if findings.hasErrors { throw FindingsError(findings) }
        return RuleTestSuite(rubric: rubric, tests: tests)
    }

    /// The test files under `folder`, sorted by path; fixture bundles' manifests are skipped.
    static func testFiles(in folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in enumerator {
            guard ["yaml", "yml"].contains(url.pathExtension) else { continue }
            if url.lastPathComponent == "bundle.yaml" || url.lastPathComponent == "bundle.yml" { continue }
            if url.pathComponents.contains("fixtures") { continue }
            files.append(url.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }
}
