import Engine
import Evidence
import Foundation
import Scheme
import Scoring
import Signing

/// What every report shows, built once from a ``ReportContext``: the facts of
/// the run, the result, the parts with their indicators and leaves, the
/// findings, the rule errors, the leaves left to the auditor, the overrides,
/// the explanation and the evidence files. The renderers only format it; none
/// of them works a figure out again.
///
/// ```swift
/// let report = ReportModel(context)
/// let text = MarkdownReport.render(report)
/// ```
public struct ReportModel: Sendable {
    /// An overlay applied to the rubric.
    public struct Overlay: Sendable {
        public var id: String
        /// The path as the overlay was loaded.
        public var path: String
        /// The path relative to the rubric folder (`overlays/x.yaml`, `../body/x.yaml`).
        public var relativePath: String
        public var sha256: String
    }

    /// What was assessed, against what, when and by which engine.
    public struct Facts: Sendable {
        public var scheme: SchemeInfo
        /// The SHA-256 of the rubric with its overlays.
        public var rubricSHA256: String
        /// The overlays applied, in order.
        public var overlays: [Overlay]
        public var organization: BundleManifest.Organization
        /// The SHA-256 of the bundle's manifest file.
        public var manifestSHA256: String?
        /// The SHA-256 of the bundle's `.zip`, when it came as one.
        public var zipSHA256: String?
        public var engineVersion: String
        /// The date the assessment is made as of.
        public var asOf: CalendarDate
        /// When the report was made, as `2026-10-20T08:00:00Z`.
        public var generatedAt: String
        /// The manifest's assessment: type, audit period and as-of date.
        public var assessment: BundleManifest.Assessment
        /// The files of the rubric's `lib/` and `calendar/` folders with their SHA-256.
        public var supportFiles: [RubricSupportFiles.Entry] = []
        /// The SHA-256 of the auditor's overrides file, when there was one.
        public var overridesSHA256: String?
    }

    /// One leaf: the rubric's title, part and weight beside its result.
    public struct Leaf: Sendable {
        public var partID: String
        public var title: LocalizedText
        /// The clause text of the spec (Chinese, verbatim), when the rubric gives it.
        public var clause: String?
        public var weight: Points
        /// The leaf's rule file and its SHA-256; nil for a manual leaf.
        public var ruleFile: RuleDigests.Entry?
        /// The leaf's parameters, with the overlays applied.
        public var params: ParameterMap
        /// The result: status, fraction, points and band as counted, the rule's
        /// own value, the override, findings and error.
        public var result: LeafResult

        public var id: LeafID { result.id }
        public var override: LeafOverride? { result.override }
    }

    /// One part: its score, its indicators at every depth and its leaves, in document order.
    public struct Part: Sendable {
        public var score: PartScore
        public var indicators: [IndicatorScore]
        public var leaves: [Leaf]
    }

    /// A finding of a leaf's rule.
    public struct Finding: Sendable {
        public var leaf: LeafID
        public var finding: AuditFinding
    }

    /// A rule that failed.
    public struct RuleFailure: Sendable {
        public var leaf: LeafID
        public var error: RuleError
        /// Whether an auditor overrode the leaf.
        public var isOverridden: Bool
    }

    /// A leaf whose rule (or the rubric) left it to the auditor.
    public struct ManualLeaf: Sendable {
        public var leaf: LeafID
        public var reason: String
        /// Whether an auditor overrode the leaf.
        public var isOverridden: Bool
    }

    /// An auditor override with the leaf it changed.
    public struct Override: Sendable {
        public var override: LeafOverride
        public var leaf: Leaf
    }

