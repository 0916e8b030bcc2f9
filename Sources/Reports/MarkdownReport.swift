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
        let labels = Labels(language: report.language)
        var lines = facts(report, labels)
        lines += result(report, labels)
        for part in report.parts {
            lines += partSection(part, report.language, labels)
        }
        lines += nonconformities(report, labels)
        lines += ruleErrors(report, labels)
        lines += manualLeaves(report, labels)
        lines += EvidenceProblemsSection.markdown(report, labels)
        lines += overrides(report, labels)
        lines += whatIf(report, labels)
        return lines.joined(separator: "\n")
    }

    /// The title and the table of what was assessed, against what, when.
    static func facts(_ report: ReportModel, _ labels: Labels) -> [String] {
        let facts = report.facts
        var lines = [
            "# \(labels.text("评估报告", "Assessment report")): \(report.language.pick(facts.scheme.title))",
            "",
            "| \(labels.text("项目", "Item")) | \(labels.text("内容", "Value")) |",
            "| --- | --- |",
        ]
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
        return lines
    }

    /// The result: status, total, grade, open leaves and policy notes.
    static func result(_ report: ReportModel, _ labels: Labels) -> [String] {
        let language = report.language
        let scorecard = report.scorecard
        var lines = [
            "## \(labels.text("结果", "Result"))",
            "",
            "- \(labels.text("状态", "Status")): \(labels.status(scorecard.status))",
            "- \(labels.text("总分", "Total")): \(scorecard.total) / \(scorecard.maximum)",
            "- \(labels.text("等级", "Grade")): \(scorecard.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))"
                + EvidenceProblemsSection.provisionalMark(report, labels),
        ]
        if !scorecard.openLeaves.isEmpty {
            lines.append(
                "- \(labels.text("待定指标", "Open leaves")): \(scorecard.openLeaves.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if !scorecard.policyNotes.isEmpty {
            lines += ["", "### \(labels.text("政策说明", "Policy notes"))", ""]
            for note in scorecard.policyNotes {
                lines.append("- \(language.alongside(note.text))")
            }
        }
        lines.append("")
        return lines
    }

    /// One part: its points and grade, and the table of its leaves.
    static func partSection(_ reportPart: ReportModel.Part, _ language: ReportLanguage, _ labels: Labels) -> [String] {
        let part = reportPart.score
        var lines = [
            "## \(part.id) \(language.pick(part.title))",
            "",
            "\(labels.text("得分", "Points")): \(part.points) / \(part.maximum); "
                + "\(labels.text("等级", "Grade")): \(part.grade.map { language.pick($0.label) } ?? labels.text("无", "none"))",
            "",
            "| \(labels.text("编号", "ID")) | \(labels.text("名称", "Title")) | \(labels.text("得分 / 权重", "Points / weight")) "
                + "| \(labels.text("档次", "Band")) | \(labels.text("状态", "Status")) |",
            "| --- | --- | ---: | --- | --- |",
        ]
        for leaf in reportPart.leaves {
            let row = LeafRowText(leaf, language: language, labels: labels)
            lines.append(
                "| \(leaf.id) | \(cell(row.title)) | \(cell(row.points)) "
                    + "| \(cell(row.band)) | \(cell(row.status)) |")
        }
        lines.append("")
        return lines
    }

    /// Non-conformities and observations, with their evidence.
    static func nonconformities(_ report: ReportModel, _ labels: Labels) -> [String] {
        let noted = report.findings.filter { $0.finding.level != .ok }
        var lines = ["## \(labels.text("不符合项与观察项", "Non-conformities and observations"))", ""]
        if noted.isEmpty {
            lines.append(labels.text("无。", "None."))
        }
        for entry in noted {
            let finding = entry.finding
            var line =
                "- **\(entry.leaf)** \(labels.level(finding.level)): \(inline(report.language.message(finding.message)))"
            if !finding.references.isEmpty {
                line +=
                    " (\(labels.text("证据", "Evidence")): \(finding.references.map(reference).joined(separator: ", ")))"
            }
            lines.append(line)
        }
        lines.append("")
        return lines
    }

    /// The rules that failed, with file:line.
    static func ruleErrors(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.ruleFailures.isEmpty else { return [] }
        var lines = ["## \(labels.text("规则错误", "Rule errors"))", ""]
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
        return lines
    }

    /// The leaves left to the auditor.
    static func manualLeaves(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.manualLeaves.isEmpty else { return [] }
        var lines = ["## \(labels.text("待人工评估", "Left to the auditor"))", ""]
        for manual in report.manualLeaves {
            var line = "- **\(manual.leaf)** \(inline(manual.reason))"
            if manual.isOverridden {
                line += " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
            }
            lines.append(line)
        }
        lines.append("")
        return lines
    }

    /// Every auditor override, in the order of the overrides file.
    static func overrides(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.overrides.isEmpty else { return [] }
        var lines = ["## \(labels.text("审核员调整", "Auditor overrides"))", ""]
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
        return lines
    }

    /// What would reach the next grade.
    static func whatIf(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard let whatIf = report.scorecard.explanation.whatIf else { return [] }
        var lines = [
            "## \(labels.text("距下一等级", "To the next grade"))",
            "",
            "- \(labels.text("目标等级", "Target grade")): \(report.language.pick(whatIf.targetGrade.label)) (≥ \(whatIf.targetTotal))",
            "- \(labels.text("差距", "Gap")): \(whatIf.gap)",
        ]
        if whatIf.isReachable {
            let improvements = whatIf.improvements.map { "\($0.id) (\($0.from) → \($0.to))" }
            lines.append("- \(labels.text("需提升的指标", "Leaves to improve")): \(improvements.joined(separator: ", "))")
        } else {
            lines.append("- \(labels.text("仅提升指标无法达到。", "Not reachable by improving leaves alone."))")
        }
        lines.append("")
        return lines
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
