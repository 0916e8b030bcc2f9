import Evidence
import Foundation
import Reports
import Signing

/// The second half of `rubric verify`: assesses the bundle again, with the
/// rubric, overlays and overrides given and the report's own as-of date and
/// `generated_at`, and compares the new JSON report with the one given, byte
/// for byte. A signed report is compared with the new report carrying the
/// same signature.
///
/// ```swift
/// let check = ReportReassessment(rubricDirectory: rubric, bundle: bundle, engineVersion: "0.1.0")
/// if let difference = try check.compare(reportJSON: text) { print(difference) }
/// ```
public struct ReportReassessment: Sendable {
    public var rubricDirectory: URL
    public var overlays: [URL]
    public var overrides: URL?
    public var bundle: URL
    /// The version of the engine that assesses again (the report names the one that assessed).
    public var engineVersion: String

    public init(rubricDirectory: URL, overlays: [URL] = [], overrides: URL? = nil, bundle: URL, engineVersion: String) {
        self.rubricDirectory = rubricDirectory
        self.overlays = overlays
        self.overrides = overrides
        self.bundle = bundle
        self.engineVersion = engineVersion
    }

    /// How the new report differs from `reportJSON`: nil when they are the same
    /// bytes. Throws ``RunFailure`` when the report does not say its as-of date
    /// and time, or when the inputs cannot be assessed.
    public func compare(reportJSON: String) throws(RunFailure) -> String? {
        let given: JSONTree
        do {
            given = try JSONTree(parsing: reportJSON)
        } catch {
            throw RunFailure("not a JSON report: \(error)")
        }
        guard let asOfText = given["as_of"]?.stringValue, let asOf = CalendarDate(iso: asOfText) else {
            throw RunFailure("the report has no as_of date (YYYY-MM-DD)")
        }
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime]
        guard let generatedText = given["generated_at"]?.stringValue, let generated = parser.date(from: generatedText)
        else {
            throw RunFailure("the report has no generated_at time (such as 2026-10-20T08:00:00Z)")
        }
        let preparation = try AssessmentPreparation(
            rubricDirectory: rubricDirectory, overlays: overlays, asOf: asOf, engineVersion: engineVersion,
            environment: ["SOURCE_DATE_EPOCH": String(Int(generated.timeIntervalSince1970))])
        var rerun = try AssessmentRun(preparation: preparation, bundle: bundle, overrides: overrides, format: .json)
            .run().report
        if let member = given[ReportSignature.memberKey], let signature = try? ReportSignature.parse(member) {
            rerun = signature.inserted(into: rerun)
        }
        if rerun == reportJSON { return nil }
        guard let fresh = try? JSONTree(parsing: rerun) else { return "the new report is not JSON" }
        if let difference = given.firstDifference(from: fresh) {
            return
                "the first difference is at \(difference.path): the report has \(JSONDifference.show(difference.left)), "
                + "the new assessment gives \(JSONDifference.show(difference.right))"
        }
        return "the values are the same but the bytes differ (the report was reformatted)"
    }
}
