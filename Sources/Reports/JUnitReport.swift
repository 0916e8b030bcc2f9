import Evidence
import JUnitXML
import Scheme
import Scoring

/// The assessment as JUnit XML for CI systems (`rubric assess --format junit`),
/// written by ``JUnitXMLWriter`` as `rubric test`'s results are: a
/// `<testsuite>` per part, a `<testcase>` per leaf, a `<failure>` per
/// non-conformity found, an `<error>` when the leaf's rule failed, and
/// `<skipped>` for a leaf that does not apply or is left to the auditor.
///
/// Times are 0: a report depends on nothing but its inputs.
public enum JUnitReport {
    /// The report of `context` as JUnit XML, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        render(ReportModel(context))
    }

    /// The report as JUnit XML, ending with a newline.
    public static func render(_ report: ReportModel) -> String {
        let language = report.language
        let scheme = report.facts.scheme.id
        let suites = report.parts.map { part in
            JUnitXMLWriter.Suite(
                name: "\(scheme) \(part.score.id) \(language.pick(part.score.title))",
                cases: part.leaves.map { testCase($0, scheme: scheme, language: language, evidence: report.evidence) })
        }
        return JUnitXMLWriter.render(name: "rubric assess \(scheme)", suites: suites)
    }

    static func testCase(
        _ leaf: ReportModel.Leaf, scheme: String, language: ReportLanguage, evidence files: [BundleFile]
    ) -> JUnitXMLWriter.Case {
        let result = leaf.result
        var testCase = JUnitXMLWriter.Case(
            className: "\(scheme).\(leaf.partID)", name: "\(leaf.id.rawValue) \(language.pick(leaf.title))",
            file: leaf.ruleFile?.path)
        let value = valueText(leaf)
        testCase.failures = result.findings.filter { $0.level == .nonconformity }.map { finding in
            let evidence = finding.references.map { citation($0, files: files) }.joined(separator: ", ")
            var lines = [finding.message]
            if !evidence.isEmpty { lines.append(language.pick(zh: "证据", en: "Evidence") + ": " + evidence) }
            lines.append(value)
            return JUnitXMLWriter.Problem(
                message: finding.message, type: "nonconformity", text: lines.joined(separator: "\n"))
        }
        if let error = result.error {
            testCase.errors = [
                JUnitXMLWriter.Problem(
                    message: "\(error.kind): \(error.message)", type: error.kind, text: error.description)
            ]
        }
        switch result.status {
        case .notApplicable:
            testCase.skipped = language.pick(zh: "不适用", en: "not applicable")
        case .manual:
            let reason = result.reason ?? ""
            testCase.skipped =
                language.pick(zh: "留待审核员判断", en: "left to the auditor") + (reason.isEmpty ? "" : ": \(reason)")
        case .scored, .error:
            break
        }
        return testCase
    }

    /// `D01 (docs/plan.md)`, `tickets#12 (records/tickets.csv)`: the reference and its file.
    static func citation(_ reference: EvidenceReference, files: [BundleFile]) -> String {
        let (name, file): (String, BundleFile?)
        switch reference {
        case .document(let id):
            name = id
            file = files.first { $0.role == .document(id: id) }
        case .record(let table, let row):
            name = row.map { "\(table)#\($0)" } ?? table
            file = files.first { $0.role == .records(name: table) }
        }
        return file.map { "\(name) (\($0.path))" } ?? name
    }

    /// `points 6.00 / 12.00, band band_40_60` and whether an auditor overrode it.
    static func valueText(_ leaf: ReportModel.Leaf) -> String {
        let result = leaf.result
        var text = "points \(result.points?.description ?? "-") / \(leaf.weight)"
        if let band = result.band { text += ", band \(band.id)" }
        if leaf.override != nil { text += " (overridden by the auditor)" }
        return text
    }
}
