import Engine
import Evidence
import Foundation
import Scheme
import Scoring

/// Everything a report shows: the loaded rubric, the bundle, the assessment and
/// the few facts about the run itself. Reports are pure functions of this value.
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
    /// The language of labels and titles in the Markdown and table reports.
    public var language: ReportLanguage
    /// Auditor overrides by leaf, shown as each leaf's `override`. Empty until the
    /// engine applies overrides; an override recorded in the scorecard's
    /// ``LeafScore/override`` is shown too.
    public var auditorOverrides: [LeafID: AuditorOverride]

    public init(rubric: LoadedRubric, bundle: EvidenceBundle, assessment: Assessment, asOf: CalendarDate? = nil,
                generatedAt: Date, engineVersion: String, language: ReportLanguage = .zh,
                auditorOverrides: [LeafID: AuditorOverride] = [:]) {
        self.rubric = rubric
        self.bundle = bundle
        self.assessment = assessment
        self.asOf = asOf ?? bundle.manifest.assessment.asOf
        self.generatedAt = generatedAt
        self.engineVersion = engineVersion
        self.language = language
        self.auditorOverrides = auditorOverrides
    }

    /// The time a report is generated at: `SOURCE_DATE_EPOCH` (whole seconds since
    /// 1970) when the environment sets it, so builds of a report can be
    /// reproduced byte for byte; otherwise `now`. Nil when the variable is set
    /// but is not a whole number of seconds.
    public static func generatedAt(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   now: Date = Date()) -> Date? {
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

    /// The override of leaf `id`: the scorecard's, else the one given here.
    public func override(of id: LeafID) -> AuditorOverride? {
        assessment.scorecard.leaf(id)?.override ?? auditorOverrides[id]
    }

    /// The points the rule's own result would give leaf `evaluation`, before any
    /// override: weight × the rule's fraction rounded by the rubric's rounding
    /// policy; 0 for an error or manual leaf; for a leaf that does not apply,
    /// what the not-applicable policy gives (`nil` when it removes the leaf).
    public func rulePoints(of evaluation: LeafEvaluation) -> Points? {
        let score = assessment.scorecard.leaf(evaluation.id)
        if evaluation.override == nil, override(of: evaluation.id) == nil {
            return score?.points ?? evaluation.points
        }
        guard let weight = score?.weight ?? leaf(evaluation.id)?.weight else { return nil }
        let policies = rubric.rubric.policies
        switch evaluation.status {
        case .scored:
            guard let fraction = evaluation.fraction else { return nil }
            return policies.rounding.setting.round(weight.decimal * fraction)
        case .manual, .error:
            return .zero
        case .notApplicable:
            switch policies.notApplicable.setting {
            case .rescale: return nil
            case .countFull: return weight
            case .countZero: return .zero
            }
        }
    }

    /// An exact fraction as text with at least two decimals: `0.75`, `0.90`, `1.00`, `0.125`.
    public static func fractionText(_ value: Decimal) -> String {
        var text = NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if !text.contains(".") { text += "." }
        let decimals = text.count - 1 - text.distance(from: text.startIndex, to: text.firstIndex(of: ".")!)
        if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        return text
    }

    /// The rubric's leaf `id` (for its title and weight).
    public func leaf(_ id: LeafID) -> Leaf? {
        rubric.rubric.leaf(id)
    }
}
