import Diagnostics
import Engine
import Evidence
import Foundation
import Reports
import Scheme
import Scoring

/// One run of `rubric assess`: load the rubric and its overlays, open the
/// bundle, assess, render the report and say how the run ends.
///
/// The command only parses its arguments into this value, prints and exits.
public struct AssessmentRun: Sendable {
    /// How a run ends, as the process's exit status.
    public enum Outcome: Int32, Sendable, Hashable {
        /// Assessed, and the grade is not under `--fail-under`.
        case assessed = 0
        /// Bad usage or bad input (rubric, overlay, bundle, options).
        case badInput = 1
        /// The assessment is incomplete: rule errors, or manual leaves without override.
        case incomplete = 2
        /// The grade is under `--fail-under`.
        case gradeTooLow = 3
    }

    /// A run that could not produce a report: the message for stderr (every
    /// finding on its own line, `file:line: ...`).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// What the run produced: the report text, and how the run ends.
    public struct Result: Sendable {
        public var report: String
        public var outcome: Outcome
        public var context: ReportContext
    }

    public var rubricDirectory: URL
    public var overlays: [URL]
    public var bundle: URL
    /// A file of auditor overrides, validated before any rule runs.
    public var overrides: URL?
    public var format: ReportFormat
    public var asOf: CalendarDate?
    public var language: ReportLanguage
    /// Whether the table report may use ANSI colours (the command decides: a TTY and no `NO_COLOR`).
    public var colour: Bool = false
    /// The id of a grade of the rubric's overall scale; a lower grade ends the run with ``Outcome/gradeTooLow``.
    public var failUnder: String?
    public var engineVersion: String
    /// Where `generated_at` comes from (see ``ReportContext/generatedAt(environment:now:)``).
    public var environment: [String: String]

    public init(rubricDirectory: URL, overlays: [URL] = [], bundle: URL, overrides: URL? = nil,
                format: ReportFormat = .json,
                asOf: CalendarDate? = nil, language: ReportLanguage = .zh, failUnder: String? = nil,
                engineVersion: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.rubricDirectory = rubricDirectory
        self.overlays = overlays
        self.bundle = bundle
        self.overrides = overrides
        self.format = format
        self.asOf = asOf
        self.language = language
        self.failUnder = failUnder
        self.engineVersion = engineVersion
        self.environment = environment
    }

    /// Runs the assessment. Throws ``Failure`` for bad usage or bad input.
    public func run() throws(Failure) -> Result {
        guard let generatedAt = ReportContext.generatedAt(environment: environment) else {
            throw Failure("SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970, got "
                + "'\(environment["SOURCE_DATE_EPOCH"] ?? "")'")
        }
        let loaded: LoadedRubric
        do {
            loaded = try RubricLoader.load(directory: rubricDirectory, overlays: overlays)
        } catch let error as FindingsError {
            throw Failure(Self.describe(error.findings))
        } catch {
            throw Failure("\(rubricDirectory.path): \(error)")
        }
        var threshold: Grade?
        if let failUnder {
            let scale = loaded.rubric.overallGradeScale
            guard let grade = scale?.grades.first(where: { $0.id == failUnder }) else {
                let known = scale?.ascending.map(\.id).joined(separator: ", ") ?? ""
                throw Failure("--fail-under \(failUnder): the rubric's overall grades are \(known)")
            }
            threshold = grade
        }
        let assessor: Assessor
        let evidence: EvidenceBundle
        do throws(FindingsError) {
            assessor = try Assessor(rubric: loaded, asOf: asOf)
            evidence = try assessor.openBundle(bundle)
        } catch {
            throw Failure(Self.describe(error.findings))
        }
        defer { evidence.close() }
        var overrideSet = OverrideSet.empty
        if let overrides {
            do throws(FindingsError) {
                overrideSet = try OverrideSet.load(contentsOf: overrides, rubric: loaded,
                                                   asOf: asOf ?? evidence.manifest.assessment.asOf)
            } catch {
                throw Failure(Self.describe(error.findings))
            }
        }
        let assessment = assessor.assess(bundle: evidence, overrides: overrideSet)
        let context = ReportContext(rubric: loaded, bundle: evidence, assessment: assessment, asOf: asOf,
                                    generatedAt: generatedAt, engineVersion: engineVersion, language: language)
        let report = Self.render(context, format: format, colour: colour)
        return Result(report: report, outcome: Self.outcome(of: assessment.scorecard, threshold: threshold),
                      context: context)
    }

    /// The report of `context` in `format` (colours only in the table, when `colour`).
    public static func render(_ context: ReportContext, format: ReportFormat, colour: Bool = false) -> String {
        switch format {
        case .json: JSONReport.render(context)
        case .markdown: MarkdownReport.render(context)
        case .table: TableReport.render(context, colour: colour)
        case .html: HTMLReport.render(context)
        }
    }

    /// Incomplete first (its grade is provisional), then the threshold.
    static func outcome(of scorecard: Scorecard, threshold: Grade?) -> Outcome {
        if scorecard.status == .incomplete { return .incomplete }
        if let threshold {
            guard let grade = scorecard.grade, grade.range.lower >= threshold.range.lower else { return .gradeTooLow }
        }
        return .assessed
    }

    /// The errors (then the warnings) of `findings`, one a line, `file:line: message`.
    static func describe(_ findings: [Finding]) -> String {
        let errors = findings.filter { $0.severity == .error }
        return (errors.isEmpty ? findings : errors).map(\.description).joined(separator: "\n")
    }
}
