import Engine
import Evidence
import Scheme
import Scoring

/// The Markdown report: the content of the JSON report, for reading and for
/// pasting into the report the auditor signs.
///
/// Labels are Chinese with English alongside (`得分 Points`), titles Chinese;
/// with ``ReportLanguage/en`` both are English where the rubric provides it.
public enum MarkdownReport {
    /// The report as Markdown text, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        var lines: [String] = []
        let language = context.language
        let labels = Labels(language: language)
        let loaded = context.rubric
        let scorecard = context.assessment.scorecard
        let manifest = context.bundle.manifest

        lines.append("# \(labels.text("评估报告", "Assessment report")): \(language.pick(loaded.rubric.scheme.title))")
        lines.append("")
        lines.append("| \(labels.text("项目", "Item")) | \(labels.text("内容", "Value")) |")
        lines.append("| --- | --- |")
        func row(_ zh: String, _ en: String, _ value: String) {
            lines.append("| \(labels.text(zh, en)) | \(cell(value)) |")
        }
        row("评分标准", "Rubric", "\(loaded.rubric.scheme.id) \(loaded.rubric.scheme.version)")
        row("评分标准 SHA-256", "Rubric SHA-256", "`\(loaded.sha256)`")
        for overlay in loaded.overlays {
            row("叠加文件", "Overlay", "\(overlay.path) `\(overlay.sha256)`")
        }
        row("受审核组织", "Organization", manifest.organization.name)
        row("统一社会信用代码", "Credit code", manifest.organization.creditCode)
        row("证据包清单 SHA-256", "Manifest SHA-256", context.manifestSHA256.map { "`\($0)`" } ?? "-")
        row("评价基准日", "As of", context.asOf.description)
        row("生成时间", "Generated at", context.generatedAtText)
        row("引擎版本", "Engine version", context.engineVersion)
        lines.append("")

        // The result.
        lines.append("## \(labels.text("结果", "Result"))")
        lines.append("")
        lines.append("- \(labels.text("状态", "Status")): \(labels.status(scorecard.status))")
        lines.append("- \(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)")
        lines.append("- \(labels.text("等级", "Grade")): \(scorecard.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))")
        if !scorecard.openLeaves.isEmpty {
            lines.append("- \(labels.text("待定指标", "Open leaves")): \(scorecard.openLeaves.map(\.rawValue).joined(separator: ", "))")
        }
        if !scorecard.policyNotes.isEmpty {
            lines.append("")
            lines.append("### \(labels.text("政策说明", "Policy notes"))")
            lines.append("")
            for note in scorecard.policyNotes {
                lines.append("- \(language.alongside(note.text))")
            }
        }
        lines.append("")

        // One table per part.
        for part in scorecard.parts {
            lines.append("## \(part.id) \(language.pick(part.title))")
            lines.append("")
            lines.append("\(labels.text("得分", "Points")): \(part.points) / \(part.maximum); "
                + "\(labels.text("等级", "Grade")): \(part.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))")
            lines.append("")
            lines.append("| \(labels.text("编号", "ID")) | \(labels.text("名称", "Title")) | \(labels.text("得分 / 权重", "Points / weight")) "
                + "| \(labels.text("档次", "Band")) | \(labels.text("状态", "Status")) |")
            lines.append("| --- | --- | ---: | --- | --- |")
            for leaf in scorecard.leaves where leaf.partID == part.id {
                let row = LeafRowText(leaf, context: context, labels: labels)
                lines.append("| \(leaf.id) | \(cell(row.title)) | \(cell(row.points)) "
                    + "| \(cell(row.band)) | \(cell(row.status)) |")
            }
            lines.append("")
        }

        // Non-conformities and observations, with their evidence.
        let noted = context.assessment.leaves.flatMap { evaluation in
            evaluation.findings.filter { $0.level != .ok }.map { (evaluation.id, $0) }
        }
        lines.append("## \(labels.text("不符合项与观察项", "Non-conformities and observations"))")
        lines.append("")
        if noted.isEmpty {
            lines.append(labels.text("无。", "None."))
        }
        for (id, finding) in noted {
            var line = "- **\(id)** \(labels.level(finding.level)): \(inline(finding.message))"
            if !finding.references.isEmpty {
                line += " (\(labels.text("证据", "Evidence")): \(finding.references.map(reference).joined(separator: ", ")))"
            }
            lines.append(line)
        }
        lines.append("")

        // Errors, with file:line.
        let errors = context.assessment.leaves.compactMap { evaluation in evaluation.error.map { (evaluation.id, $0) } }
        if !errors.isEmpty {
            lines.append("## \(labels.text("规则错误", "Rule errors"))")
            lines.append("")
            for (id, error) in errors {
                var line = "- **\(id)** `\(error.kind)`: \(inline(error.description))"
                if context.assessment.leaf(id)?.override != nil {
                    line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
                }
                lines.append(line)
            }
            lines.append("")
        }

        // Leaves left to the auditor.
        let manual = context.assessment.leaves.filter { $0.status == .manual }
        if !manual.isEmpty {
            lines.append("## \(labels.text("待人工评估", "Left to the auditor"))")
            lines.append("")
            for evaluation in manual {
                var line = "- **\(evaluation.id)** \(inline(evaluation.reason ?? ""))"
                if evaluation.override != nil {
                    line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
                }
                lines.append(line)
            }
            lines.append("")
        }

        // Every auditor override, in the order of the overrides file.
        let overrides = context.assessment.overrides
        if !overrides.isEmpty {
            lines.append("## \(labels.text("审核员调整", "Auditor overrides"))")
            lines.append("")
            for override in overrides {
                guard let evaluation = context.assessment.leaf(override.leaf) else { continue }
                let counted = scorecard.leaf(override.leaf)?.points
                var line = "- **\(override.leaf)** \(labels.rule): \(labels.ruleValue(evaluation, points: context.rulePoints(of: evaluation)))"
                    + " → \(labels.auditor): \(labels.overrideValue(override, points: counted))"
                line += "; \(labels.text("理由", "Justification")): \(inline(override.justification))"
                line += "; \(labels.text("审核员", "Auditor")): \(inline(override.auditor))"
                line += "; \(labels.text("日期", "Date")): \(override.date)"
                line += "; \(labels.text("有效期至", "Expires")): \(override.expires?.description ?? labels.text("无", "none"))"
                lines.append(line)
            }
            lines.append("")
        }

        // What would reach the next grade.
        if let whatIf = scorecard.explanation.whatIf {
            lines.append("## \(labels.text("距下一等级", "To the next grade"))")
            lines.append("")
            lines.append("- \(labels.text("目标等级", "Target grade")): \(language.pick(whatIf.targetGrade.label)) (≥ \(whatIf.targetTotal))")
            lines.append("- \(labels.text("差距", "Gap")): \(whatIf.gap)")
            if whatIf.isReachable {
                let improvements = whatIf.improvements.map { "\($0.id) (\($0.from) → \($0.to))" }
                lines.append("- \(labels.text("需提升的指标", "Leaves to improve")): \(improvements.joined(separator: ", "))")
            } else {
                lines.append("- \(labels.text("仅提升指标无法达到。", "Not reachable by improving leaves alone."))")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// `D01`, `tickets`, or `tickets#12`.
    static func reference(_ reference: EvidenceReference) -> String {
        switch reference {
        case .document(let id): "`\(id)`"
        case .record(let name, let row): row.map { "`\(name)#\($0)`" } ?? "`\(name)`"
        }
    }

    /// Text safe inside a table cell: `|` escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text on one line.
    static func inline(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
