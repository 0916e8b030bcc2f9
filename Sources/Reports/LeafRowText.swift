import Scoring

/// The cells of a leaf's row as the Markdown and HTML reports show them: when
/// an auditor overrode the leaf, its points (and status, if it changed) give
/// the rule's value and the auditor's side by side.
struct LeafRowText {
    var title: String
    var points: String
    var band: String
    var status: String

    init(_ leaf: LeafScore, context: ReportContext, labels: Labels) {
        let language = context.language
        title = language.pick(leaf.title)
        points = "\(leaf.points.map(\.description) ?? "-") / \(leaf.weight)"
        status = labels.status(leaf.status)
        if let evaluation = context.assessment.leaf(leaf.id), evaluation.override != nil {
            let rulePoints = context.rulePoints(of: evaluation).map(\.description) ?? "-"
            points = "\(labels.rule): \(rulePoints) / \(labels.auditor): \(leaf.points.map(\.description) ?? "-") "
                + "(\(labels.text("权重", "weight")) \(leaf.weight))"
            if evaluation.status.rawValue != leaf.status.rawValue {
                status = "\(labels.rule): \(labels.status(evaluation.status)) / \(labels.auditor): \(status)"
            }
        }
        band = leaf.band.map { language.pick($0.label) } ?? "-"
    }
}
