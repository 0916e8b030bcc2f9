import Evidence
import Scheme
import Scoring

/// The summary for the terminal: the result and grade, then one aligned table
/// of parts, indicators and leaves (points / weight, band, status), then the
/// non-conformities and the auditor overrides.
///
/// Columns are aligned by display width, so Chinese titles line up. ANSI
/// colors are used only when `color` is true; the command decides that
/// (standard output is a terminal and `NO_COLOR` is unset).
public enum TableReport {
    /// The summary of `context`, ending with a newline.
    public static func render(_ context: ReportContext, color: Bool = false) -> String {
        render(ReportModel(context), color: color)
    }

    /// The summary, ending with a newline.
    public static func render(_ report: ReportModel, color: Bool = false) -> String {
        let language = report.language
        let labels = Labels(language: language)
        let paint = Paint(enabled: color)
        let scorecard = report.scorecard
        var lines: [String] = []
        lines.append(paint.bold("\(language.pick(report.facts.scheme.title)) — \(report.facts.organization.name)"))
        let grade = scorecard.grade.map { language.pick($0.label) } ?? "-"
        lines.append(
            "\(labels.text("状态", "Status")): \(paint.status(scorecard.status, labels.status(scorecard.status)))  "
                + "\(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)  "
                + "\(labels.text("等级", "Grade")): \(paint.bold(grade))"
                + EvidenceProblemsSection.provisionalMark(report, labels))
        for note in scorecard.policyNotes {
            lines.append("  \(labels.text("政策说明", "Policy note")): \(language.pick(note.text))")
        }
        lines.append("")
        lines.append(contentsOf: table(report, labels: labels, paint: paint))

        let noted = report.findings.filter { $0.finding.level == .nonconformity }.map { ($0.leaf, $0.finding) }
        lines.append("")
        lines.append(
            "\(labels.text("不符合项", "Non-conformities")):" + (noted.isEmpty ? " \(labels.text("无", "none"))" : ""))
        for (id, finding) in noted {
            lines.append("  \(id)  \(paint.red(MarkdownReport.inline(report.language.message(finding.message))))")
        }

        if !report.ruleFailures.isEmpty {
            lines.append("")
            lines.append("\(labels.text("规则错误", "Rule errors")):")
            for failure in report.ruleFailures {
                let error = failure.error
                var line = "  \(failure.leaf)  \(paint.red("\(error.kind)")): \(error.description)"
                if failure.isOverridden {
                    line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
                }
                lines.append(line)
                for frame in error.ruleFrames { lines.append("      \(frame)") }
            }
        }
        lines += EvidenceProblemsSection.table(report, labels)

        if !report.overrides.isEmpty {
            lines.append("")
            lines.append("\(labels.text("审核员调整", "Auditor overrides")):")
            let width = report.overrides.map { DisplayWidth.of($0.override.leaf.rawValue) }.max() ?? 0
            for entry in report.overrides {
                let override = entry.override
                let id = DisplayWidth.padRight(override.leaf.rawValue, to: width)
                let rule = labels.ruleValue(entry.leaf.result.rule)
                let auditor = labels.overrideValue(override, points: entry.leaf.result.points)
                lines.append(
                    "  \(id)  \(labels.rule) \(rule) → \(labels.auditor) \(auditor)  "
                        + "\(override.auditor) \(override.date)"
                        + (override.expires.map { " → \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row of the table: its cells as plain text, and how to color the status cell.
    private struct Row {
        var cells: [String]
        var status: LeafResult.Status?
        var isPart = false
    }

    /// The table of parts, indicators and leaves, every row the same display width.
    static func table(_ report: ReportModel, labels: Labels, paint: Paint) -> [String] {
        let language = report.language
        var rows: [Row] = [
            Row(
                cells: [
                    labels.text("编号", "ID"), labels.text("名称", "Title"),
                    labels.text("得分 / 权重", "Points / weight"), labels.text("档次", "Band"),
                    labels.text("状态", "Status"),
                ], status: nil)
        ]
        for reportPart in report.parts {
            let part = reportPart.score
            let grade = part.grade.map { language.pick($0.label) } ?? "-"
            rows.append(
                Row(
                    cells: [
                        part.id, language.pick(part.title), "\(part.points) / \(part.maximum)",
                        grade, "",
                    ], status: nil, isPart: true))
            for indicator in reportPart.indicators {
                let indent = String(repeating: "  ", count: indicator.depth + 1)
                let title = indent + language.pick(indicator.title)
                if indicator.isLeaf, let leaf = reportPart.leaves.first(where: { $0.id == indicator.id }) {
                    let result = leaf.result
                    rows.append(
                        Row(
                            cells: [
                                leaf.id.rawValue, title,
                                "\(result.points.map(\.description) ?? "-") / \(leaf.weight)",
                                result.band.map { language.pick($0.label) } ?? "-",
                                labels.status(result.status),
                            ], status: result.status))
                } else {
                    rows.append(
                        Row(
                            cells: [
                                indicator.id.rawValue, title, "\(indicator.points) / \(indicator.weight)",
                                "", "",
                            ], status: nil))
                }
            }
        }
        let widths = (0..<5).map { column in rows.map { DisplayWidth.of($0.cells[column]) }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            var cells: [String] = []
            for (column, cell) in row.cells.enumerated() {
                let padded =
                    column == 2
                    ? DisplayWidth.padLeft(cell, to: widths[column])
                    : DisplayWidth.padRight(cell, to: widths[column])
                if column == 4, let status = row.status {
                    cells.append(paint.status(status, padded))
                } else {
                    cells.append(padded)
                }
            }
            let line = cells.joined(separator: "  ")
            lines.append(index == 0 || row.isPart ? paint.bold(line) : line)
            if index == 0 {
                lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            }
        }
        return lines
    }
}

/// ANSI colors for the table report, or none.
struct Paint {
    var enabled: Bool

    func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("31", text) }

    func status(_ status: LeafResult.Status, _ text: String) -> String {
        switch status {
        case .scored: wrap("32", text)
        case .notApplicable: wrap("2", text)
        case .manual: wrap("33", text)
        case .error: wrap("31", text)
        }
    }

    func status(_ status: Scorecard.Status, _ text: String) -> String {
        switch status {
        case .complete: wrap("32", text)
        case .incomplete: wrap("33", text)
        }
    }
}
