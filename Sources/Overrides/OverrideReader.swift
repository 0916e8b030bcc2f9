import Diagnostics
import Evidence
import Foundation
import Scheme
import Scoring
import YAMLSupport
import Yams

/// Reads the YAML of an overrides file into ``LeafOverride`` values, recording
/// every problem as a finding with the file, line and column and carrying on,
/// so that all problems are reported at once. The file comes from the auditor,
/// not from the rubric's authors: anchors, aliases, merge keys and tags are
/// refused before Yams sees it (see docs/overrides.md).
final class OverrideReader {
    /// The keys an override entry may have.
    static let keys = ["leaf", "fraction", "band", "status", "justification", "auditor", "date", "expires"]
    /// The keys that set the value; exactly one must be given.
    static let valueKeys = ["fraction", "band", "status"]
    /// The values `status` may take.
    static let statuses = ["not_applicable"]

    let rubric: Rubric
    let asOf: CalendarDate
    private let reader: YAMLReader

    init(file: String, rubric: Rubric, asOf: CalendarDate) {
        reader = YAMLReader(file: file)
        self.rubric = rubric
        self.asOf = asOf
    }

    /// Every problem found so far.
    var findings: [Finding] { reader.findings }

    /// The overrides of the file's text; problems go to ``findings``.
    func read(_ text: String) -> [LeafOverride] {
        guard
            let root = reader.compose(
                text, refusing: true,
                whenEmpty: "the overrides file is empty; expected `overrides:` and a list"),
            let top = reader.mapping(root, "the overrides file", keys: ["overrides"], required: ["overrides"]),
            let listNode = top["overrides"]
        else { return [] }
        guard case .sequence(let items) = listNode else {
            report(
                FindingCode.wrongType, "`overrides` must be a list of entries, not \(reader.kind(listNode))",
                at: listNode)
            return []
        }

        var overrides: [LeafOverride] = []
        var firstLine: [LeafID: Int] = [:]
        for item in items {
            guard let entry = override(item) else { continue }
            if let line = firstLine[entry.leaf] {
                report(
                    FindingCode.duplicateID,
                    "leaf \(entry.leaf) is overridden twice; its first override is on line \(line)",
                    at: item)
                continue
            }
            firstLine[entry.leaf] = item.mark?.line ?? 0
            overrides.append(entry)
        }
        return overrides
    }

    // MARK: One entry

    /// One entry, or `nil` when it has a problem (reported).
    private func override(_ node: Node) -> LeafOverride? {
        guard let fields = reader.mapping(node, "an override", keys: Self.keys) else { return nil }
        let before = findings.count
        for key in ["leaf", "justification", "auditor", "date"] where !fields.has(key) {
            report(FindingCode.missingField, "the override is missing the required key `\(key)`", at: node)
        }

        let leaf = fields["leaf"].flatMap { leafID($0) }
        let setting = self.setting(fields, in: node)
        let justification = fields["justification"].flatMap { text($0, "`justification`") }
        let auditor = fields["auditor"].flatMap { text($0, "`auditor`") }
        let date = fields["date"].flatMap { self.date($0, "`date`") }
        let expires = fields["expires"].flatMap { self.date($0, "`expires`") }

        let leafName = leaf.map { "leaf \($0)" } ?? "this leaf"
        if let date, date > asOf, let node = fields["date"] {
            report(
                OverrideSet.Code.futureDate,
                "the override of \(leafName) is dated \(date), after the assessment date \(asOf)", at: node)
        }
        if let expires, let node = fields["expires"] {
            if let date, expires < date {
                report(
                    FindingCode.invalidValue,
                    "the override of \(leafName) expires on \(expires), before its date \(date)", at: node)
            } else if expires < asOf {
                report(
                    OverrideSet.Code.expired,
                    "the override of \(leafName) expired on \(expires), before the assessment date \(asOf); "
                        + "renew it with a new date and expiry, or remove it", at: node)
            }
        }

        guard findings.count == before, let leaf, let setting, let justification, let auditor, let date
        else { return nil }
        return LeafOverride(
            leaf: leaf, setting: setting, justification: justification, auditor: auditor,
            date: date, expires: expires, location: reader.location(node))
    }

