import Evidence
import Scheme
import Scoring

/// The fixed labels of the Markdown, HTML and table reports.
struct Labels {
    var language: ReportLanguage

    /// `中文 English` in bilingual reports, `中文` in Chinese ones, `English` in English ones.
    func text(_ zh: String, _ en: String) -> String {
        switch language {
        case .bilingual: "\(zh) \(en)"
        case .zh: zh
        case .en: en
        }
    }

    func status(_ status: Scorecard.Status) -> String {
        switch status {
        case .complete: text("完成", "Complete")
        case .incomplete: text("未完成", "Incomplete")
        }
    }

    func status(_ status: LeafResult.Status) -> String {
        switch status {
        case .scored: text("已评分", "Scored")
        case .notApplicable: text("不适用", "Not applicable")
        case .manual: text("待人工", "Manual")
        case .error: text("错误", "Error")
        }
    }

    var rule: String { text("规则", "Rule") }
    var auditor: String { text("审核员", "Auditor") }

    /// The rule's own value of a leaf: its fraction and points when scored, else its status.
    func ruleValue(_ rule: LeafResult.RuleValue) -> String {
        guard rule.status == .scored, let fraction = rule.fraction else { return status(rule.status) }
        return "\(ReportContext.fractionText(fraction)) (\(rule.points.map(\.description) ?? "-"))"
    }

    /// The auditor's value as the overrides file gave it, with the points it counts for.
    func overrideValue(_ override: LeafOverride, points: Points?) -> String {
        switch override.setting {
        case .fraction(let fraction):
            "\(ReportContext.fractionText(fraction)) (\(points.map(\.description) ?? "-"))"
        case .band(let id, let fraction):
            "\(text("档次", "band")) \(id) = \(ReportContext.fractionText(fraction)) (\(points.map(\.description) ?? "-"))"
        case .notApplicable:
            status(LeafResult.Status.notApplicable)
        }
    }

    func level(_ level: AuditFinding.Level) -> String {
        switch level {
        case .nonconformity: text("不符合", "Non-conformity")
        case .observation: text("观察项", "Observation")
        case .ok: text("符合", "Conforms")
        }
    }
}
