import Evidence
import Foundation
import Scheme
import Scoring

/// The deliverable: the report handed to the organization and filed by the
/// certification body, as one self-contained HTML page that prints on A4
/// (`--format deliverable`; `--format pdf` prints it with Chromium).
///
/// A cover (organization, scheme, audit period, as-of date, grade, part
/// points, certification body and audit team); the non-conformities first,
/// grouped by part and leaf, each citing its evidence by document title and
/// file or by table and row; the observations; one line per leaf; the rule
/// errors and the leaves left to the auditor; the overrides with both values
/// and the auditor's reason; the evidence problems; an index of every
/// document and table with its SHA-256; and a sign-off block. No forced page
/// break, so no page is left empty. Labels, titles and finding messages are in
/// the report's language.
public enum DeliverableReport {
    /// The deliverable of `context`, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        render(ReportModel(context))
    }

    /// The deliverable as an HTML document, ending with a newline.
    public static func render(_ report: ReportModel) -> String {
        let labels = Labels(language: report.language)
        var html = head(report, labels)
        html += cover(report, labels)
        html += nonconformities(report, labels)
        html += observations(report, labels)
        html += leafLines(report, labels)
        html += openLeaves(report, labels)
        html += overrides(report, labels)
        html += EvidenceProblemsSection.html(report, labels)
        html += evidenceIndex(report, labels)
        html += signOff(report, labels)
        html += HTMLReport.signatureSection(report.signature, labels: labels)
        html += ["</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }

    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// The report's title: `评估报告 Assessment report: <scheme>`.
    static func title(_ report: ReportModel, _ labels: Labels) -> String {
        "\(labels.text("评估报告", "Assessment report")): \(report.language.pick(report.facts.scheme.title))"
    }

    /// The document's head, with the style sheet.
    static func head(_ report: ReportModel, _ labels: Labels) -> [String] {
        HTMLText.documentHead(title: title(report, labels), language: report.language, style: style)
    }

    /// The grade as the cover shows it: the grade's label, or why there is none.
    static func gradeText(_ report: ReportModel, _ labels: Labels) -> String {
        let scorecard = report.scorecard
        let mark = EvidenceProblemsSection.provisionalMark(report, labels)
        if let grade = scorecard.grade { return report.language.pick(grade.label) + mark }
        if scorecard.status == .incomplete {
            return labels.text("暂不评级（评估未完成）", "Not graded yet (assessment incomplete)")
        }
        return labels.text("不予评级", "No grade awarded") + mark
    }

    /// The first page: who was assessed, against what, by whom, and the result.
    static func cover(_ report: ReportModel, _ labels: Labels) -> [String] {
        let facts = report.facts
        let language = report.language
        let scorecard = report.scorecard
        let period = facts.assessment.auditPeriod
        var html = [
            "<header class=\"cover\">",
            "<h1>\(e(title(report, labels)))</h1>",
            "<p class=\"organization\">\(e(facts.organization.name))</p>",
            "<table class=\"facts\">",
        ]
        func fact(_ zh: String, _ en: String, _ value: String, code: Bool = false) {
            let shown = code ? "<code>\(e(value))</code>" : e(value)
            html.append("<tr><th>\(e(labels.text(zh, en)))</th><td>\(shown)</td></tr>")
        }
        fact("统一社会信用代码", "Credit code", facts.organization.creditCode)
        fact("评价标准", "Scheme", "\(language.pick(facts.scheme.title)) (\(facts.scheme.id) \(facts.scheme.version))")
        fact("审核类型", "Assessment type", assessmentType(facts.assessment.type, labels))
        fact("审核期", "Audit period", "\(period.from) – \(period.to)")
        fact("评价基准日", "As of", facts.asOf.description)
        fact("认证机构", "Certification body", report.deliverable.certificationBody ?? "")
        fact("审核组", "Audit team", report.deliverable.auditTeam.joined(separator: ", "))
        fact("生成时间", "Generated at", "\(facts.generatedAt) (rubric \(facts.engineVersion))")
        fact("评分标准 SHA-256", "Rubric SHA-256", facts.rubricSHA256, code: true)
        fact("证据包清单 SHA-256", "Manifest SHA-256", facts.manifestSHA256 ?? "-", code: true)
        html.append("</table>")
        html.append("<div class=\"result \(scorecard.status.rawValue)\">")
        html.append(
            "<p class=\"grade\"><span>\(e(labels.text("等级", "Grade")))</span> "
                + "<strong>\(e(gradeText(report, labels)))</strong></p>")
        html.append(
            "<p>\(e(labels.text("总分", "Total"))): <strong>\(scorecard.total) / \(scorecard.maximum)</strong>; "
                + "\(e(labels.text("状态", "Status"))): \(e(labels.status(scorecard.status)))</p>")
        for note in scorecard.policyNotes {
            html.append("<p class=\"note\">\(e(language.alongside(note.text)))</p>")
        }
        html.append("</div>")
        html += partTable(report, labels)
        html += summaryCounts(report, labels)
        html.append("</header>")
        return html
    }

    /// `初次认证 Initial certification`, `监督审核 Surveillance audit`, `再认证 Recertification`.
    static func assessmentType(_ type: BundleManifest.AssessmentType, _ labels: Labels) -> String {
        switch type {
        case .initial: labels.text("初次认证", "Initial certification")
        case .surveillance: labels.text("监督审核", "Surveillance audit")
        case .recertification: labels.text("再认证", "Recertification")
        }
    }

    /// The points and grade of every part.
    static func partTable(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = [
            "<table class=\"parts\"><thead><tr><th>\(e(labels.text("部分", "Part")))</th>"
                + "<th class=\"num\">\(e(labels.text("得分", "Points")))</th>"
                + "<th>\(e(labels.text("等级", "Grade")))</th></tr></thead><tbody>"
        ]
        for part in report.parts.map(\.score) {
            let grade = part.grade.map { report.language.pick($0.label) } ?? "-"
            html.append(
                "<tr><td>\(e(part.id)) \(e(report.language.pick(part.title)))</td>"
                    + "<td class=\"num\">\(part.points) / \(part.maximum)</td><td>\(e(grade))</td></tr>")
        }
        html.append("</tbody></table>")
        return html
    }

    /// How many non-conformities, observations, overrides and evidence problems the report holds.
    static func summaryCounts(_ report: ReportModel, _ labels: Labels) -> [String] {
        let findings = report.findings.map(\.finding.level)
        let counts = [
            (labels.text("不符合项", "Non-conformities"), findings.filter { $0 == .nonconformity }.count),
            (labels.text("观察项", "Observations"), findings.filter { $0 == .observation }.count),
            (labels.text("审核员调整", "Overrides"), report.overrides.count),
            (labels.text("证据问题", "Evidence problems"), report.evidenceWarningCount),
        ]
        return [
            "<p class=\"counts\">" + counts.map { "\(e($0.0)): <strong>\($0.1)</strong>" }.joined(separator: " · ")
                + "</p>"
        ]
    }

    /// `2025年度管理评审报告 (docs/A02.docx); 工单台账 (records/tickets.csv), row 12`.
    static func citations(_ finding: AuditFinding, _ report: ReportModel, _ labels: Labels) -> String {
        report.evidenceIndex.citations(finding.references, labels)
    }

    /// The non-conformities, grouped by part and leaf in document order; a
    /// leaf the auditor overrode is marked, and so is each of its findings.
    static func nonconformities(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = [
            "<section class=\"findings nonconformity\">",
            "<h2>\(e(labels.text("不符合项", "Non-conformities")))</h2>",
        ]
        var any = false
        for part in report.parts {
            let leaves = part.leaves.filter { leaf in leaf.result.findings.contains { $0.level == .nonconformity } }
            guard !leaves.isEmpty else { continue }
            any = true
            html.append("<h3>\(e(part.score.id)) \(e(report.language.pick(part.score.title)))</h3>")
            for leaf in leaves {
                html += leafNonconformities(leaf, report, labels)
            }
        }
        if !any { html.append("<p>\(e(labels.text("无。", "None.")))</p>") }
        html.append("</section>")
        return html
    }

    /// `审核员已调整 overridden by the auditor`, marked, after a leaf the auditor overrode; else empty.
    static func overriddenMark(_ leaf: ReportModel.Leaf, _ labels: Labels) -> String {
        guard leaf.override != nil else { return "" }
        return " <span class=\"overridden\">\(e(labels.text("审核员已调整", "overridden by the auditor")))</span>"
    }

    /// One leaf's non-conformities, under the leaf's id, title and points.
    static func leafNonconformities(_ leaf: ReportModel.Leaf, _ report: ReportModel, _ labels: Labels) -> [String] {
        let points = "\(leaf.result.points.map(\.description) ?? "-") / \(leaf.weight)"
        var html = [
            "<div class=\"leaf\">",
            "<h4>\(e(leaf.id.rawValue)) \(e(report.language.pick(leaf.title))) "
                + "<span class=\"points\">\(e(points))</span>\(overriddenMark(leaf, labels))</h4>",
            "<ul>",
        ]
        let marked = leaf.override != nil ? " class=\"overridden\"" : ""
        for finding in leaf.result.findings where finding.level == .nonconformity {
            var item = "<li\(marked)>\(e(report.language.message(finding.message)))"
            if !finding.references.isEmpty {
                item +=
                    "<br><span class=\"cite\">\(e(labels.text("证据", "Evidence"))): "
                    + "\(e(citations(finding, report, labels)))</span>"
            }
            html.append(item + "</li>")
        }
        html += ["</ul>", "</div>"]
        return html
    }

    /// The observations, one row each, grouped by part in document order.
    static func observations(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = [
            "<section class=\"findings observation\">", "<h2>\(e(labels.text("观察项", "Observations")))</h2>",
        ]
        var any = false
        for part in report.parts {
            let leaves = part.leaves.filter { leaf in leaf.result.findings.contains { $0.level == .observation } }
            guard !leaves.isEmpty else { continue }
            any = true
            html.append("<h3>\(e(part.score.id)) \(e(report.language.pick(part.score.title)))</h3>")
            html.append(
                "<table class=\"observations\"><thead><tr><th>\(e(labels.text("指标", "Leaf")))</th>"
                    + "<th>\(e(labels.text("观察项", "Observation")))</th>"
                    + "<th>\(e(labels.text("证据", "Evidence")))</th></tr></thead><tbody>")
            for leaf in leaves {
                for finding in leaf.result.findings where finding.level == .observation {
                    html.append(
                        "<tr\(leaf.override != nil ? " class=\"overridden\"" : "")><td>\(e(leaf.id.rawValue))"
                            + "\(overriddenMark(leaf, labels))</td>"
                            + "<td>\(e(report.language.message(finding.message)))</td>"
                            + "<td class=\"cite\">\(e(citations(finding, report, labels)))</td></tr>")
                }
            }
            html.append("</tbody></table>")
        }
        if !any { html.append("<p>\(e(labels.text("无。", "None.")))</p>") }
        html.append("</section>")
        return html
    }

    /// One line per leaf: points, band, status and how its findings stand.
    static func leafLines(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = [
            "<section class=\"leaf-lines\">",
            "<h2>\(e(labels.text("各指标结果", "Results by leaf")))</h2>",
            "<table class=\"leaves\"><thead><tr><th>\(e(labels.text("编号", "ID")))</th>"
                + "<th>\(e(labels.text("名称", "Title")))</th>"
                + "<th class=\"num\">\(e(labels.text("得分 / 权重", "Points / weight")))</th>"
                + "<th>\(e(labels.text("档次", "Band")))</th><th>\(e(labels.text("结论", "Conclusion")))</th></tr></thead>",
            "<tbody>",
        ]
        for leaf in report.leaves {
            let row = LeafRowText(leaf, language: report.language, labels: labels)
            html.append(
                "<tr class=\"\(leaf.result.status.rawValue)\"><td>\(e(leaf.id.rawValue))</td><td>\(e(row.title))</td>"
                    + "<td class=\"num\">\(e(row.points))</td><td>\(e(row.band))</td>"
                    + "<td>\(e(conclusion(leaf, labels)))</td></tr>")
        }
        html.append("</tbody></table></section>")
        return html
    }

    /// `符合 Conforms (3)`, `不符合 Non-conformity 2 · 观察项 Observation 1`, or the leaf's status when it has no findings.
    static func conclusion(_ leaf: ReportModel.Leaf, _ labels: Labels) -> String {
        let levels = leaf.result.findings.map(\.level)
        let nonconformities = levels.filter { $0 == .nonconformity }.count
        let observations = levels.filter { $0 == .observation }.count
        var parts: [String] = []
        if nonconformities > 0 { parts.append("\(labels.level(.nonconformity)) \(nonconformities)") }
        if observations > 0 { parts.append("\(labels.level(.observation)) \(observations)") }
        if parts.isEmpty {
            parts.append(levels.isEmpty ? labels.status(leaf.result.status) : "\(labels.level(.ok)) (\(levels.count))")
        }
        if leaf.override != nil { parts.append(labels.text("审核员已调整", "overridden by the auditor")) }
        return parts.joined(separator: " · ")
    }

    /// The rules that failed and the leaves left to the auditor.
    static func openLeaves(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.ruleFailures.isEmpty || !report.manualLeaves.isEmpty else { return [] }
        var html = [
            "<section class=\"open\">",
            "<h2>\(e(labels.text("规则错误与待人工评估", "Rule errors and leaves left to the auditor")))</h2>",
            "<ul>",
        ]
        let overridden = " (\(labels.text("已由审核员调整", "overridden by the auditor")))"
        for failure in report.ruleFailures {
            html.append(
                "<li><strong>\(e(failure.leaf.rawValue))</strong> \(e(labels.status(LeafResult.Status.error))): "
                    + "\(e(failure.error.description))\(failure.isOverridden ? e(overridden) : "")</li>")
        }
        for manual in report.manualLeaves {
            html.append(
                "<li><strong>\(e(manual.leaf.rawValue))</strong> \(e(labels.status(LeafResult.Status.manual))): "
                    + "\(e(manual.reason))\(manual.isOverridden ? e(overridden) : "")</li>")
        }
        html.append("</ul></section>")
        return html
    }

    /// A fraction as an exact decimal of at most four places: `0.8181`, `0.90`.
    static func fractionText(_ fraction: Decimal) -> String {
        var input = fraction
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 4, .plain)
        return ReportContext.fractionText(rounded)
    }

    /// The rule's own value of a leaf: its fraction and points when scored, else its status.
    static func ruleValue(_ rule: LeafResult.RuleValue, _ labels: Labels) -> String {
        guard rule.status == .scored, let fraction = rule.fraction else { return labels.status(rule.status) }
        return "\(fractionText(fraction)) (\(rule.points.map(\.description) ?? "-"))"
    }

    /// The auditor's value: the fraction or band the overrides file gives, with the points it counts for.
    static func overrideValue(_ override: LeafOverride, points: Points?, _ labels: Labels) -> String {
        let counted = points.map(\.description) ?? "-"
        switch override.setting {
        case .fraction(let fraction):
            return "\(fractionText(fraction)) (\(counted))"
        case .band(let id, let fraction):
            return "\(labels.text("档次", "band")) \(id) = \(fractionText(fraction)) (\(counted))"
        case .notApplicable:
            return labels.status(LeafResult.Status.notApplicable)
        }
    }

    /// Every auditor override, in the order of the overrides file: both values and the reason.
    static func overrides(_ report: ReportModel, _ labels: Labels) -> [String] {
        guard !report.overrides.isEmpty else { return [] }
        var html = [
            "<section class=\"overrides\">",
            "<h2>\(e(labels.text("审核员调整", "Auditor overrides")))</h2>",
            "<table><thead><tr><th>\(e(labels.text("编号", "ID")))</th><th>\(e(labels.rule))</th>"
                + "<th>\(e(labels.auditor))</th><th>\(e(labels.text("理由", "Reason")))</th>"
                + "<th>\(e(labels.text("审核员 / 日期", "Auditor / date")))</th>"
                + "<th>\(e(labels.text("有效期至", "Expires")))</th></tr></thead><tbody>",
        ]
        for entry in report.overrides {
            let override = entry.override
            html.append(
                "<tr><td>\(e(override.leaf.rawValue))</td>"
                    + "<td>\(e(ruleValue(entry.leaf.result.rule, labels)))</td>"
                    + "<td>\(e(overrideValue(override, points: entry.leaf.result.points, labels)))</td>"
                    + "<td>\(e(override.justification))</td>"
                    + "<td>\(e(override.auditor)), \(e(override.date.description))</td>"
                    + "<td>\(e(override.expires?.description ?? labels.text("无", "none")))</td></tr>")
        }
        html.append("</tbody></table></section>")
        return html
    }

    /// Every document and record table of the bundle with its file and SHA-256.
    static func evidenceIndex(_ report: ReportModel, _ labels: Labels) -> [String] {
        var html = [
            "<section class=\"evidence-index\">",
            "<h2>\(e(labels.text("证据索引", "Evidence index")))</h2>",
            "<table class=\"index\"><thead><tr><th>\(e(labels.text("编号", "ID")))</th>"
                + "<th>\(e(labels.text("标题 / 文件", "Title / file")))</th>"
                + "<th>SHA-256</th></tr></thead><tbody>",
        ]
        for entry in report.evidenceIndex.entries {
            let fileName = entry.path.split(separator: "/").last.map(String.init) ?? entry.path
            let title = entry.title.isEmpty || fileName.contains(entry.title) ? "" : "\(e(entry.title)) "
            let digest = entry.sha256 ?? labels.text("文件缺失", "file missing")
            html.append(
                "<tr><td>\(e(entry.id))</td><td>\(title)<span class=\"file\">\(e(entry.path))</span></td>"
                    + "<td><code class=\"digest\">\(e(digest))</code></td></tr>")
        }
        html.append("</tbody></table></section>")
        return html
    }

    /// The lines the audit team and the certification body sign.
    static func signOff(_ report: ReportModel, _ labels: Labels) -> [String] {
        let team = report.deliverable.auditTeam
        var html = [
            "<section class=\"sign-off\">",
            "<h2>\(e(labels.text("签署", "Sign-off")))</h2>",
            "<table><thead><tr><th>\(e(labels.text("角色", "Role")))</th><th>\(e(labels.text("姓名", "Name")))</th>"
                + "<th>\(e(labels.text("签字", "Signature")))</th><th>\(e(labels.text("日期", "Date")))</th></tr></thead>"
                + "<tbody>",
        ]
        func line(_ role: String, _ name: String) {
            html.append(
                "<tr><td>\(e(role))</td><td>\(e(name))</td><td class=\"blank\"></td><td class=\"blank\"></td></tr>")
        }
        line(labels.text("审核组长", "Lead auditor"), team.first ?? "")
        for member in team.dropFirst() {
            line(labels.text("审核员", "Auditor"), member)
        }
        if team.count < 2 { line(labels.text("审核员", "Auditor"), "") }
        line(labels.text("认证机构（盖章）", "Certification body (seal)"), report.deliverable.certificationBody ?? "")
        html.append("</tbody></table></section>")
        return html
    }

    /// The inline style sheet: A4, no forced page break, digests that wrap only between characters of their own.
    static let style = """
        @page { size: A4; margin: 14mm 14mm 16mm; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC",
               "Microsoft YaHei", sans-serif; font-size: 9pt; line-height: 1.35; color: #111; margin: 0 auto;
               max-width: 182mm; }
        h1 { font-size: 16pt; margin: 0 0 2pt; }
        h2 { font-size: 12pt; margin: 12pt 0 4pt; border-bottom: 1px solid #999; padding-bottom: 1pt; }
        h3 { font-size: 10.5pt; margin: 8pt 0 2pt; }
        h4 { font-size: 9pt; margin: 5pt 0 1pt; }
        h2, h3, h4 { break-after: avoid; }
        p { margin: 3pt 0; }
        table { border-collapse: collapse; width: 100%; margin: 3pt 0 6pt; }
        th, td { border: 0.5pt solid #bbb; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
        th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        thead { display: table-header-group; }
        tr, .leaf li, .sign-off { break-inside: avoid; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; overflow-wrap: anywhere; word-break: break-all; }
        .organization { font-size: 13pt; font-weight: bold; margin: 0 0 6pt; }
        table.facts th { width: 28%; }
        .result { border: 1pt solid #2f6db3; padding: 3pt 8pt; margin: 6pt 0; }
        .result.incomplete { border-color: #a60; }
        .grade { font-size: 12pt; }
        .grade strong { font-size: 16pt; }
        .note { font-size: 8.5pt; color: #333; }
        .counts { margin: 4pt 0 0; }
        .leaf ul { margin: 0 0 3pt; padding-left: 14pt; }
        .points { font-weight: normal; color: #444; margin-left: 4pt; }
        .overridden { color: #a60; }
        span.overridden { font-weight: normal; font-size: 8pt; border: 0.5pt solid #a60; padding: 0 2pt; }
        li.overridden { text-decoration: none; color: #555; }
        .cite { font-size: 8pt; color: #333; }
        table.observations, table.leaves { font-size: 8pt; line-height: 1.25; }
        table.observations td, table.leaves td { padding: 1pt 3pt; }
        table.observations td:first-child { white-space: nowrap; width: 8%; }
        table.observations td.cite { width: 36%; font-size: 7.5pt; }
        tr.overridden td { color: #555; }
        table.leaves td:first-child { white-space: nowrap; }
        table.leaves td:nth-child(4) { white-space: nowrap; }
        tr.error td, tr.manual td { color: #a60; }
        tr.not_applicable td { color: #777; }
        table.index { font-size: 7pt; line-height: 1.2; table-layout: fixed; }
        table.index td { padding: 0.5pt 3pt; }
        table.index th:first-child { width: 8%; }
        table.index th:last-child { width: 52%; }
        table.index .file { color: #444; overflow-wrap: anywhere; }
        code.digest { font-size: 6pt; }
        .sign-off td { height: 22pt; }
        .sign-off td.blank { width: 28%; }
        .evidence-problems li { font-size: 8pt; }

        """
}
