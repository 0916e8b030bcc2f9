import Foundation

/// Rule test results as JUnit XML, the format CI systems read: one
/// `<testsuite>` named after the rubric, one `<testcase>` per test (its class
/// name is the leaf, its file and line are attributes), and a `<failure>` with
/// the differences and the rule's traceback for each failed test.
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
        let failures = results.filter { !$0.passed }.count
        let total = results.reduce(0) { $0 + $1.durationSeconds }
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        lines.append(
            "<testsuites name=\"rubric test\" tests=\"\(results.count)\" failures=\"\(failures)\" "
                + "time=\"\(seconds(total))\">")
        lines.append(
            "  <testsuite name=\"\(escape(suiteName))\" tests=\"\(results.count)\" failures=\"\(failures)\" "
                + "errors=\"0\" skipped=\"0\" time=\"\(seconds(total))\">")
        for result in results {
            var attributes =
                "classname=\"\(escape(result.leaf.rawValue))\" name=\"\(escape(result.name))\" "
                + "time=\"\(seconds(result.durationSeconds))\""
            if let location = result.location {
                attributes += " file=\"\(escape(path(location.file)))\""
                if let line = location.line { attributes += " line=\"\(line)\"" }
            }
            if result.passed {
                lines.append("    <testcase \(attributes)/>")
                continue
            }
            lines.append("    <testcase \(attributes)>")
            let message = result.differences.first ?? "failed"
            var body = result.differences
            if let error = result.evaluation?.error {
                body += error.ruleFrames.map { "  " + $0 }
            }
            lines.append(
                "      <failure message=\"\(escape(message))\">\(escape(body.joined(separator: "\n")))</failure>")
            lines.append("    </testcase>")
        }
        lines.append("  </testsuite>")
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds with three decimals.
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), value)
    }

    /// `text` escaped for an XML attribute or text node.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