    public var facts: Facts
    /// The language of labels and titles in the Markdown, HTML and table reports.
    public var language: ReportLanguage
    /// The overall status, total, grades, open leaves and policy notes.
    public var scorecard: Scorecard
    public var parts: [Part]
    /// Every indicator at every depth, in document order.
    public var indicators: [IndicatorScore]
    /// Every leaf, in document order.
    public var leaves: [Leaf]
    /// Every finding of every leaf, leaf by leaf in document order.
    public var findings: [Finding]
    /// Every rule that failed, in document order.
    public var ruleFailures: [RuleFailure]
    /// Every leaf left to the auditor by its rule or the rubric, in document order.
    public var manualLeaves: [ManualLeaf]
    /// Every auditor override, in the order of the overrides file.
    public var overrides: [Override]
    /// The files of the evidence bundle.
    public var evidence: [BundleFile]
    /// Every document and record table of the bundle, with its title, file and digest.
    public var evidenceIndex: EvidenceIndex
    /// The certification body and audit team the deliverable names.
    public var deliverable: DeliverableDetails
    /// The problems of the evidence bundle (see ``EvidenceProblem``).
    public var evidenceProblems: [EvidenceProblem]
    /// Whether the points and grade are provisional because evidence a rule
    /// needed could not be read (a scan, over the extraction budget) and the
    /// auditor has not yet judged the leaf.
    public var isProvisional: Bool
    /// The signature of the JSON report of the same assessment, when it was signed.
    public var signature: ReportSignature?

    /// The model of the report of `context`.
    public init(_ context: ReportContext) {
        let loaded = context.rubric
        let scorecard = context.assessment.scorecard
        facts = Facts(
            scheme: loaded.rubric.scheme, rubricSHA256: loaded.sha256,
            overlays: loaded.overlays.map { overlay in
                Overlay(
                    id: overlay.id, path: overlay.path,
                    relativePath: RelativePath.of(overlay.path, from: loaded.directory.path), sha256: overlay.sha256)
            },
            organization: context.bundle.manifest.organization, manifestSHA256: context.manifestSHA256,
            zipSHA256: context.bundle.sourceSHA256, engineVersion: context.engineVersion, asOf: context.asOf,
            generatedAt: context.generatedAtText, assessment: context.bundle.manifest.assessment)
        language = context.language
        self.scorecard = scorecard
        indicators = scorecard.indicators
        let leaves = scorecard.leaves.compactMap { result -> Leaf? in
            guard let leaf = loaded.rubric.leaf(result.id) else { return nil }
            return Leaf(
                partID: leaf.partID, title: leaf.title, clause: leaf.clause, weight: leaf.weight,
                ruleFile: context.ruleDigests[leaf.id],
                params: leaf.params, result: result)
        }
        self.leaves = leaves
        parts = scorecard.parts.map { part in
            Part(
                score: part, indicators: scorecard.indicators.filter { $0.partID == part.id },
                leaves: leaves.filter { $0.partID == part.id })
        }
        findings = leaves.flatMap { leaf in leaf.result.findings.map { Finding(leaf: leaf.id, finding: $0) } }
        ruleFailures = leaves.compactMap { leaf in
            leaf.result.error.map { RuleFailure(leaf: leaf.id, error: $0, isOverridden: leaf.override != nil) }
        }
        manualLeaves = leaves.filter { $0.result.rule.status == .manual }.map { leaf in
            ManualLeaf(leaf: leaf.id, reason: leaf.result.reason ?? "", isOverridden: leaf.override != nil)
        }
        let byID = Dictionary(leaves.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        overrides = context.assessment.overrides.compactMap { override in
            byID[override.leaf].map { Override(override: override, leaf: $0) }
        }
        evidence = context.bundle.files
        evidenceIndex = EvidenceIndex(context.bundle)
        deliverable = context.deliverable
        evidenceProblems = Self.evidenceProblems(context.bundle, leaves: leaves)
        isProvisional = leaves.contains { $0.result.provisional != nil && $0.override == nil }
        signature = context.signature
        facts.supportFiles = context.supportFiles.entries
        facts.overridesSHA256 = context.overridesSHA256
    }

    /// Leaf `id`, if the rubric has it.
    public func leaf(_ id: LeafID) -> Leaf? {
        leaves.first { $0.id == id }
    }
}
