import Evidence
import Scoring

/// The non-conformity register (`--format nc-csv`, `--format nc-xlsx`): one
/// row per non-conformity, with its part, leaf, clause, finding, evidence and
/// severity, whether the auditor overrode the leaf, and an empty closure
/// deadline for the certification body's register.
///
/// Severity: 严重 major when the leaf misses one of its clause's critical
/// demands (the important areas of Appendix C, which cap the leaf), else 一般
/// minor. Labels and messages follow the report's language.
public struct NonconformityRegister: Sendable {
    /// The column titles, in the report's language.
    public var header: [String]
    /// One row per non-conformity, leaf by leaf in document order; as many cells as ``header``.
    public var rows: [[String]]

    /// The register of `report`.
    public init(_ report: ReportModel) {
        let labels = Labels(language: report.language)
        header = [
            labels.text("序号", "No."), labels.text("部分", "Part"), labels.text("指标", "Leaf"),
            labels.text("名称", "Title"), labels.text("条款", "Clause"), labels.text("不符合事实", "Finding"),
            labels.text("证据", "Evidence"), labels.text("严重程度", "Severity"),
            labels.text("审核员调整", "Overridden"), labels.text("关闭期限", "Closure deadline"),
        ]
        var rows: [[String]] = []
        for leaf in report.leaves {
            let major = leaf.result.critical.contains { $0.isMissed }
            for finding in leaf.result.findings where finding.level == .nonconformity {
                rows.append([
                    String(rows.count + 1), leaf.partID, leaf.id.rawValue, report.language.pick(leaf.title),
                    leaf.clause ?? "", report.language.message(finding.message),
                    report.evidenceIndex.citations(finding.references, labels),
                    major ? labels.text("严重", "major") : labels.text("一般", "minor"),
                    leaf.override == nil ? "" : labels.text("是", "yes"), "",
                ])
            }
        }
        self.rows = rows
    }

    /// The register of `context`.
    public init(_ context: ReportContext) {
        self.init(ReportModel(context))
    }

    /// The register as CSV: RFC 4180 fields (quoted when they hold a comma,
    /// a quote or a line break), UTF-8 without a byte-order mark, lines ending
    /// in LF, as the batch summary writes it.
    public var csv: String {
        ([header] + rows).map { fields in
            fields.map { field in
                guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                else {
                    return field
                }
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + "\n"
        }.joined()
    }

    /// The register as an Excel workbook (`.xlsx`) of one sheet, the header row frozen.
    public var xlsx: [UInt8] {
        XLSXWorkbook(
            sheetName: "NC", header: header, rows: rows,
            columnWidths: [6, 6, 8, 24, 40, 60, 48, 10, 10, 14]
        ).bytes
    }
}
