import Diagnostics

/// The section "证据问题 Evidence problems" of the Markdown, HTML and table
/// reports, and the provisional mark of the grade, from
/// ``ReportModel/evidenceProblems`` and ``ReportModel/isProvisional``.
enum EvidenceProblemsSection {
    /// The section's title.
    static func title(_ labels: Labels) -> String { labels.text("证据问题", "Evidence problems") }

    /// ` (暂定 provisional)` after a grade when the report is provisional; empty otherwise.
    static func provisionalMark(_ report: ReportModel, _ labels: Labels) -> String {
        report.isProvisional ? " (\(labels.text("暂定", "provisional")))" : ""
    }

    static func severity(_ severity: Finding.Severity, _ labels: Labels) -> String {
        switch severity {
        case .error: labels.text("错误", "error")
        case .warning: labels.text("警告", "warning")
        case .note: labels.text("提示", "note")
        }
    }

    /// `docs/a.pdf:12`, or `-` when the problem names no file.
    static func place(_ problem: ReportModel.EvidenceProblem) -> String {
        if problem.path.isEmpty { return "-" }
        return problem.path + (problem.line.map { ":\($0)" } ?? "")
    }

    /// `; 影响指标 leaves affected: 1.1, 2.3`, or empty.
    static func affected(_ problem: ReportModel.EvidenceProblem, _ labels: Labels) -> String {
        if problem.leaves.isEmpty { return "" }
        return "; \(labels.text("影响指标", "leaves affected")): "
            + problem.leaves.map(\.rawValue).joined(separator: ", ")
    }

    /// The Markdown lines of the section (with a blank line after it); none when there is no problem.
    static func markdown(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.evidenceProblems.isEmpty else { return [] }
        var lines = ["## \(title(labels))", ""]
        for problem in report.evidenceProblems {
            lines.append(
                "- `\(place(problem))` \(severity(problem.severity, labels)) [\(problem.code)]: "
                    + MarkdownReport.inline(problem.message + affected(problem, labels)))
        }
        lines.append("")
        return lines
    }

    /// The HTML of the section; empty when there is no problem.
    static func html(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.evidenceProblems.isEmpty else { return [] }
        func e(_ text: String) -> String { HTMLText.escape(text) }
        var html = ["<section class=\"evidence-problems\">", "<h2>\(e(title(labels)))</h2>", "<ul>"]
        for problem in report.evidenceProblems {
            html.append(
                "<li class=\"\(problem.severity.rawValue)\"><code>\(e(place(problem)))</code> "
                    + "\(e(severity(problem.severity, labels))) [\(e(problem.code))]: "
                    + "\(e(problem.message + affected(problem, labels)))</li>")
        }
        html.append("</ul></section>")
        return html
    }

    /// The table report's lines of the section (a blank line first); none when there is no problem.
    static func table(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.evidenceProblems.isEmpty else { return [] }
        var lines = ["", "\(title(labels)):"]
        for problem in report.evidenceProblems {
            lines.append(
                "  \(place(problem))  \(severity(problem.severity, labels)) [\(problem.code)] "
                    + MarkdownReport.inline(problem.message + affected(problem, labels)))
        }
        return lines
    }
}
