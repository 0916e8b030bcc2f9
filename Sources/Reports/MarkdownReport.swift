import Evidence
import Scheme
import Scoring

/// The Markdown report: the content of the JSON report, for reading and for
/// pasting into the report the auditor signs.
///
/// Labels are Chinese with English alongside (`得分 Points`), titles Chinese;
/// with ``ReportLanguage/en`` both are English where the rubric provides it.
public enum MarkdownReport {
    /// The report of `context` as Markdown text, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        render(ReportModel(context))
    }

    /// The report as Markdown text, ending with a newline.
    public static func render(_ report: ReportModel) -> String {
        var lines: [String] = []
        let language = report.language
        let labels = Labels(language: language)
        let facts = report.facts
        let scorecard = report.scorecard

        lines.append("# \(labels.text("评估报告", "Assessment report")): \(language.pick(facts.scheme.title))")
        lines.append("")
        lines.append("| \(labels.text("项目", "Item")) | \(labels.text("内容", "Value")) |")
        lines.append("| --- | --- |")
        func row(_ zh: String, _ en: String, _ value: String) {
            lines.append("| \(labels.text(zh, en)) | \(cell(value)) |")
        }
        row("评分标准", "Rubric", "\(facts.scheme.id) \(facts.scheme.version)")
        row("评分标准 SHA-256", "Rubric SHA-256", "`\(facts.rubricSHA256)`")
        for overlay in facts.overlays {
            row("叠加文件", "Overlay", "\(overlay.path) `\(overlay.sha256)`")
        }
        row("受审核组织", "Organization", facts.organization.name)
        row("统一社会信用代码", "Credit code", facts.organization.creditCode)
        row("证据包清单 SHA-256", "Manifest SHA-256", facts.manifestSHA256.map { "`\($0)`" } ?? "-")
        row("评价基准日", "As of", facts.asOf.description)
        row("生成时间", "Generated at", facts.generatedAt)
        row("引擎版本", "Engine version", facts.engineVersion)
        lines.append("")

        // The result.
        lines.append("## \(labels.text("结果", "Result"))")
        lines.append("")
        lines.append("- \(labels.text("状态", "Status")): \(labels.status(scorecard.status))")
        lines.append("- \(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)")
        lines.append(
            "- \(labels.text("等级", "Grade")): \(scorecard.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))"
                + EvidenceProblemsSection.provisionalMark(report, labels)
        )
        if !scorecard.openLeaves.isEmpty {
            lines.append(
                "- \(labels.text("待定指标", "Open leaves")): \(scorecard.openLeaves.map(\.rawValue).joined(separator: ", "))"
            )
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
        for reportPart in report.parts {
            let part = reportPart.score
            lines.append("## \(part.id) \(language.pick(part.title))")
            lines.append("")
            lines.append(
                "\(labels.text("得分", "Points")): \(part.points) / \(part.maximum); "
                    + "\(labels.text("等级", "Grade")): \(part.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))"
            )
            lines.append("")
            lines.append(
                "| \(labels.text("编号", "ID")) | \(labels.text("名称", "Title")) | \(labels.text("得分 / 权重", "Points / weight")) "
                    + "| \(labels.text("档次", "Band")) | \(labels.text("状态", "Status")) |")
            lines.append("| --- | --- | ---: | --- | --- |")
            for leaf in reportPart.leaves {
                let row = LeafRowText(leaf, language: language, labels: labels)
                lines.append(
                    "| \(leaf.id) | \(cell(row.title)) | \(cell(row.points)) "
                        + "| \(cell(row.band)) | \(cell(row.status)) |")
            }
            lines.append("")
        }

        // Non-conformities and observations, with their evidence.
        let noted = report.findings.filter { $0.finding.level != .ok }.map { ($0.leaf, $0.finding) }
        lines.append("## \(labels.text("不符合项与观察项", "Non-conformities and observations"))")
        lines.append("")
        if noted.isEmpty {
            lines.append(labels.text("无。", "None."))
        }
        for (id, finding) in noted {
            var line = "- **\(id)** \(labels.level(finding.level)): \(inline(finding.message))"
            if !finding.references.isEmpty {
                line +=
                    " (\(labels.text("证据", "Evidence")): \(finding.references.map(reference).joined(separator: ", ")))"
            }
            lines.append(line)
        }
        lines.append("")

        // Errors, with file:line.
        if !report.ruleFailures.isEmpty {
            lines.append("## \(labels.text("规则错误", "Rule errors"))")
            lines.append("")
            for failure in report.ruleFailures {
                var line = "- **\(failure.leaf)** `\(failure.error.kind)`: \(inline(failure.error.description))"
                if failure.isOverridden {
                    line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
                }
                lines.append(line)
                for frame in failure.error.ruleFrames {
                    lines.append("  - `\(frame)`")
                }
            }
            lines.append("")
        }

        // Leaves left to the auditor.
        if !report.manualLeaves.isEmpty {
            lines.append("## \(labels.text("待人工评估", "Left to the auditor"))")
            lines.append("")
            for manual in report.manualLeaves {
                var line = "- **\(manual.leaf)** \(inline(manual.reason))"
                if manual.isOverridden {
                    line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
                }
                lines.append(line)
            }
            lines.append("")
        }

        lines += EvidenceProblemsSection.markdown(report, labels)

        // Every auditor override, in the order of the overrides file.
        if !report.overrides.isEmpty {
            lines.append("## \(labels.text("审核员调整", "Auditor overrides"))")
            lines.append("")
            for entry in report.overrides {
                let override = entry.override
                var line =
                    "- **\(override.leaf)** \(labels.rule): \(labels.ruleValue(entry.leaf.result.rule))"
                    + " → \(labels.auditor): \(labels.overrideValue(override, points: entry.leaf.result.points))"
                line += "; \(labels.text("理由", "Justification")): \(inline(override.justification))"
                line += "; \(labels.text("审核员", "Auditor")): \(inline(override.auditor))"
                line += "; \(labels.text("日期", "Date")): \(override.date)"
                line +=
                    "; \(labels.text("有效期至", "Expires")): \(override.expires?.description ?? labels.text("无", "none"))"
                lines.append(line)
            }
            lines.append("")
        }

        // What would reach the next grade.
        if let whatIf = scorecard.explanation.whatIf {
            lines.append("## \(labels.text("距下一等级", "To the next grade"))")
            lines.append("")
            lines.append(
                "- \(labels.text("目标等级", "Target grade")): \(language.pick(whatIf.targetGrade.label)) (≥ \(whatIf.targetTotal))"
            )
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
