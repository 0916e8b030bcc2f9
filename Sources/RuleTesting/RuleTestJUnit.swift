import Foundation
import JUnitXML

/// Rule test results as JUnit XML, the format CI systems read: one
/// `<testsuite>` named after the rubric, one `<testcase>` per test (its class
/// name is the leaf, its file and line are attributes), and a `<failure>` with
/// the differences and the rule's traceback for each failed test. Written by
/// ``JUnitXMLWriter``, as `rubric assess --format junit` is.
///
/// ```swift
/// let xml = RuleTestJUnit.render(results, suiteName: "isi")
/// ```
public enum RuleTestJUnit {
    /// The XML document, ending with a newline. `path` turns a test file's
    /// path into the one written (for example relative to the working folder).
    public static func render(
        _ results: [RuleTestResult], suiteName: String, path: (String) -> String = { $0 }
    ) -> String {
        let cases = results.map { result in
            var testCase = JUnitXMLWriter.Case(
                className: result.leaf.rawValue, name: result.name, seconds: result.durationSeconds,
                file: result.location.map { path($0.file) }, line: result.location?.line)
            if !result.passed {
                var body = result.differences
                if let error = result.evaluation?.error {
                    body += error.ruleFrames.map { "  " + $0 }
                }
                testCase.failures = [
                    JUnitXMLWriter.Problem(
                        message: result.differences.first ?? "failed", text: body.joined(separator: "\n"))
                ]
            }
            return testCase
        }
        return JUnitXMLWriter.render(
            name: "rubric test", suites: [JUnitXMLWriter.Suite(name: suiteName, cases: cases)])
    }
}
