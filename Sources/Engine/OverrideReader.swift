import Diagnostics
import Evidence
import Foundation
import Scheme
import Scoring
import Yams

/// Reads the YAML of an overrides file into ``LeafOverride`` values, recording
/// every problem as a finding with the file, line and column and carrying on,
/// so that all problems are reported at once.
final class OverrideReader {
    /// The keys an override entry may have.
    static let keys = ["leaf", "fraction", "band", "status", "justification", "auditor", "date", "expires"]
    /// The keys that set the value; exactly one must be given.
    static let valueKeys = ["fraction", "band", "status"]
    /// The values `status` may take.
    static let statuses = ["not_applicable"]

    let file: String
    let rubric: Rubric
    let asOf: CalendarDate
    private(set) var findings: [Finding] = []

    init(file: String, rubric: Rubric, asOf: CalendarDate) {
        self.file = file
        self.rubric = rubric
        self.asOf = asOf
    }

    /// The overrides of the file's text; problems go to ``findings``.
    func read(_ text: String) -> [LeafOverride] {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                report(FindingCode.missingField, "the overrides file is empty; expected `overrides:` and a list",
                       at: nil)
                return []
            }
            root = composed
        } catch let error as YamlError {
            findings.append(Self.syntaxFinding(error, file: file))
            return []
        } catch {
            report(FindingCode.yamlSyntax, "malformed YAML: \(error)", at: nil)
            return []
        }

        guard let top = mapping(root, "the overrides file", keys: ["overrides"]) else { return [] }
        guard let listNode = top["overrides"]?.value else {
            report(FindingCode.missingField, "the overrides file is missing the required key `overrides`", at: root)
            return []
        }
        guard case .sequence(let items) = listNode else {
            report(FindingCode.wrongType, "`overrides` must be a list of entries, not \(kind(listNode))", at: listNode)
            return []
        }

        var overrides: [LeafOverride] = []
        var firstLine: [LeafID: Int] = [:]
        for item in items {
            guard let entry = override(item) else { continue }
            if let line = firstLine[entry.leaf] {
                report(FindingCode.duplicateID,
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
        guard let fields = mapping(node, "an override", keys: Self.keys) else { return nil }
        let before = findings.count
        for key in ["leaf", "justification", "auditor", "date"] where fields[key] == nil {
            report(FindingCode.missingField, "the override is missing the required key `\(key)`", at: node)
        }

        let leaf = fields["leaf"].flatMap { leafID($0.value) }
        let setting = self.setting(fields, in: node)
        let justification = fields["justification"].flatMap { text($0.value, "`justification`") }
        let auditor = fields["auditor"].flatMap { text($0.value, "`auditor`") }
        let date = fields["date"].flatMap { self.date($0.value, "`date`") }
        let expires = fields["expires"].flatMap { self.date($0.value, "`expires`") }

        let leafName = leaf.map { "leaf \($0)" } ?? "this leaf"
        if let date, date > asOf, let node = fields["date"]?.value {
            report(OverrideSet.Code.futureDate,
                   "the override of \(leafName) is dated \(date), after the assessment date \(asOf)", at: node)
        }
        if let expires, let node = fields["expires"]?.value {
            if let date, expires < date {
                report(FindingCode.invalidValue,
                       "the override of \(leafName) expires on \(expires), before its date \(date)", at: node)
            } else if expires < asOf {
                report(OverrideSet.Code.expired,
                       "the override of \(leafName) expired on \(expires), before the assessment date \(asOf); "
                           + "renew it with a new date and expiry, or remove it", at: node)
            }
        }

        guard findings.count == before, let leaf, let setting, let justification, let auditor, let date
        else { return nil }
        return LeafOverride(leaf: leaf, setting: setting, justification: justification, auditor: auditor,
                            date: date, expires: expires, location: location(node))
    }

    /// The leaf an entry names: a leaf of the rubric that applies.
    private func leafID(_ node: Node) -> LeafID? {
        guard let text = text(node, "`leaf`") else { return nil }
        let id = LeafID(text)
        if let leaf = rubric.leaf(id) {
            if case .notApplicable = leaf.applicability {
                report(FindingCode.invalidValue,
                       "leaf \(id) does not apply under the rubric, so an override of it would not count", at: node)
                return nil
            }
            return id
        }
        if rubric.indicator(id) != nil {
            report(FindingCode.unknownIndicator,
                   "`\(text)` is an indicator with sub-indicators, not a leaf; override its leaves instead", at: node)
        } else {
            let ids = rubric.leaves.map(\.id.rawValue)
            report(FindingCode.unknownIndicator,
                   "unknown leaf id `\(text)`: the rubric has no such leaf" + didYouMean(text, among: ids), at: node)
        }
        return nil
    }

    /// Exactly one of `fraction`, `band` and `status`.
    private func setting(_ fields: [String: (key: Node, value: Node)], in node: Node) -> LeafOverride.Setting? {
        let given = Self.valueKeys.filter { fields[$0] != nil }
        guard given.count == 1 else {
            if given.isEmpty {
                report(FindingCode.missingField,
                       "the override needs exactly one of `fraction`, `band` and `status`; it has none", at: node)
            } else {
                report(FindingCode.invalidValue,
                       "the override needs exactly one of `fraction`, `band` and `status`; it has "
                           + given.map { "`\($0)`" }.joined(separator: " and "),
                       at: fields[given[1]]?.key)
            }
            return nil
        }
        let value = fields[given[0]]!.value
        switch given[0] {
        case "fraction":
            return fraction(value).map { .fraction($0) }
        case "band":
            guard let id = text(value, "`band`") else { return nil }
            guard let band = rubric.bands.first(where: { $0.id == id }) else {
                let ids = rubric.bands.map(\.id)
                report(FindingCode.unknownReference,
                       "unknown band `\(id)`; the rubric's bands are " + ids.map { "`\($0)`" }.joined(separator: ", ")
                           + didYouMean(id, among: ids), at: value)
                return nil
            }
            return .band(id: id, fraction: band.range.lower)
        default:
            guard let status = text(value, "`status`") else { return nil }
            guard Self.statuses.contains(status) else {
                report(FindingCode.invalidValue,
                       "unknown status `\(status)`; the only status an override can set is `not_applicable` "
                           + "(use `fraction` or `band` to score)" + didYouMean(status, among: Self.statuses),
                       at: value)
                return nil
            }
            return .notApplicable
        }
    }

    // MARK: Values

    /// A plain decimal number in [0, 1], exact (`0.8`, `1`, `0.725`).
    private func fraction(_ node: Node) -> Decimal? {
        guard case .scalar(let scalar) = node, !isNull(node), let value = Self.decimal(scalar.string) else {
            report(FindingCode.wrongType, "`fraction` must be a number in [0, 1] such as `0.8`, not \(kind(node))",
                   at: node)
            return nil
        }
        guard value >= 0, value <= 1 else {
            report(FindingCode.invalidValue, "`fraction` must be in [0, 1], not `\(scalar.string)`", at: node)
            return nil
        }
        return value
    }

    /// A non-empty text.
    private func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(isNull(node) ? FindingCode.missingField : FindingCode.wrongType,
                   "\(what) must be a non-empty text, not \(kind(node))", at: node)
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
        guard case .scalar(let scalar) = node, !isNull(node), let date = CalendarDate(iso: scalar.string) else {
            report(FindingCode.invalidValue, "\(what) must be a date YYYY-MM-DD such as `2026-10-20`, not \(kind(node))",
                   at: node)
            return nil
        }
        return date
    }

    /// Parses a plain decimal text (`0.8`, `-1`, `1.20`) exactly; `nil` for anything else.
    static func decimal(_ text: String) -> Decimal? {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let pieces = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, !whole.isEmpty, whole.allSatisfy(Self.isDigit) else { return nil }
        if pieces.count == 2, pieces[1].isEmpty || !pieces[1].allSatisfy(Self.isDigit) { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    private static func isDigit(_ character: Character) -> Bool {
        ("0"..."9").contains(character)
    }

    // MARK: Structure

    /// A mapping's entries by key, after reporting keys not in `keys` (with a
    /// "did you mean"); `nil` (and a finding) when the node is not a mapping.
    private func mapping(_ node: Node, _ what: String, keys: [String]) -> [String: (key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report(FindingCode.wrongType, "\(what) must be a mapping of keys to values, not \(kind(node))", at: node)
            return nil
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(FindingCode.wrongType, "a key of \(what) must be a plain text", at: keyNode)
                continue
            }
            let key = scalar.string
            if keys.contains(key) {
                fields[key] = (keyNode, value)
            } else {
                report(FindingCode.unknownKey,
                       "unknown key `\(key)` in \(what); expected one of " + keys.map { "`\($0)`" }.joined(separator: ", ")
                           + didYouMean(key, among: keys), at: keyNode)
            }
        }
        return fields
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && node.tag.rawValue == Tag.Name.null.rawValue
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar: isNull(node) ? "an empty value" : "`\(node.scalar?.string ?? "")`"
        }
    }

    // MARK: Findings

    private func didYouMean(_ word: String, among candidates: [String]) -> String {
        guard let match = Suggestion.closest(to: word, among: candidates) else { return "" }
        return "; did you mean `\(match)`?"
    }

    private func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    private func report(_ code: String, _ message: String, at node: Node?) {
        findings.append(Finding(.error, code: code, message: message, location: location(node)))
    }

    /// A YAML syntax error as a finding.
    private static func syntaxFinding(_ error: YamlError, file: String) -> Finding {
        var message = "malformed YAML: \(error)"
        var mark: Mark?
        switch error {
        case .scanner(_, let problem, let at, _), .parser(_, let problem, let at, _),
            .composer(_, let problem, let at, _):
            message = "malformed YAML: \(problem)"
            mark = at
        case .duplicatedKeysInMapping(let duplicates, let context):
            message = "the key " + duplicates.map { "`\($0)`" }.joined(separator: ", ")
                + " appears more than once in one mapping"
            mark = context.mark
        default:
            break
        }
        return Finding(.error, code: FindingCode.yamlSyntax, message: message,
                       location: SourceLocation(file: file, line: mark?.line, column: mark?.column))
    }
}
