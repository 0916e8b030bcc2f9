import Evidence
import Scoring

/// The fixed labels of the Markdown and table reports.
struct Labels {
    var language: ReportLanguage

    /// `中文 English` in Chinese reports, `English` in English ones.
    func text(_ zh: String, _ en: String) -> String {
        language == .zh ? "\(zh) \(en)" : en
    }

    func status(_ status: Scorecard.Status) -> String {
        switch status {
        case .complete: text("完成", "Complete")
        case .incomplete: text("未完成", "Incomplete")
        }
    }

    func status(_ status: LeafScore.Status) -> String {
        switch status {
        case .scored: text("已评分", "Scored")
        case .notApplicable: text("不适用", "Not applicable")
        case .manual: text("待人工", "Manual")
        case .error: text("错误", "Error")
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
