import Diagnostics
import Evidence
import Foundation
import Scheme
import Scoring

/// The auditor overrides of one assessment, read from an overrides file and
/// checked against the rubric before anything runs (see docs/overrides.md).
///
/// ```swift
/// let overrides = try OverrideSet.load(contentsOf: url, rubric: loaded, asOf: "2026-10-20")
/// let assessment = assessor.assess(bundle: bundle, overrides: overrides)
/// ```
public struct OverrideSet: Sendable, Hashable {
    /// The stable codes of the findings particular to overrides files; the
    /// others are those of ``FindingCode``.
    public enum Code {
        /// An override whose `expires` lies before the assessment date.
        public static let expired = "override-expired"
        /// An override dated after the assessment date.
        public static let futureDate = "override-future-date"
    }

    /// The overrides, in file order; at most one per leaf.
    public var overrides: [LeafOverride]
    /// The file they were read from, as findings show it (`nil` when built in code).
    public var file: String?
    /// The assessment date they were checked against.
    public var asOf: CalendarDate?

    public init(overrides: [LeafOverride] = [], file: String? = nil, asOf: CalendarDate? = nil) {
        self.overrides = overrides
        self.file = file
        self.asOf = asOf
    }

    /// No overrides.
    public static let empty = OverrideSet()

    public var isEmpty: Bool { overrides.isEmpty }

    /// The override of leaf `id`, if there is one.
    public func override(for id: LeafID) -> LeafOverride? {
        overrides.first { $0.leaf == id }
    }

    /// Reads and checks the overrides file at `url` against `rubric` on the
    /// assessment date `asOf`. Throws every problem at once, each with the
    /// file, line and column.
    public static func load(
        contentsOf url: URL, rubric: LoadedRubric,
        asOf: CalendarDate
    ) throws(FindingsError) -> OverrideSet {
        let file = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw FindingsError([
                Finding(
                    .error, code: FindingCode.unreadable,
                    message: "the overrides file cannot be read as UTF-8 text: \(error.localizedDescription)",
                    location: SourceLocation(file: file))
            ])
        }
        return try parse(text, file: file, rubric: rubric.rubric, asOf: asOf)
    }

    /// ``load(contentsOf:rubric:asOf:)`` with the assessment date as `YYYY-MM-DD`.
    public static func load(
        contentsOf url: URL, rubric: LoadedRubric,
        asOf: String
    ) throws(FindingsError) -> OverrideSet {
        guard let date = CalendarDate(iso: asOf) else {
            throw FindingsError([
                Finding(
                    .error, code: FindingCode.invalidValue,
                    message: "the assessment date must be a date YYYY-MM-DD, not `\(asOf)`")
            ])
        }
        return try load(contentsOf: url, rubric: rubric, asOf: date)
    }

    /// Reads and checks overrides from YAML `text`; `file` is how findings name it.
    public static func parse(
        _ text: String, file: String, rubric: Rubric,
        asOf: CalendarDate
    ) throws(FindingsError) -> OverrideSet {
        let reader = OverrideReader(file: file, rubric: rubric, asOf: asOf)
        let overrides = reader.read(text)
        if reader.findings.hasErrors {
            throw FindingsError(reader.findings.sortedByLocation())
        }
        return OverrideSet(overrides: overrides, file: file, asOf: asOf)
    }
}
