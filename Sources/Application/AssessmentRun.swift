import Diagnostics
import Engine
import Evidence
import Foundation
import Overrides
import Reports
import Scheme
import Scoring
import Signing

/// One run of `rubric assess`: with the rubric prepared, open the bundle,
/// check the overrides, assess, render the report and say how the run ends.
///
/// The command only parses its arguments into this value, prints and exits.
///
/// ```swift
/// let preparation = try AssessmentPreparation(rubricDirectory: rubric, engineVersion: "0.1.0")
/// let result = try AssessmentRun(preparation: preparation, bundle: bundle, format: .markdown).run()
/// print(result.report)
/// ```
public struct AssessmentRun: Sendable {
    /// What the run produced: the report, and how the run ends.
    public struct Result: Sendable {
        /// The report's bytes: UTF-8 text, or a PDF or workbook (``ReportFormat/isBinary``).
        public var data: Data
        public var outcome: RunOutcome
        /// The JSON report, when the format is JSON or ``wantsJSONReport`` is set (for the archive).
        public var jsonReport: String?

        /// The report as text (for the text formats).
        public var report: String { String(decoding: data, as: UTF8.self) }
    }

    /// The rubric, its assessor and what every report says.
    public var preparation: AssessmentPreparation
    public var bundle: URL
    /// A file of auditor overrides, validated before any rule runs.
    public var overrides: URL?
    public var format: ReportFormat
    /// Whether the table report may use ANSI colors (the command decides: a TTY and no `NO_COLOR`).
    public var color: Bool = false
    /// The id of a grade of the rubric's overall scale; a lower grade ends the run with ``RunOutcome/gradeTooLow``.
    public var failUnder: String?
    /// Whether the result also carries the JSON report whatever the format (`--archive` needs it).
    public var wantsJSONReport = false
    /// The key that signs the JSON report (`--sign`); the HTML report and the
    /// deliverable (HTML or PDF) then show the signature. Other formats carry none
    /// and are refused.
    public var signingKey: SigningKey?
    /// The formats a signature goes with.
    public static let signedFormats: [ReportFormat] = [.json, .html, .deliverable, .pdf]

    public init(
        preparation: AssessmentPreparation, bundle: URL, overrides: URL? = nil, format: ReportFormat = .json,
        failUnder: String? = nil
    ) {
        self.preparation = preparation
        self.bundle = bundle
        self.overrides = overrides
        self.format = format
        self.failUnder = failUnder
    }

    /// Runs the assessment. Throws ``RunFailure`` for bad input.
    public func run() throws(RunFailure) -> Result {
        if signingKey != nil, !Self.signedFormats.contains(format) {
            throw RunFailure(
                "--sign: the \(format.rawValue) report carries no signature; sign the json (or html) report")
        }
        var threshold: Grade?
        if let failUnder {
            threshold = try preparation.overallGrade(failUnder)
        }
        let evidence = try preparation.openBundle(bundle)
        defer { evidence.close() }
        var overrideSet = OverrideSet.empty
        var overridesSHA256: String?
        if let overrides {
            overridesSHA256 = (try? Data(contentsOf: overrides)).map(RubricLoader.sha256(of:))
            do throws(FindingsError) {
                overrideSet = try OverrideSet.load(
                    contentsOf: overrides, rubric: preparation.loaded,
                    asOf: preparation.asOf ?? evidence.manifest.assessment.asOf)
            } catch {
                throw RunFailure(findings: error.findings)
            }
        }
        let assessment = preparation.assessor.assess(bundle: evidence, overrides: overrideSet)
        if let signingKey {
            let unsigned = String(
                decoding: try preparation.report(
                    of: assessment, bundle: evidence, format: .json, overridesSHA256: overridesSHA256),
                as: UTF8.self)
            let signature: ReportSignature
            do throws(SigningError) {
                signature = try ReportSignature.sign(reportJSON: unsigned, with: signingKey)
            } catch {
                throw RunFailure("--sign: \(error)")
            }
            let json = signature.inserted(into: unsigned)
            let report =
                format == .json
                ? Data(json.utf8)
                : try preparation.report(
                    of: assessment, bundle: evidence, format: format, signature: signature,
                    overridesSHA256: overridesSHA256)
            return Result(
                data: report, outcome: Self.outcome(of: assessment.scorecard, threshold: threshold), jsonReport: json)
        }
        let report = try preparation.report(
            of: assessment, bundle: evidence, format: format, color: color, overridesSHA256: overridesSHA256)
        var json: String?
        if format == .json {
            json = String(decoding: report, as: UTF8.self)
        } else if wantsJSONReport {
            json = String(
                decoding: try preparation.report(
                    of: assessment, bundle: evidence, format: .json, overridesSHA256: overridesSHA256),
                as: UTF8.self)
        }
        return Result(
            data: report, outcome: Self.outcome(of: assessment.scorecard, threshold: threshold), jsonReport: json)
    }

    /// Incomplete first (its grade is provisional), then the threshold.
    static func outcome(of scorecard: Scorecard, threshold: Grade?) -> RunOutcome {
        if scorecard.status == .incomplete { return .incomplete }
        if let threshold {
            guard let grade = scorecard.grade, grade.range.lower >= threshold.range.lower else { return .gradeTooLow }
        }
        return .assessed
    }
}
