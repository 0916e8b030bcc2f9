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
        return lines.joined(separator: "\n") + "\n"
    }
}
