import Engine
import Scheme
import Scoring

/// A plain-text summary for the terminal: the result, then one line per leaf.
public enum TableReport {
    /// The summary, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        let language = context.language
        let labels = Labels(language: language)
        let scorecard = context.assessment.scorecard
        var lines: [String] = []
        lines.append("\(language.pick(context.rubric.rubric.scheme.title)) — \(context.bundle.manifest.organization.name)")
        lines.append("\(labels.text("状态", "Status")): \(labels.status(scorecard.status))  "
            + "\(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)  "
            + "\(labels.text("等级", "Grade")): \(scorecard.grade.map { language.pick($0.label) } ?? "-")")
        lines.append("")
        let width = scorecard.leaves.map { $0.id.rawValue.count }.max() ?? 0
        for leaf in scorecard.leaves {
            let id = leaf.id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let points = "\(leaf.points.map(\.description) ?? "-") / \(leaf.weight)"
            let padded = String(repeating: " ", count: max(0, 15 - points.count)) + points
            lines.append("\(id)  \(padded)  \(labels.status(leaf.status))  \(language.pick(leaf.title))")
        }
        if !context.assessment.overrides.isEmpty {
            lines.append("")
            lines.append("\(labels.text("审核员调整", "Auditor overrides")):")
            for override in context.assessment.overrides {
                guard let evaluation = context.assessment.leaf(override.leaf) else { continue }
                let id = override.leaf.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
                let rule = labels.ruleValue(evaluation, points: context.rulePoints(of: evaluation))
                let auditor = labels.overrideValue(override, points: scorecard.leaf(override.leaf)?.points)
                lines.append("\(id)  \(labels.rule) \(rule) → \(labels.auditor) \(auditor)  "
                    + "\(override.auditor) \(override.date)"
                    + (override.expires.map { " → \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
