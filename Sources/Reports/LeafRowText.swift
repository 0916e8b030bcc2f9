import Scoring

/// The cells of a leaf's row as the Markdown and HTML reports show them: when
/// an auditor overrode the leaf, its points (and status, if it changed) give
/// the rule's value and the auditor's side by side.
struct LeafRowText {
    var title: String
    var points: String
    var band: String
    var status: String

    init(_ leaf: ReportModel.Leaf, language: ReportLanguage, labels: Labels) {
        let result = leaf.result
        title = language.pick(leaf.title)
        points = "\(result.points.map(\.description) ?? "-") / \(leaf.weight)"
        status = labels.status(result.status)
        if leaf.override != nil {
            let rule = result.rule
            points =
                "\(labels.rule): \(rule.points.map(\.description) ?? "-") / \(labels.auditor): "
                + "\(result.points.map(\.description) ?? "-") (\(labels.text("权重", "weight")) \(leaf.weight))"
            if rule.status != result.status {
                status = "\(labels.rule): \(labels.status(rule.status)) / \(labels.auditor): \(status)"
            }
        }
        band = result.band.map { language.pick($0.label) } ?? "-"
    }
}
