import Engine
import Evidence
import Foundation
import Scheme
import Scoring

/// The JSON report (`rubric.report/2`), documented key by key in
/// docs/report-schema.md.
///
/// Keys come in a fixed order, points are strings with exactly two decimals
/// (`"172.50"`), and nothing depends on the clock except `generated_at`, so the
/// same inputs give byte-identical output.
public enum JSONReport {
    /// The value of the `schema` key.
    public static let schema = "rubric.report/2"

    /// The report of `context` as JSON text, ending with a newline.
    public static func render(_ context: ReportContext) -> String {
        render(ReportModel(context))
    }

    /// The report as JSON text, ending with a newline.
    public static func render(_ report: ReportModel) -> String {
        document(report).text
    }

    /// The report as a JSON value.
    public static func document(_ report: ReportModel) -> JSONValue {
        let facts = report.facts
        let scorecard = report.scorecard
        return .object([
            ("schema", .string(schema)),
            (
                "rubric",
                .object([
                    ("id", .string(facts.scheme.id)),
                    ("version", .string(facts.scheme.version)),
                    ("title", text(facts.scheme.title)),
                    ("sha256", .string(facts.rubricSHA256)),
                    (
                        "overlays",
                        .array(
                            facts.overlays.map { overlay in
                                .object([
                                    ("id", .string(overlay.id)), ("path", .string(overlay.relativePath)),
                                    ("sha256", .string(overlay.sha256)),
                                ])
                            })
                    ),
                    (
                        "support_files",
                        .array(
                            facts.supportFiles.map { file in
                                .object([("path", .string(file.path)), ("sha256", .string(file.sha256))])
                            })
                    ),
                ])
            ),
            (
                "bundle",
                .object([
                    (
                        "organization",
                        .object([
                            ("name", .string(facts.organization.name)),
                            ("credit_code", .string(facts.organization.creditCode)),
                        ])
                    ),
                    (
                        "assessment",
                        .object([
                            ("type", .string(facts.assessment.type.rawValue)),
                            (
                                "audit_period",
                                .object([
                                    ("from", .string(facts.assessment.auditPeriod.from.description)),
                                    ("to", .string(facts.assessment.auditPeriod.to.description)),
                                ])
                            ),
                        ])
                    ),
                    ("manifest_sha256", .string(facts.manifestSHA256)),
                    ("zip_sha256", .string(facts.zipSHA256)),
                    (
                        "files",
                        .array(
                            report.evidence.map { file in
                                .object([("path", .string(file.path)), ("sha256", .string(file.sha256))])
                            })
                    ),
                ])
            ),
            ("engine", .object([("version", .string(facts.engineVersion))])),
            ("as_of", .string(facts.asOf.description)),
            ("generated_at", .string(facts.generatedAt)),
            (
                "result",
                .object([
                    ("status", .string(scorecard.status.rawValue)),
                    ("total", points(scorecard.total)),
                    ("max", points(scorecard.maximum)),
                    ("grade", grade(scorecard.grade)),
                    ("grade_by_sum_alone", grade(scorecard.gradeBySumAlone)),
                    ("provisional", .bool(report.isProvisional)),
                    ("open_leaves", .array(scorecard.openLeaves.map { .string($0.rawValue) })),
                    ("policy_notes", .array(scorecard.policyNotes.map(policyNote))),
                ])
            ),
            ("parts", .array(report.parts.map { part($0.score) })),
            ("indicators", .array(report.indicators.map(indicator))),
            ("leaves", .array(report.leaves.map(leaf))),
            ("overrides_sha256", .string(facts.overridesSHA256)),
            ("overrides", .array(report.overrides.map { overrideEntry($0.override) })),
            ("explanation", explanation(scorecard.explanation)),
            ("evidence_problems", .array(report.evidenceProblems.map(evidenceProblem))),
        ])
    }

    // MARK: - Pieces

    static func evidenceProblem(_ problem: ReportModel.EvidenceProblem) -> JSONValue {
        .object([
            ("path", .string(problem.path)),
            ("line", problem.line.map { .int($0) } ?? .null),
            ("code", .string(problem.code)),
            ("severity", .string(problem.severity.rawValue)),
            ("message", .string(problem.message)),
            ("leaves", .array(problem.leaves.map { .string($0.rawValue) })),
        ])
    }

