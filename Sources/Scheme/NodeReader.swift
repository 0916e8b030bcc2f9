import Diagnostics
import Foundation
import Yams

/// The key-value pairs of a YAML mapping whose keys were checked against the format.
struct Fields {
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    let node: Node
    let entries: [Entry]

    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func keyNode(_ key: String) -> Node? {
        entries.first { $0.key == key }?.keyNode
    }

    func has(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }
}

/// Reads the YAML nodes of one file into model values, recording every problem as a
/// finding with the file, line and column, and carrying on so that all problems are
/// reported at once.
final class NodeReader {
    /// The file's path as shown in findings.
    let file: String
    /// The folder that relative paths in this file are relative to.
    let directory: URL
    private(set) var findings: [Finding] = []

    init(file: String, directory: URL) {
        self.file = file
        self.directory = directory
    }

    // MARK: Findings

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func report(_ severity: Finding.Severity = .error, _ code: String, _ message: String, at node: Node?) {
        findings.append(Finding(severity, code: code, message: message, location: location(node)))
    }

    func append(_ finding: Finding) {
        findings.append(finding)
    }

    // MARK: Documents

    /// Parses YAML text into its root node; a syntax error becomes a finding.
    func compose(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                report(.error, FindingCode.missingField, "the file is empty", at: nil)
                return nil
            }
            return root
        } catch let error as YamlError {
            let (message, mark) = Self.describe(error)
            findings.append(Finding(
                .error, code: FindingCode.yamlSyntax, message: message,
                location: SourceLocation(file: file, line: mark?.line, column: mark?.column)))
            return nil
        } catch {
            report(.error, FindingCode.yamlSyntax, "\(error)", at: nil)
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) (line \($0.mark.line)), " } ?? ""
            return ("malformed YAML: \(prefix)\(problem)", mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return ("the key \(keys) appears more than once in one mapping", context.mark)
        case .reader(let problem, _, _, _):
            return ("unreadable YAML: \(problem)", nil)
        default:
            return ("malformed YAML: \(error)", nil)
        }
    }

    // MARK: Structure

    /// A mapping's fields, after reporting unknown keys (with a "did you mean") and
    /// missing required keys. `nil` (and a finding) when the node is not a mapping.
    func mapping(_ node: Node, _ what: String, keys: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(.error, FindingCode.wrongType, "\(what) must be a mapping of keys to values, not \(kind(node))",
                   at: node)
            return nil
        }
        var entries: [Fields.Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.error, FindingCode.wrongType, "a key of \(what) must be a plain text", at: keyNode)
                continue
            }
            let key = scalar.string
            if keys.contains(key) {
                entries.append(Fields.Entry(key: key, keyNode: keyNode, value: value))
            } else {
                report(.error, FindingCode.unknownKey,
                       "unknown key `\(key)` in \(what)\(Suggestion.didYouMean(key, among: keys))", at: keyNode)
            }
        }
        let fields = Fields(node: node, entries: entries)
        for key in required where !fields.has(key) {
            report(.error, FindingCode.missingField, "\(what) is missing the required key `\(key)`", at: node)
        }
        return fields
    }

    /// A sequence's items; `nil` (and a finding) when the node is not a sequence.
    func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.error, FindingCode.wrongType, "\(what) must be a list, not \(kind(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// The node's resolved YAML tag (`int`, `float`, `bool`, `null`, `str`).
    func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.rawValue)
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && tagName(node) == .null
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar:
            isNull(node) ? "an empty value" : "the value `\(node.scalar?.string ?? "")`"
        }
    }

    // MARK: Scalars

    /// A scalar's text, whatever YAML would make of it (`4.10` stays `4.10`).
    func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, FindingCode.wrongType, "\(what) must be a text, not \(kind(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty scalar text.
    func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(.error, FindingCode.invalidValue, "\(what) must not be empty", at: node)
            return nil
        }
        return text
    }

    /// A list of texts.
    func strings(_ node: Node, _ what: String) -> [String]? {
        guard let items = sequence(node, what) else { return nil }
        return items.compactMap { string($0, "an item of \(what)") }
    }

    /// `{zh: …, en: …}`, both required.
    func localized(_ node: Node, _ what: String) -> LocalizedText? {
        guard let fields = mapping(node, what, keys: ["zh", "en"], required: ["zh", "en"]),
            let zhNode = fields["zh"], let enNode = fields["en"],
            let zh = string(zhNode, "`zh` of \(what)"), let en = string(enNode, "`en` of \(what)")
        else { return nil }
        return LocalizedText(zh: zh, en: en)
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar = node, tagName(node) == .bool, let value = node.bool else {
            report(.error, FindingCode.wrongType, "\(what) must be `true` or `false`, not \(kind(node))", at: node)
            return nil
        }
        return value
    }

    /// A number of points, exact to 0.01, not negative.
    func points(_ node: Node, _ what: String) -> Points? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, FindingCode.wrongType, "\(what) must be a number of points, not \(kind(node))", at: node)
            return nil
        }
        guard let points = Points(scalar.string) else {
            report(.error, FindingCode.invalidValue,
                   "\(what) must be a decimal number with at most two decimals, not `\(scalar.string)`", at: node)
            return nil
        }
        guard points >= .zero else {
            report(.error, FindingCode.invalidValue, "\(what) must not be negative", at: node)
            return nil
        }
        return points
    }

    /// A positive whole number.
    func positiveInteger(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, FindingCode.wrongType, "\(what) must be a whole number, not \(kind(node))", at: node)
            return nil
        }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        guard let value = Int(text), value > 0 else {
            report(.error, FindingCode.invalidValue, "\(what) must be a positive whole number, not `\(scalar.string)`",
                   at: node)
            return nil
        }
        return value
    }

    /// A positive exact decimal.
    func positiveDecimal(_ node: Node, _ what: String) -> Decimal? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, FindingCode.wrongType, "\(what) must be a number, not \(kind(node))", at: node)
            return nil
        }
        guard let value = exactDecimal(scalar.string), value > 0 else {
            report(.error, FindingCode.invalidValue, "\(what) must be a positive number, not `\(scalar.string)`",
                   at: node)
            return nil
        }
        return value
    }

    /// An interval such as `[80, 90)`, or `[20%, 40%)` with `percent`.
    func interval(_ node: Node, _ what: String, percent: Bool) -> Interval? {
        guard let text = string(node, what) else { return nil }
        guard let interval = Interval(text, percent: percent) else {
            let example = percent ? "`[20%, 40%)`" : "`[80, 90)`"
            report(.error, FindingCode.invalidValue,
                   "\(what) must be an interval such as \(example), not `\(text)`", at: node)
            return nil
        }
        guard interval.lower < interval.upper
            || (interval.lower == interval.upper && interval.lowerClosed && interval.upperClosed)
        else {
            report(.error, FindingCode.invalidValue, "\(what) `\(text)` is empty: its lower end is not below its upper end",
                   at: node)
            return nil
        }
        return interval
    }

    /// One of the raw values of an enumeration, with a "did you mean".
    func setting<Setting: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as _: Setting.Type)
        -> Setting? where Setting.RawValue == String
    {
        guard let text = string(node, what) else { return nil }
        if let value = Setting(rawValue: text) { return value }
        let allowed = Setting.allCases.map(\.rawValue)
        report(.error, FindingCode.invalidValue,
               "\(what) must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", ")), not `\(text)`"
                   + Suggestion.didYouMean(text, among: allowed), at: node)
        return nil
    }

    /// A free-form parameter value: numbers stay exact, maps keep their order.
    func parameter(_ node: Node, _ what: String) -> ParameterValue? {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            switch tagName(node) {
            case .null: return .null
            case .bool: return node.bool.map(ParameterValue.bool)
            case .int:
                if let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) ?? node.int {
                    return .integer(value)
                }
                if let value = exactDecimal(scalar.string) { return .decimal(value) }
            case .float:
                if let value = exactDecimal(scalar.string)
                    ?? Decimal(string: scalar.string, locale: Locale(identifier: "en_US_POSIX")),
                    node.float?.isFinite == true
                {
                    return .decimal(value)
                }
                report(.error, FindingCode.invalidValue,
                       "\(what) must be a finite number, not `\(scalar.string)`", at: node)
                return nil
            default: return .string(scalar.string)
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var values: [ParameterValue] = []
            for (index, item) in sequence.enumerated() {
                if let value = parameter(item, "item \(index + 1) of \(what)") { values.append(value) }
            }
            return .list(values)
        case .mapping(let mapping):
            var map = ParameterMap()
            for (keyNode, value) in mapping {
                guard case .scalar(let key) = keyNode else {
                    report(.error, FindingCode.wrongType, "a key of \(what) must be a plain text", at: keyNode)
                    continue
                }
                if let parsed = parameter(value, "`\(key.string)` of \(what)") { map[key.string] = parsed }
            }
            return .map(map)
        case .alias:
            report(.error, FindingCode.wrongType, "\(what) must not be an alias", at: node)
            return nil
        }
    }
}

extension ParameterValue {
    fileprivate static func bool(_ value: Bool) -> ParameterValue { .boolean(value) }
}
