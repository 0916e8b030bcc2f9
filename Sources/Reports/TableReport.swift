import Engine
import Evidence
import Scheme
import Scoring

/// The summary for the terminal: the result and grade, then one aligned table
/// of parts, indicators and leaves (points / weight, band, status), then the
/// non-conformities and the auditor overrides.
///
/// Columns are aligned by display width, so Chinese titles line up. ANSI
/// colours are used only when `colour` is true; the command decides that
/// (standard output is a terminal and `NO_COLOR` is unset).
public enum TableReport {
    /// The summary, ending with a newline.
    public static func render(_ context: ReportContext, colour: Bool = false) -> String {
        let language = context.language
        let labels = Labels(language: language)
        let paint = Paint(enabled: colour)
        let scorecard = context.assessment.scorecard
        var lines: [String] = []
        lines.append(paint.bold("\(language.pick(context.rubric.rubric.scheme.title)) — \(context.bundle.manifest.organization.name)"))
        let grade = scorecard.grade.map { language.pick($0.label) } ?? "-"
        lines.append("\(labels.text("状态", "Status")): \(paint.status(scorecard.status, labels.status(scorecard.status)))  "
            + "\(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)  "
            + "\(labels.text("等级", "Grade")): \(paint.bold(grade))")
        for note in scorecard.policyNotes {
            lines.append("  \(labels.text("政策说明", "Policy note")): \(language.pick(note.text))")
        }
        lines.append("")
        lines.append(contentsOf: table(context, labels: labels, paint: paint))

        let noted = context.assessment.leaves.flatMap { evaluation in
            evaluation.findings.filter { $0.level == .nonconformity }.map { (evaluation.id, $0) }
        }
        lines.append("")
        lines.append("\(labels.text("不符合项", "Non-conformities")):" + (noted.isEmpty ? " \(labels.text("无", "none"))" : ""))
        for (id, finding) in noted {
            lines.append("  \(id)  \(paint.red(MarkdownReport.inline(finding.message)))")
        }

        if !context.assessment.overrides.isEmpty {
            lines.append("")
            lines.append("\(labels.text("审核员调整", "Auditor overrides")):")
            let width = context.assessment.overrides.map { DisplayWidth.of($0.leaf.rawValue) }.max() ?? 0
            for override in context.assessment.overrides {
                guard let evaluation = context.assessment.leaf(override.leaf) else { continue }
                let id = DisplayWidth.padRight(override.leaf.rawValue, to: width)
                let rule = labels.ruleValue(evaluation, points: context.rulePoints(of: evaluation))
                let auditor = labels.overrideValue(override, points: scorecard.leaf(override.leaf)?.points)
                lines.append("  \(id)  \(labels.rule) \(rule) → \(labels.auditor) \(auditor)  "
                    + "\(override.auditor) \(override.date)"
                    + (override.expires.map { " → \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row of the table: its cells as plain text, and how to colour the status cell.
    private struct Row {
        var cells: [String]
        var status: LeafScore.Status?
        var isPart = false
    }

    /// The table of parts, indicators and leaves, every row the same display width.
    static func table(_ context: ReportContext, labels: Labels, paint: Paint) -> [String] {
        let language = context.language
        let scorecard = context.assessment.scorecard
        var rows: [Row] = [Row(cells: [labels.text("编号", "ID"), labels.text("名称", "Title"),
                                       labels.text("得分 / 权重", "Points / weight"), labels.text("档次", "Band"),
                                       labels.text("状态", "Status")], status: nil)]
        for part in scorecard.parts {
            let grade = part.grade.map { language.pick($0.label) } ?? "-"
            rows.append(Row(cells: [part.id, language.pick(part.title), "\(part.points) / \(part.maximum)",
                                    grade, ""], status: nil, isPart: true))
            for indicator in scorecard.indicators where indicator.partID == part.id {
                let indent = String(repeating: "  ", count: indicator.depth + 1)
                let title = indent + language.pick(indicator.title)
                if indicator.isLeaf, let leaf = scorecard.leaf(indicator.id) {
                    rows.append(Row(cells: [leaf.id.rawValue, title,
                                            "\(leaf.points.map(\.description) ?? "-") / \(leaf.weight)",
                                            leaf.band.map { language.pick($0.label) } ?? "-",
                                            labels.status(leaf.status)], status: leaf.status))
                } else {
                    rows.append(Row(cells: [indicator.id.rawValue, title, "\(indicator.points) / \(indicator.weight)",
                                            "", ""], status: nil))
                }
            }
        }
        let widths = (0..<5).map { column in rows.map { DisplayWidth.of($0.cells[column]) }.max() ?? 0 }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            var cells: [String] = []
            for (column, cell) in row.cells.enumerated() {
                let padded = column == 2 ? DisplayWidth.padLeft(cell, to: widths[column])
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

/// ANSI colours for the table report, or none.
struct Paint {
    var enabled: Bool

    func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("31", text) }

    func status(_ status: LeafScore.Status, _ text: String) -> String {
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