    static func points(_ value: Points?) -> JSONValue {
        value.map { .string($0.description) } ?? .null
    }

    static func text(_ value: LocalizedText?) -> JSONValue {
        guard let value else { return .null }
        return .object([("zh", .string(value.zh)), ("en", .string(value.en))])
    }

    /// An exact decimal as text with at least two decimals (`"0.75"`, `"0.90"`,
    /// `"1.00"`, `"0.125"`), or null.
    static func decimal(_ value: Decimal?) -> JSONValue {
        guard let value else { return .null }
        return .string(ReportContext.fractionText(value))
    }

    static func grade(_ value: Grade?) -> JSONValue {
        guard let value else { return .null }
        return .object([("id", .string(value.id)), ("label", text(value.label))])
    }

    static func band(_ value: Band?) -> JSONValue {
        guard let value else { return .null }
        return .object([("id", .string(value.id)), ("label", text(value.label))])
    }

    static func policyNote(_ note: PolicyNote) -> JSONValue {
        .object([
            ("policy", .string(note.policy)),
            ("changes_result", .bool(note.changesResult)),
            ("text", text(note.text)),
            ("basis", text(note.basis)),
        ])
    }

    static func part(_ part: PartScore) -> JSONValue {
        .object([
            ("id", .string(part.id)),
            ("title", text(part.title)),
            ("points", points(part.points)),
            ("max", points(part.maximum)),
            ("raw_points", points(part.rawPoints)),
            ("applicable_weight", points(part.applicableWeight)),
            ("rescaled", .bool(part.isRescaled)),
            ("grade", grade(part.grade)),
        ])
    }

    static func indicator(_ indicator: IndicatorScore) -> JSONValue {
        .object([
            ("id", .string(indicator.id.rawValue)),
            ("part", .string(indicator.partID)),
            ("depth", .int(indicator.depth)),
            ("leaf", .bool(indicator.isLeaf)),
            ("title", text(indicator.title)),
            ("points", points(indicator.points)),
            ("max", points(indicator.weight)),
            ("applicable_weight", points(indicator.applicableWeight)),
        ])
    }

    static func leaf(_ leaf: ReportModel.Leaf) -> JSONValue {
        let result = leaf.result
        let rule = result.rule
        return .object([
            ("id", .string(leaf.id.rawValue)),
            ("part", .string(leaf.partID)),
            ("title", text(leaf.title)),
            ("weight", points(leaf.weight)),
            (
                "rule_file",
                leaf.ruleFile.map { file in .object([("path", .string(file.path)), ("sha256", .string(file.sha256))]) }
                    ?? .null
            ),
            ("params", parameters(leaf.params)),
            ("status", .string(result.status.rawValue)),
            ("fraction", decimal(result.fraction)),
            ("points", points(result.points)),
            ("band", band(result.band)),
            (
                "rule",
                .object([
                    ("status", .string(rule.status.rawValue)),
                    ("fraction", decimal(rule.fraction)),
                    ("points", points(rule.points)),
                ])
            ),
            ("uncapped_fraction", decimal(result.uncappedFraction)),
            ("critical", .array(result.critical.map(critical))),
            ("findings", .array(result.findings.map(finding))),
            ("summary", .string(result.summary)),
            ("reason", .string(result.reason)),
            ("error", error(result.error)),
            ("override", result.override.map(override) ?? .null),
        ])
    }

    /// A critical demand of the leaf and how it fared.
    static func critical(_ outcome: CriticalOutcome) -> JSONValue {
        .object([
            ("id", .string(outcome.demand.id)),
            ("label", text(outcome.demand.label)),
            ("outcome", .string(outcome.outcome.rawValue)),
            ("missed_somewhere", .string(outcome.demand.missedSomewhere)),
            ("missed_throughout", .string(outcome.demand.missedThroughout)),
            ("cap_band", outcome.capBand.map { .string($0.id) } ?? .null),
        ])
    }

    /// A leaf's parameters: an object in the rubric's key order; decimals as
    /// exact decimal strings, integers as numbers.
    static func parameters(_ map: ParameterMap) -> JSONValue {
        .object(map.map { ($0.key, parameter($0.value)) })
    }

