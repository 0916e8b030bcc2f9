import Foundation
import Reports

/// What moved between two assessments (A, the earlier, and B), leaf by leaf,
/// and why, from the digests both carry: the evidence files, each leaf's rule
/// file and params, the weights, the overrides, the rubric and its overlays,
/// and the as-of date.
///
/// ```swift
/// let diff = AssessmentDiff(from: older, to: newer)
/// for leaf in diff.leaves { print(leaf.id, leaf.delta, leaf.causes) }
/// ```
public struct AssessmentDiff: Sendable, Hashable {
    /// Why a leaf's result may have moved.
    public enum Cause: Sendable, Hashable, CustomStringConvertible {
        /// Files of the bundle added, removed or changed (their paths).
        case evidenceChanged([String])
        /// The leaf's rule file changed (its SHA-256), or the leaf's rule is another file.
        case ruleChanged
        /// The leaf's params changed (by the rubric or an overlay).
        case paramsChanged
        /// The leaf's weight changed (by the rubric or an overlay).
        case weightChanged(from: String, to: String)
        /// An auditor override of the leaf was added (by this auditor).
        case overrideAdded(auditor: String)
        /// The override of the leaf was removed.
        case overrideRemoved(auditor: String)
        /// The override of the leaf changed (value, auditor or date).
        case overrideChanged(auditor: String)
        /// The as-of date moved.
        case dateMoved(from: String, to: String)
        /// The rubric file or an overlay changed (its digest), beyond this leaf's rule, params and weight.
        case rubricChanged
        /// None of the digests changed: the engine or a lib module the rule loads.
        case unexplained

        /// A short code: `evidence_changed`, `rule_changed`…
        public var code: String {
            switch self {
            case .evidenceChanged: "evidence_changed"
            case .ruleChanged: "rule_changed"
            case .paramsChanged: "params_changed"
            case .weightChanged: "weight_changed"
            case .overrideAdded: "override_added"
            case .overrideRemoved: "override_removed"
            case .overrideChanged: "override_changed"
            case .dateMoved: "date_moved"
            case .rubricChanged: "rubric_changed"
            case .unexplained: "unexplained"
            }
        }

        public var description: String {
            switch self {
            case .evidenceChanged(let files): "evidence changed (" + files.joined(separator: ", ") + ")"
            case .ruleChanged: "rule changed"
            case .paramsChanged: "params changed"
            case .weightChanged(let from, let to): "weight changed (\(from) → \(to))"
            case .overrideAdded(let auditor): "override added (\(auditor))"
            case .overrideRemoved(let auditor): "override removed (\(auditor))"
            case .overrideChanged(let auditor): "override changed (\(auditor))"
            case .dateMoved(let from, let to): "assessment date moved (\(from) → \(to))"
            case .rubricChanged: "rubric or overlay changed"
            case .unexplained: "no digest changed (engine or lib module)"
            }
        }
    }

    /// One leaf that moved.
    public struct LeafChange: Sendable, Hashable {
        public var id: String
        /// Status, fraction and points in A (nil: the leaf is not in A).
        public var from: ArchivedAssessment.Leaf?
        public var to: ArchivedAssessment.Leaf?
        /// Points in B minus points in A (`+2.50`, `-1.25`); nil when either has no points.
        public var delta: String?
        public var causes: [Cause]
    }

    public var from: ArchivedAssessment
    public var to: ArchivedAssessment
    /// The files added, removed or changed between the two bundles, by path.
    public var changedFiles: [String]
    /// Every leaf whose status, fraction or points differ, in B's order (then A's leaves that B lacks).
    public var leaves: [LeafChange]

    public init(from: ArchivedAssessment, to: ArchivedAssessment) {
        self.from = from
        self.to = to
        let filesA = Dictionary(from.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let filesB = Dictionary(to.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var changed = to.files.filter { file in filesA[file.path].map { $0 != file.sha256 } ?? true }.map(\.path)
        changed += from.files.filter { filesB[$0.path] == nil }.map(\.path)
        changedFiles = changed
        let rubricMoved =
            from.rubricSHA256 != to.rubricSHA256 || from.overlays != to.overlays
            || from.rubricVersion != to.rubricVersion
        let overridesA = Dictionary(from.overrides.map { ($0.leaf, $0) }, uniquingKeysWith: { _, last in last })
        let overridesB = Dictionary(to.overrides.map { ($0.leaf, $0) }, uniquingKeysWith: { _, last in last })
        let leavesA = Dictionary(from.leaves.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let idsB = Set(to.leaves.map(\.id))
        var changes: [LeafChange] = []
        let pairs =
            to.leaves.map { (leavesA[$0.id], Optional($0)) }
            + from.leaves.filter { !idsB.contains($0.id) }.map { (Optional($0), nil) }
        for (a, b) in pairs {
            guard let id = a?.id ?? b?.id else { continue }
            if let a, let b, a.status == b.status, a.fraction == b.fraction, a.points == b.points { continue }
            var causes: [Cause] = []
            switch (overridesA[id], overridesB[id]) {
            case (nil, let added?): causes.append(.overrideAdded(auditor: added.auditor))
            case (let removed?, nil): causes.append(.overrideRemoved(auditor: removed.auditor))
            case (let before?, let after?) where before != after:
                causes.append(.overrideChanged(auditor: after.auditor))
            default: break
            }
            if let a, let b {
                if a.ruleSHA256 != b.ruleSHA256 || a.rulePath != b.rulePath { causes.append(.ruleChanged) }
                if a.params != b.params { causes.append(.paramsChanged) }
                if a.weight != b.weight { causes.append(.weightChanged(from: a.weight, to: b.weight)) }
            } else {
                causes.append(.rubricChanged)
            }
            if !changed.isEmpty { causes.append(.evidenceChanged(changed)) }
            if from.asOf != to.asOf { causes.append(.dateMoved(from: from.asOf, to: to.asOf)) }
            let leafSpecific = causes.contains { cause in
                switch cause {
                case .ruleChanged, .paramsChanged, .weightChanged, .rubricChanged: true
                default: false
                }
            }
            if rubricMoved && !leafSpecific { causes.append(.rubricChanged) }
            if causes.isEmpty { causes.append(.unexplained) }
            changes.append(
                LeafChange(id: id, from: a, to: b, delta: Self.delta(a?.points, b?.points), causes: causes))
        }
        leaves = changes
    }

    /// The total in B minus the total in A.
    public var totalDelta: String? { Self.delta(from.total, to.total) }

    /// `b - a` of two points values with two decimals, signed (`+2.50`, `-1.25`, `0.00`).
    static func delta(_ a: String?, _ b: String?) -> String? {
        guard let a, let b, let x = Decimal(string: a, locale: Locale(identifier: "en_US_POSIX")),
            let y = Decimal(string: b, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        var difference = y - x
        var rounded = Decimal()
        NSDecimalRound(&rounded, &difference, 2, .plain)
        let text = ReportContext.fractionText(rounded)
        return rounded > 0 ? "+" + text : text
    }
}
