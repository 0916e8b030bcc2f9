import Foundation

/// JUnit XML, the test report format CI systems read, written the same way
/// for `rubric test` and `rubric assess --format junit`: one `<testsuites>`,
/// its `<testsuite>`s, and in each a `<testcase>` per case with a
/// `<failure>` or `<error>` per problem.
///
/// ```swift
/// let suite = JUnitXMLWriter.Suite(name: "isi", cases: [.init(className: "5.5.1", name: "passes")])
/// let xml = JUnitXMLWriter.render(name: "rubric test", suites: [suite])
/// ```
public enum JUnitXMLWriter {
    /// A `<testsuite>`.
    public struct Suite: Sendable, Hashable {
        public var name: String
        public var cases: [Case]

        public init(name: String, cases: [Case]) {
            self.name = name
            self.cases = cases
        }

        var failures: Int { cases.reduce(0) { $0 + ($1.failures.isEmpty ? 0 : 1) } }
        var errors: Int { cases.reduce(0) { $0 + ($1.errors.isEmpty ? 0 : 1) } }
        var skipped: Int { cases.reduce(0) { $0 + ($1.skipped == nil ? 0 : 1) } }
        var seconds: Double { cases.reduce(0) { $0 + $1.seconds } }
    }

    /// A `<testcase>`; it passed when it has no failure, no error and is not skipped.
    public struct Case: Sendable, Hashable {
        public var className: String
        public var name: String
        public var seconds: Double
        /// The file and line written as attributes, when known.
        public var file: String?
        public var line: Int?
        public var failures: [Problem]
        public var errors: [Problem]
        /// Why the case was skipped, when it was.
        public var skipped: String?

        public init(
            className: String, name: String, seconds: Double = 0, file: String? = nil, line: Int? = nil,
            failures: [Problem] = [], errors: [Problem] = [], skipped: String? = nil
        ) {
            self.className = className
            self.name = name
            self.seconds = seconds
            self.file = file
            self.line = line
            self.failures = failures
            self.errors = errors
            self.skipped = skipped
        }
    }

    /// A `<failure>` or `<error>`: a one-line message and the full text.
    public struct Problem: Sendable, Hashable {
        public var message: String
        /// The `type` attribute, when there is one.
        public var type: String?
        public var text: String

        public init(message: String, type: String? = nil, text: String) {
            self.message = message
            self.type = type
            self.text = text
        }
    }

    /// The XML document, ending with a newline.
    public static func render(name: String, suites: [Suite]) -> String {
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }
        let errors = suites.reduce(0) { $0 + $1.errors }
        let total = suites.reduce(0) { $0 + $1.seconds }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        lines.append(
            "<testsuites name=\"\(escape(name))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" "
                + "time=\"\(seconds(total))\">")
        for suite in suites {
            lines.append(
                "  <testsuite name=\"\(escape(suite.name))\" tests=\"\(suite.cases.count)\" "
                    + "failures=\"\(suite.failures)\" errors=\"\(suite.errors)\" skipped=\"\(suite.skipped)\" "
                    + "time=\"\(seconds(suite.seconds))\">")
            for testCase in suite.cases {
                append(testCase, to: &lines)
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func append(_ testCase: Case, to lines: inout [String]) {
        var attributes =
            "classname=\"\(escape(testCase.className))\" name=\"\(escape(testCase.name))\" "
            + "time=\"\(seconds(testCase.seconds))\""
        if let file = testCase.file {
            attributes += " file=\"\(escape(file))\""
            if let line = testCase.line { attributes += " line=\"\(line)\"" }
        }
        if testCase.failures.isEmpty, testCase.errors.isEmpty, testCase.skipped == nil {
            lines.append("    <testcase \(attributes)/>")
            return
        }
        lines.append("    <testcase \(attributes)>")
        if let skipped = testCase.skipped {
            lines.append("      <skipped message=\"\(escape(skipped))\"/>")
        }
        for failure in testCase.failures {
            lines.append("      " + element("failure", failure))
        }
        for error in testCase.errors {
            lines.append("      " + element("error", error))
        }
        lines.append("    </testcase>")
    }

    private static func element(_ name: String, _ problem: Problem) -> String {
        var attributes = "message=\"\(escape(problem.message))\""
        if let type = problem.type { attributes += " type=\"\(escape(type))\"" }
        return "<\(name) \(attributes)>\(escape(problem.text))</\(name)>"
    }

    /// Seconds with three decimals.
    public static func seconds(_ value: Double) -> String {
        String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// `text` escaped for an XML attribute or text node; characters XML 1.0
    /// cannot hold (most control characters) become U+FFFD.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    escaped += "\u{FFFD}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