    static func parameter(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .null: .null
        case .boolean(let flag): .bool(flag)
        case .integer(let number): .int(number)
        case .decimal(let number):
            .string(NSDecimalNumber(decimal: number).description(withLocale: Locale(identifier: "en_US_POSIX")))
        case .string(let text): .string(text)
        case .list(let values): .array(values.map(parameter))
        case .map(let map): parameters(map)
        }
    }

    static func finding(_ finding: AuditFinding) -> JSONValue {
        .object([
            ("level", .string(finding.level.rawValue)),
            ("message", .string(finding.message)),
            ("evidence", .array(finding.references.map(reference))),
        ])
    }

    static func reference(_ reference: EvidenceReference) -> JSONValue {
        switch reference {
        case .document(let id):
            .object([("document", .string(id))])
        case .record(let name, let row):
            .object([("record", .string(name)), ("row", row.map { .int($0) } ?? .null)])
        }
    }

    static func error(_ error: RuleError?) -> JSONValue {
        guard let error else { return .null }
        return .object([
            ("kind", .string(error.kind)),
            ("message", .string(error.message)),
            ("file", .string(error.file)),
            ("line", error.line.map { .int($0) } ?? .null),
            ("traceback", .array(error.ruleFrames.map { .string($0) })),
        ])
    }

    /// The auditor's value as the overrides file gave it.
    static func overrideValue(_ setting: LeafOverride.Setting) -> JSONValue {
        switch setting {
        case .fraction(let fraction):
            .object([("fraction", decimal(fraction))])
        case .band(let id, let fraction):
            .object([("band", .string(id)), ("fraction", decimal(fraction))])
        case .notApplicable:
            .object([("status", .string(LeafResult.Status.notApplicable.rawValue))])
        }
    }

    /// A leaf's `override`: the entry of the overrides file.
    static func override(_ value: LeafOverride) -> JSONValue {
        .object([
            ("value", overrideValue(value.setting)),
            ("justification", .string(value.justification)),
            ("auditor", .string(value.auditor)),
            ("date", .string(value.date.description)),
            ("expires", .string(value.expires?.description)),
        ])
    }

    /// One entry of the top-level `overrides` list.
    static func overrideEntry(_ value: LeafOverride) -> JSONValue {
        .object([
            ("leaf", .string(value.leaf.rawValue)),
            ("value", overrideValue(value.setting)),
            ("justification", .string(value.justification)),
            ("auditor", .string(value.auditor)),
            ("date", .string(value.date.description)),
            ("expires", .string(value.expires?.description)),
        ])
    }

    static func explanation(_ explanation: Explanation) -> JSONValue {
        .object([
            (
                "losses",
                .array(
                    explanation.losses.map { loss in
                        .object([
                            ("id", .string(loss.id.rawValue)),
                            ("points", points(loss.points)),
                            ("applicable_weight", points(loss.applicableWeight)),
                            ("points_lost", points(loss.pointsLost)),
                            (
                                "leaves",
                                .array(
                                    loss.leaves.map { leaf in
                                        .object([
                                            ("id", .string(leaf.id.rawValue)),
                                            ("points_lost", points(leaf.pointsLost)),
                                            ("status", .string(leaf.status.rawValue)),
                                            ("band", band(leaf.band)),
                                            ("reason", text(leaf.reason)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("what_if", whatIf(explanation.whatIf)),
        ])
    }

    static func whatIf(_ whatIf: WhatIf?) -> JSONValue {
        guard let whatIf else { return .null }
        return .object([
            ("current_grade", grade(whatIf.currentGrade)),
            ("target_grade", grade(whatIf.targetGrade)),
            ("target_total", points(whatIf.targetTotal)),
            ("gap", points(whatIf.gap)),
            (
                "part_floors",
                .array(
                    whatIf.partFloors.map { floor in
                        .object([
                            ("part", .string(floor.partID)),
                            ("points", points(floor.points)),
                            ("floor", points(floor.floor)),
                            ("gap", points(floor.gap)),
                        ])
                    })
            ),
            ("reachable", .bool(whatIf.isReachable)),
            (
                "improvements",
                .array(
                    whatIf.improvements.map { improvement in
                        .object([
                            ("id", .string(improvement.id.rawValue)),
                            ("part", .string(improvement.partID)),
                            ("from", points(improvement.from)),
                            ("to", points(improvement.to)),
                        ])
                    })
            ),
            ("total_after", points(whatIf.totalAfter)),
        ])
    }
}