    /// The leaf an entry names: a leaf of the rubric that applies.
    private func leafID(_ node: Node) -> LeafID? {
        guard let text = text(node, "`leaf`") else { return nil }
        let id = LeafID(text)
        if let leaf = rubric.leaf(id) {
            if case .notApplicable = leaf.applicability {
                report(
                    FindingCode.invalidValue,
                    "leaf \(id) does not apply under the rubric, so an override of it would not count", at: node)
                return nil
            }
            return id
        }
        if rubric.indicator(id) != nil {
            report(
                FindingCode.unknownIndicator,
                "`\(text)` is an indicator with sub-indicators, not a leaf; override its leaves instead", at: node)
        } else {
            let ids = rubric.leaves.map(\.id.rawValue)
            report(
                FindingCode.unknownIndicator,
                "unknown leaf id `\(text)`: the rubric has no such leaf"
                    + Suggestion.didYouMean(text, among: ids), at: node)
        }
        return nil
    }

    /// Exactly one of `fraction`, `band` and `status`.
    private func setting(_ fields: YAMLFields<Node>, in node: Node) -> LeafOverride.Setting? {
        let given = Self.valueKeys.filter { fields.has($0) }
        guard given.count == 1, let value = fields[given[0]] else {
            if given.isEmpty {
                report(
                    FindingCode.missingField,
                    "the override needs exactly one of `fraction`, `band` and `status`; it has none", at: node)
            } else {
                report(
                    FindingCode.invalidValue,
                    "the override needs exactly one of `fraction`, `band` and `status`; it has "
                        + given.map { "`\($0)`" }.joined(separator: " and "),
                    at: fields.keyNode(given[1]))
            }
            return nil
        }
        switch given[0] {
        case "fraction":
            return fraction(value).map { .fraction($0) }
        case "band":
            guard let id = text(value, "`band`") else { return nil }
            guard let band = rubric.bands.first(where: { $0.id == id }) else {
                let ids = rubric.bands.map(\.id)
                report(
                    FindingCode.unknownReference,
                    "unknown band `\(id)`; the rubric's bands are " + ids.map { "`\($0)`" }.joined(separator: ", ")
                        + Suggestion.didYouMean(id, among: ids), at: value)
                return nil
            }
            return .band(id: id, fraction: band.range.lower)
        default:
            guard let status = text(value, "`status`") else { return nil }
            guard Self.statuses.contains(status) else {
                report(
                    FindingCode.invalidValue,
                    "unknown status `\(status)`; the only status an override can set is `not_applicable` "
                        + "(use `fraction` or `band` to score)" + Suggestion.didYouMean(status, among: Self.statuses),
                    at: value)
                return nil
            }
            return .notApplicable
        }
    }

    // MARK: Values

    /// A plain decimal number in [0, 1], exact (`0.8`, `1`, `0.725`).
    private func fraction(_ node: Node) -> Decimal? {
        guard let value = reader.decimal(node, "`fraction` must be a number in [0, 1] such as `0.8`") else {
            return nil
        }
        guard value >= 0, value <= 1 else {
            report(
                FindingCode.invalidValue, "`fraction` must be in [0, 1], not `\(node.scalar?.string ?? "")`",
                at: node)
            return nil
        }
        return value
    }

    /// A non-empty text.
    private func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !reader.isNull(node) else {
            report(
                reader.isNull(node) ? FindingCode.missingField : FindingCode.wrongType,
                "\(what) must be a non-empty text, not \(reader.kind(node))", at: node)
            return nil
        }
        guard !scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(FindingCode.missingField, "\(what) must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// A date `YYYY-MM-DD`.
    private func date(_ node: Node, _ what: String) -> CalendarDate? {
        reader.scalar(node, "\(what) must be a date YYYY-MM-DD such as `2026-10-20`", code: FindingCode.invalidValue) {
            CalendarDate(iso: $0)
        }
    }

    private func report(_ code: String, _ message: String, at node: Node?) {
        reader.report(.error, code, message, at: node)
    }
}
