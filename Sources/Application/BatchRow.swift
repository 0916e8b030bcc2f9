import Engine
import Reports
import Scoring

/// One bundle's line of a batch summary: what `rubric assess` would give for
/// that bundle alone, or why it could not be assessed.
public struct BatchRow: Sendable, Hashable {
    /// How one bundle's assessment ended.
    public enum Status: String, Sendable, Hashable {
        /// Every leaf has a judgement.
        case assessed
        /// Rule errors or manual leaves: points and grade are provisional.
        case incomplete
        /// The bundle could not be opened (or its report not written): no scores.
        case failed
    }

    /// The bundle as named on the command line (or its folder's path joined with its name).
    public var bundle: String
    /// The organization's name from the manifest; empty when it could not be read.
    public var organization: String
    public var status: Status
    /// Each part's points (`75.00`), in rubric order; empty when failed.
    public var partPoints: [String]
    /// The total (`75.00`); empty when failed.
    public var total: String
    /// The overall grade's id; empty without a grade.
    public var grade: String
    /// Why the bundle failed, or which leaves leave it incomplete; empty when assessed.
    public var error: String
    /// How many evidence problems of the bundle are warnings (missing files,
    /// unreadable documents, …: the report's "证据问题 Evidence problems"); 0 when failed.
    public var warnings: Int
    /// The bundle's JSON report, when the run keeps them (``BatchRun/keepsJSONReports``).
    public var jsonReport: String?
    /// Each leaf's fraction (`0.75`) by leaf id, or its status when it has none
    /// (`not_applicable`, `manual`, `error`); empty when failed.
    public var leafFractions: [String: String] = [:]
    /// The organization's credit code from the manifest; empty when it could not be read.
    public var creditCode = ""

    public init(
        bundle: String, organization: String, status: Status, partPoints: [String], total: String,
        grade: String, error: String, warnings: Int = 0
    ) {
        self.bundle = bundle
        self.organization = organization
        self.status = status
        self.partPoints = partPoints
        self.total = total
        self.grade = grade
        self.error = error
        self.warnings = warnings
    }

    /// A failed bundle's row.
    public static func failed(bundle: String, organization: String = "", error: String) -> BatchRow {
        BatchRow(
            bundle: bundle, organization: organization, status: .failed, partPoints: [], total: "", grade: "",
            error: error)
    }

    /// The row of an assessment; the error names the leaves that leave it
    /// incomplete; `warnings` counts the bundle's evidence problems that are not notes.
    public init(bundle: String, organization: String, assessment: Assessment, warnings: Int = 0) {
        let scorecard = assessment.scorecard
        var open: [String] = []
        let errors = assessment.leaves.filter { $0.status == .error && $0.override == nil }.map(\.id.rawValue)
        let manual = assessment.leaves.filter { $0.status == .manual && $0.override == nil }.map(\.id.rawValue)
        if !errors.isEmpty { open.append("rule errors: " + errors.joined(separator: ", ")) }
        if !manual.isEmpty { open.append("manual: " + manual.joined(separator: ", ")) }
        if scorecard.status == .incomplete && open.isEmpty { open.append("a part has nothing that applies") }
        self.init(
            bundle: bundle, organization: organization,
            status: scorecard.status == .complete ? .assessed : .incomplete,
            partPoints: scorecard.parts.map(\.points.description), total: scorecard.total.description,
            grade: scorecard.grade?.id ?? "", error: scorecard.status == .complete ? "" : open.joined(separator: "; "),
            warnings: warnings)
        leafFractions = Self.fractions(of: assessment)
    }

    /// Each leaf's fraction as the reports write it, or its status when it has none.
    static func fractions(of assessment: Assessment) -> [String: String] {
        Dictionary(
            assessment.leaves.map { leaf in
                (leaf.id.rawValue, leaf.fraction.map(ReportContext.fractionText) ?? leaf.status.rawValue)
            },
            uniquingKeysWith: { first, _ in first })
    }
}
