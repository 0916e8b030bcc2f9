import Evidence
import Scheme
import Scoring

/// The HTML report: one self-contained file (inline CSS, inline SVG charts, no
/// scripts, no external assets) that prints cleanly on A4.
///
/// It shows what the Markdown report shows, and per part a bar chart of points
/// earned against weight for each top-level indicator and a radar chart of
/// those indicators. All text is escaped; the output is deterministic.
public enum HTMLReport {
    /// The report of `context` as an HTML document, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        render(ReportModel(context))
    }

    /// The report as an HTML document, ending with a newline.
    public static func render(_ report: ReportModel) -> String {
        let labels = Labels(language: report.language)
        var html = head(report, labels)
        html += facts(report, labels)
        html += result(report, labels)
        for part in report.parts {
            html += partSection(part, report.language, labels)
        }
        html += findings(report, labels)
        html += ruleErrors(report, labels)
        html += manualLeaves(report, labels)
        html += EvidenceProblemsSection.html(report, labels)
        html += overrides(report, labels)
        html += whatIf(report, labels)
        html += signatureSection(report.signature, labels: labels)
        html.append("</body>")
        html.append("</html>")
        return html.joined(separator: "\n") + "\n"
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// The document's head and the title heading.
    static func head(_ report: ReportModel, _ labels: Labels) -> [String] {
        let title = DeliverableReport.title(report, labels)
        return HTMLText.documentHead(title: title, language: report.language, style: style) + ["<h1>\(e(title))</h1>"]
    }

    /// The header: what was assessed, against what, when.
    static func facts(_ report: ReportModel, _ labels: Labels) -> [String] {
        let facts = report.facts
        var html = ["<table class=\"facts\">"]
        func fact(_ zh: String, _ en: String, _ value: String, code: Bool = false) {
            let shown = code ? "<code>\(e(value))</code>" : e(value)
            html.append("<tr><th>\(e(labels.text(zh, en)))</th><td>\(shown)</td></tr>")
        }
        fact("评分标准", "Rubric", "\(facts.scheme.id) \(facts.scheme.version)")
        fact("评分标准 SHA-256", "Rubric SHA-256", facts.rubricSHA256, code: true)
        for overlay in facts.overlays {
            fact("叠加文件", "Overlay", "\(overlay.path) \(overlay.sha256)", code: true)
        }
        fact("受审核组织", "Organization", facts.organization.name)
        fact("统一社会信用代码", "Credit code", facts.organization.creditCode)
        fact("证据包清单 SHA-256", "Manifest SHA-256", facts.manifestSHA256 ?? "-", code: true)
        fact("评价基准日", "As of", facts.asOf.description)
        fact("生成时间", "Generated at", facts.generatedAt)
        fact("引擎版本", "Engine version", facts.engineVersion)
        html.append("</table>")
        return html
    }

    /// The result and grade.
    static func result(_ report: ReportModel, _ labels: Labels) -> [String] {
        let language = report.language
        let scorecard = report.scorecard
        let grade = scorecard.grade.map { language.pick($0.label) } ?? labels.text("无", "none")
        var html = [
            "<section class=\"result \(scorecard.status.rawValue)\">",
            "<h2>\(e(labels.text("结果", "Result")))</h2>",
            "<p class=\"grade\"><span>\(e(labels.text("等级", "Grade")))</span> "
                + "<strong>\(e(grade + EvidenceProblemsSection.provisionalMark(report, labels)))</strong></p>",
            "<p>\(e(labels.text("总分", "Total"))): <strong>\(scorecard.total) / \(scorecard.maximum)</strong>; "
                + "\(e(labels.text("状态", "Status"))): <strong>\(e(labels.status(scorecard.status)))</strong></p>",
        ]
        if !scorecard.openLeaves.isEmpty {
            html.append(
                "<p>\(e(labels.text("待定指标", "Open leaves"))): "
                    + "\(e(scorecard.openLeaves.map(\.rawValue).joined(separator: ", ")))</p>")
        }
        if !scorecard.policyNotes.isEmpty {
            html.append("<ul class=\"notes\">")
            for note in scorecard.policyNotes {
                html.append("<li>\(e(language.alongside(note.text)))</li>")
            }
            html.append("</ul>")
        }
        html.append("</section>")
        return html
    }

    /// One part: its points and grade, the charts and the leaf table.
    static func partSection(_ reportPart: ReportModel.Part, _ language: ReportLanguage, _ labels: Labels) -> [String] {
        let part = reportPart.score
        let partGrade = part.grade.map { language.pick($0.label) } ?? labels.text("无", "none")
        var html = [
            "<section class=\"part\">",
            "<h2>\(e(part.id)) \(e(language.pick(part.title)))</h2>",
            "<p>\(e(labels.text("得分", "Points"))): <strong>\(part.points) / \(part.maximum)</strong>; "
                + "\(e(labels.text("等级", "Grade"))): <strong>\(e(partGrade))</strong></p>",
        ]
        html += charts(reportPart, language, labels)
        html += leafTable(reportPart, language, labels)
        html.append("</section>")
        return html
    }

    /// A part's bar and radar charts of its top-level indicators.
    static func charts(_ reportPart: ReportModel.Part, _ language: ReportLanguage, _ labels: Labels) -> [String] {
        let items = reportPart.indicators.filter { $0.depth == 0 }.map { indicator in
            SVGCharts.Item(
                label: indicator.id.rawValue, title: language.pick(indicator.title),
                points: indicator.points, weight: indicator.weight)
        }
        return [
            "<div class=\"charts\">",
            "<figure>\(SVGCharts.bars(items, caption: labels.text("得分与权重", "Points against weight")))"
                + "<figcaption>\(e(labels.text("得分与权重", "Points against weight")))</figcaption></figure>",
            "<figure>\(SVGCharts.radar(items, caption: labels.text("得分率", "Share of weight earned")))"
                + "<figcaption>\(e(labels.text("得分率", "Share of weight earned")))</figcaption></figure>",
            "</div>",
        ]
    }

    /// A part's table of leaves.
    static func leafTable(_ reportPart: ReportModel.Part, _ language: ReportLanguage, _ labels: Labels) -> [String] {
        var html = [
            "<table class=\"leaves\">",
            "<thead><tr><th>\(e(labels.text("编号", "ID")))</th><th>\(e(labels.text("名称", "Title")))</th>"
                + "<th class=\"num\">\(e(labels.text("得分 / 权重", "Points / weight")))</th>"
                + "<th>\(e(labels.text("档次", "Band")))</th><th>\(e(labels.text("状态", "Status")))</th></tr></thead>",
            "<tbody>",
        ]
        for leaf in reportPart.leaves {
            let row = LeafRowText(leaf, language: language, labels: labels)
            html.append(
                "<tr class=\"\(leaf.result.status.rawValue)\"><td>\(e(leaf.id.rawValue))</td>"
                    + "<td>\(e(row.title))</td><td class=\"num\">\(e(row.points))</td>"
                    + "<td>\(e(row.band))</td><td class=\"status\">\(e(row.status))</td></tr>")
        }
        html.append("</tbody></table>")
        return html
    }

    /// Every finding, with its evidence.
    static func findings(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = ["<section class=\"findings\">", "<h2>\(e(labels.text("审核发现", "Findings")))</h2>"]
        if report.findings.isEmpty {
            html.append("<p>\(e(labels.text("无。", "None.")))</p>")
        } else {
            html.append(
                "<table><thead><tr><th>\(e(labels.text("编号", "ID")))</th>"
                    + "<th>\(e(labels.text("类别", "Level")))</th><th>\(e(labels.text("说明", "Message")))</th>"
                    + "<th>\(e(labels.text("证据", "Evidence")))</th></tr></thead><tbody>")
            for noted in report.findings {
                let finding = noted.finding
                html.append(
                    "<tr class=\"\(finding.level.rawValue)\"><td>\(e(noted.leaf.rawValue))</td>"
                        + "<td class=\"level\">\(e(labels.level(finding.level)))</td><td>\(e(report.language.message(finding.message)))</td>"
                        + "<td>\(e(finding.references.map(reference).joined(separator: ", ")))</td></tr>")
            }
            html.append("</tbody></table>")
        }
        html.append("</section>")
        return html
    }

    /// The rules that failed, with their Lua traceback.
    static func ruleErrors(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.ruleFailures.isEmpty else { return [] }
        var html = ["<section class=\"errors\">", "<h2>\(e(labels.text("规则错误", "Rule errors")))</h2>", "<ul>"]
        for failure in report.ruleFailures {
            let error = failure.error
            var line =
                "<li><strong>\(e(failure.leaf.rawValue))</strong> <code>\(e("\(error.kind)"))</code>: \(e(error.description))"
            if failure.isOverridden {
                line += " (\(e(labels.text("已由审核员调整", "overridden by the auditor"))))"
            }
            let frames = error.ruleFrames
            if !frames.isEmpty {
                line += "<ul class=\"traceback\">"
                line += frames.map { "<li><code>\(e($0))</code></li>" }.joined()
                line += "</ul>"
            }
            html.append(line + "</li>")
        }
        html.append("</ul></section>")
        return html
    }

    /// The leaves left to the auditor.
    static func manualLeaves(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.manualLeaves.isEmpty else { return [] }
        var html = [
            "<section class=\"manual\">", "<h2>\(e(labels.text("待人工评估", "Left to the auditor")))</h2>", "<ul>",
        ]
        for manual in report.manualLeaves {
            var line = "<li><strong>\(e(manual.leaf.rawValue))</strong> \(e(manual.reason))"
            if manual.isOverridden {
                line += " (\(e(labels.text("已由审核员调整", "overridden by the auditor"))))"
            }
            html.append(line + "</li>")
        }
        html.append("</ul></section>")
        return html
    }

    /// Every auditor override, in the order of the overrides file.
    static func overrides(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.overrides.isEmpty else { return [] }
        var html = [
            "<section class=\"overrides\">",
            "<h2>\(e(labels.text("审核员调整", "Auditor overrides")))</h2>",
            "<table><thead><tr><th>\(e(labels.text("编号", "ID")))</th><th>\(e(labels.rule))</th>"
                + "<th>\(e(labels.auditor))</th><th>\(e(labels.text("理由", "Justification")))</th>"
                + "<th>\(e(labels.text("审核员", "Auditor")))</th><th>\(e(labels.text("日期", "Date")))</th>"
                + "<th>\(e(labels.text("有效期至", "Expires")))</th></tr></thead><tbody>",
        ]
        for entry in report.overrides {
            let override = entry.override
            html.append(
                "<tr><td>\(e(override.leaf.rawValue))</td>"
                    + "<td>\(e(labels.ruleValue(entry.leaf.result.rule)))</td>"
                    + "<td>\(e(labels.overrideValue(override, points: entry.leaf.result.points)))</td>"
                    + "<td>\(e(override.justification))</td><td>\(e(override.auditor))</td>"
                    + "<td>\(e(override.date.description))</td>"
                    + "<td>\(e(override.expires?.description ?? labels.text("无", "none")))</td></tr>")
        }
        html.append("</tbody></table></section>")
        return html
    }

    /// What would reach the next grade.
    static func whatIf(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard let whatIf = report.scorecard.explanation.whatIf else { return [] }
        var html = [
            "<section class=\"whatif\">",
            "<h2>\(e(labels.text("距下一等级", "To the next grade")))</h2>",
            "<ul>",
            "<li>\(e(labels.text("目标等级", "Target grade"))): "
                + "\(e(report.language.pick(whatIf.targetGrade.label))) (≥ \(whatIf.targetTotal))</li>",
            "<li>\(e(labels.text("差距", "Gap"))): \(whatIf.gap)</li>",
        ]
        if whatIf.isReachable {
            let improvements = whatIf.improvements.map { "\($0.id) (\($0.from) → \($0.to))" }
            html.append(
                "<li>\(e(labels.text("需提升的指标", "Leaves to improve"))): "
                    + "\(e(improvements.joined(separator: ", ")))</li>")
        } else {
            html.append("<li>\(e(labels.text("仅提升指标无法达到。", "Not reachable by improving leaves alone.")))</li>")
        }
        html.append("</ul></section>")
        return html
    }

    /// `D01`, `tickets`, or `tickets#12`.
    static func reference(_ reference: EvidenceReference) -> String {
        switch reference {
        case .document(let id): "\(id)"
        case .record(let name, let row): row.map { "\(name)#\($0)" } ?? "\(name)"
        }
    }

    /// The inline style sheet: screen and A4 print.
    static let style = """
        @page { size: A4; margin: 15mm; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
               font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
        h1 { font-size: 17pt; margin: 0 0 8pt; }
        h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; padding-bottom: 2pt; }
        table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
        th, td { border: 1px solid #bbb; padding: 2pt 5pt; text-align: left; vertical-align: top; }
        th { background: #eee; }
        td.num, th.num { text-align: right; }
        table.leaves td:first-child, table.leaves th:first-child { white-space: nowrap; width: 9%; }
        table.leaves td:nth-child(2) { width: 20%; }
        table.leaves td:nth-child(4) { width: 9%; }
        table.leaves td:nth-child(5) { width: 27%; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
        table.facts th { width: 34%; }
        .grade { font-size: 14pt; margin: 4pt 0; }
        .grade strong { font-size: 18pt; }
        .result.incomplete .grade strong { color: #a60; }
        .charts { display: flex; flex-wrap: wrap; gap: 6mm; align-items: flex-end; justify-content: space-between; }
        figure { margin: 0; }
        figcaption { font-size: 9pt; color: #444; text-align: center; }
        svg.chart { max-width: 100%; height: auto; font-size: 14px; }
        svg.bars { width: 105mm; }
        svg.radar { width: 62mm; }
        svg text { fill: #222; }
        rect.weight { fill: #dde3ea; stroke: #9aa7b4; stroke-width: 0.5; }
        rect.earned { fill: #2f6db3; }
        polygon.ring { fill: none; stroke: #ccc; stroke-width: 0.75; }
        line.spoke { stroke: #ccc; stroke-width: 0.75; }
        polygon.earned { fill: rgba(47, 109, 179, 0.3); stroke: #2f6db3; stroke-width: 1.5; }
        circle.dot { fill: #2f6db3; }
        tr.error td.status, tr.nonconformity td.level { color: #b00; font-weight: bold; }
        tr.manual td.status, tr.observation td.level { color: #a60; }
        tr.not_applicable td { color: #777; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9.5pt; }
          section.part, figure, tr { break-inside: avoid; }
          h2 { break-after: avoid; }
          thead { display: table-header-group; }
          th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
