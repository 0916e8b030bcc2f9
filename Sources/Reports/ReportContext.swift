import Engine
import Evidence
import Foundation
import Scheme
import Signing

/// What a report is made from: the loaded rubric, the bundle, the assessment
/// and the few facts about the run itself. ``ReportModel`` turns it into what
/// the reports show; reports are pure functions of it.
public struct ReportContext: Sendable {
    /// The rubric with its overlays, and their hashes.
    public var rubric: LoadedRubric
    /// The evidence bundle assessed.
    public var bundle: EvidenceBundle
    public var assessment: Assessment
    /// The date the assessment is made as of.
    public var asOf: CalendarDate
    /// When the report was made (see ``ReportContext/generatedAt(environment:now:)``).
    public var generatedAt: Date
    /// The version of the engine (the `rubric` tool) that assessed.
    public var engineVersion: String
    /// The language of labels and titles in the Markdown, HTML and table reports.
    public var language: ReportLanguage
    /// The SHA-256 of each leaf's rule file (read from the rubric when not given).
    public var ruleDigests: RuleDigests
    /// The certification body and audit team the deliverable names.
    public var deliverable = DeliverableDetails()
    /// The signature of the JSON report of the same assessment, which the HTML
    /// report and the deliverable show (`rubric assess --sign`); nil when unsigned.
    public var signature: ReportSignature?
    /// The files of the rubric's `lib/` and `calendar/` folders with their SHA-256
    /// (read from the rubric when not given).
    public var supportFiles: RubricSupportFiles
    /// The SHA-256 of the auditor's overrides file, when there was one.
    public var overridesSHA256: String?

    public init(
        rubric: LoadedRubric, bundle: EvidenceBundle, assessment: Assessment, asOf: CalendarDate? = nil,
        generatedAt: Date, engineVersion: String, language: ReportLanguage = .bilingual,
        ruleDigests: RuleDigests? = nil,
        supportFiles: RubricSupportFiles? = nil
    ) {
        self.ruleDigests = ruleDigests ?? RuleDigests(rubric)
        self.supportFiles = supportFiles ?? RubricSupportFiles(rubric)
        self.rubric = rubric
        self.bundle = bundle
        self.assessment = assessment
        self.asOf = asOf ?? bundle.manifest.assessment.asOf
        self.generatedAt = generatedAt
        self.engineVersion = engineVersion
        self.language = language
    }

    /// The time a report is generated at: `SOURCE_DATE_EPOCH` (whole seconds since
    /// 1970) when the environment sets it, so builds of a report can be
    /// reproduced byte for byte; otherwise `now`. Nil when the variable is set
    /// but is not a whole number of seconds.
    public static func generatedAt(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: Date = Date()
    ) -> Date? {
        guard let text = environment["SOURCE_DATE_EPOCH"] else { return now }
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `generatedAt` as `2026-10-20T08:00:00Z` (UTC, whole seconds).
    public var generatedAtText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: generatedAt)
    }

    /// The SHA-256 of the bundle's manifest file.
    public var manifestSHA256: String? {
        bundle.files.first { $0.role == .manifest }?.sha256
    }

    /// An exact fraction as text with at least two decimals: `0.75`, `0.90`, `1.00`, `0.125`.
    public static func fractionText(_ value: Decimal) -> String {
        var text = NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if !text.contains(".") { text += "." }
        let decimals = text.count - 1 - text.distance(from: text.startIndex, to: text.firstIndex(of: ".")!)
        if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        return text
    }
}
