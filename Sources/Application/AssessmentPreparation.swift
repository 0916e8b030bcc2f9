import Diagnostics
import Engine
import Evidence
import Foundation
import Reports
import Scheme
import Scoring
import Signing

/// What `rubric assess` and `rubric batch` prepare alike before any bundle is
/// opened: the report's `generated_at` (from `SOURCE_DATE_EPOCH` when it is
/// set), the rubric and its overlays loaded and validated, and the assessor
/// with every rule and lib module compiled. It then makes each bundle's report
/// the same way for both commands.
///
/// ```swift
/// let preparation = try AssessmentPreparation(rubricDirectory: rubric, engineVersion: "0.1.0")
/// let bundle = try preparation.openBundle(url)
/// defer { bundle.close() }
/// let assessment = preparation.assessor.assess(bundle: bundle)
/// let bytes = try preparation.report(of: assessment, bundle: bundle, format: .json)
/// ```
public struct AssessmentPreparation: Sendable {
    /// The assessor of the loaded rubric (every rule compiled once).
    public let assessor: Assessor
    /// When the reports say they were made.
    public let generatedAt: Date
    /// The date the assessment is made as of; nil takes each bundle's own.
    public let asOf: CalendarDate?
    /// The language of the reports' labels and titles.
    public let language: ReportLanguage
    /// The version of the engine the reports name.
    public let engineVersion: String
    /// The SHA-256 of each leaf's rule file, read once for every report.
    public let ruleDigests: RuleDigests
    /// The certification body and audit team the deliverable names.
    public var deliverable = DeliverableDetails()
    /// Whether and how scanned pages and images are recognised (`--ocr`); nil leaves them to the auditor.
    public var ocr: OCRSettings?
    /// The files of the rubric's `lib/` and `calendar/` folders with their SHA-256, read once.
    public let supportFiles: RubricSupportFiles

    /// Reads `SOURCE_DATE_EPOCH` from `environment`, loads and validates the
    /// rubric in `rubricDirectory` with `overlays` (applied in order), and
    /// compiles its rules. Throws a ``RunFailure`` naming every error found.
    public init(
        rubricDirectory: URL, overlays: [URL] = [], asOf: CalendarDate? = nil,
        language: ReportLanguage = .bilingual, engineVersion: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RunFailure) {
        guard let generatedAt = ReportContext.generatedAt(environment: environment) else {
            throw RunFailure(
                "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970, got "
                    + "'\(environment["SOURCE_DATE_EPOCH"] ?? "")'")
        }
        let loaded: LoadedRubric
        do {
            loaded = try RubricLoader.load(directory: rubricDirectory, overlays: overlays)
        } catch let error as FindingsError {
            throw RunFailure(findings: error.findings)
        } catch {
            throw RunFailure("\(rubricDirectory.path): \(error)")
        }
        do throws(FindingsError) {
            assessor = try Assessor(rubric: loaded, asOf: asOf)
        } catch {
            throw RunFailure(findings: error.findings)
        }
        self.generatedAt = generatedAt
        self.asOf = asOf
        self.language = language
        self.engineVersion = engineVersion
        ruleDigests = RuleDigests(loaded)
        supportFiles = RubricSupportFiles(loaded)
    }

    /// The loaded rubric, with its overlays applied.
    public var loaded: LoadedRubric { assessor.loaded }

    /// The rubric's part ids, in order.
    public var partIDs: [String] { loaded.rubric.parts.map(\.id) }

    /// The ids of the rubric's overall grades, from the highest to the lowest.
    public var gradeIDs: [String] { loaded.rubric.overallGradeScale?.ascending.reversed().map(\.id) ?? [] }

    /// The grade `id` of the rubric's overall scale, as `--fail-under` names it.
    public func overallGrade(_ id: String) throws(RunFailure) -> Grade {
        let scale = loaded.rubric.overallGradeScale
        guard let grade = scale?.grades.first(where: { $0.id == id }) else {
            let known = scale?.ascending.map(\.id).joined(separator: ", ") ?? ""
            throw RunFailure("--fail-under \(id): the rubric's overall grades are \(known)")
        }
        return grade
    }

    /// How scans are recognised: `ocr` (`--ocr`) when set, else the default
    /// settings when the rubric's `scans` policy is `ocr`; nil leaves them to the auditor.
    public var recognition: OCRSettings? {
        if let ocr { return ocr }
        return loaded.rubric.policies.scans.setting == .ocr ? OCRSettings() : nil
    }

    /// Opens the bundle at `url` (a folder or a `.zip`) and checks its manifest.
    public func openBundle(_ url: URL) throws(RunFailure) -> EvidenceBundle {
        do throws(FindingsError) {
            guard let ocr = recognition else { return try assessor.openBundle(url) }
            var options = assessor.bundleOptions
            options.ocr = ocr
            return try EvidenceBundle.open(url, options: options)
        } catch {
            throw RunFailure(findings: error.findings)
        }
    }

    /// The report of `assessment` of `bundle` in `format` (ANSI colors only in
    /// the table, and only when `color`): UTF-8 text, or the bytes of a PDF or
    /// a workbook. The HTML report and the deliverable show `signature`;
    /// `overridesSHA256` is the digest of the overrides file, when there was one.
    /// Throws ``RunFailure`` when the PDF cannot be printed.
    public func report(
        of assessment: Assessment, bundle: EvidenceBundle, format: ReportFormat,
        color: Bool = false, signature: ReportSignature? = nil, overridesSHA256: String? = nil
    ) throws(RunFailure) -> Data {
        var context = ReportContext(
            rubric: loaded, bundle: bundle, assessment: assessment, asOf: asOf,
            generatedAt: generatedAt, engineVersion: engineVersion, language: language, ruleDigests: ruleDigests,
            supportFiles: supportFiles)
        context.deliverable = deliverable
        context.signature = signature
        context.overridesSHA256 = overridesSHA256
        switch format {
        case .json: return Data(JSONReport.render(context).utf8)
        case .markdown: return Data(MarkdownReport.render(context).utf8)
        case .table: return Data(TableReport.render(context, color: color).utf8)
        case .html: return Data(HTMLReport.render(context).utf8)
        case .deliverable: return Data(DeliverableReport.render(context).utf8)
        case .pdf:
            do throws(PDFPrinter.Failure) {
                return try PDFPrinter().print(html: DeliverableReport.render(context))
            } catch {
                throw RunFailure(error.description)
            }
        case .ncCSV: return Data(NonconformityRegister(context).csv.utf8)
        case .ncXLSX: return Data(NonconformityRegister(context).xlsx)
        case .junit: return Data(JUnitReport.render(context).utf8)
        case .oscal: return Data(OSCALReport.render(context).utf8)
        }
    }
}
