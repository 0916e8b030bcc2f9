import Diagnostics
import Foundation
import Yams

/// Reads the YAML nodes of one file into values, recording every problem as a
/// finding with the file, line and column, and carrying on so that all problems
/// are reported at once. The one node reader of the rubric, its overlays, the
/// overrides file and rule tests; the bundle manifest, which has a faster tree
/// of its own, shares its ``YAMLFields``, ``YAMLGuard`` and wording.
///
/// ```swift
/// let reader = YAMLReader(file: "overrides.yaml")
/// if let root = reader.compose(text, refusing: true),
///    let fields = reader.mapping(root, "the overrides file", keys: ["overrides"]) { … }
/// ```
public final class YAMLReader {
    /// The stable codes of the findings the reader makes.
    public enum Code {
        public static let syntax = "yaml-syntax"
        public static let unknownKey = "unknown-key"
        public static let missingField = "missing-field"
        public static let wrongType = "wrong-type"
        public static let invalidValue = "invalid-value"
    }

    /// The file's path as shown in findings.
    public let file: String
    public private(set) var findings: [Finding] = []

    public init(file: String) {
        self.file = file
    }

    // MARK: Findings

    public func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    public func report(_ severity: Finding.Severity = .error, _ code: String, _ message: String, at node: Node?) {
        findings.append(Finding(severity, code: code, message: message, location: location(node)))
    }

    public func append(_ finding: Finding) {
        findings.append(finding)
    }

    // MARK: Documents

    /// Parses YAML text into its root node. With `refusing`, anchors, aliases,
    /// merge keys and tags are refused first (``YAMLGuard``), before Yams sees
    /// the text. A refusal, a syntax error and an empty text (`whenEmpty`, with
    /// the code `missing-field`) become findings and give nil.
    public func compose(_ text: String, refusing: Bool, whenEmpty: String = "the file is empty") -> Node? {
        if refusing, let refusal = YAMLGuard.check(text, file: file) {
            findings.append(refusal)
            return nil
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                report(.error, Code.missingField, whenEmpty, at: nil)
                return nil
            }
            return root
        } catch let error as YamlError {
            let (message, mark) = Self.describe(error)
            findings.append(
                Finding(
                    .error, code: Code.syntax, message: message,
                    location: SourceLocation(file: file, line: mark?.line, column: mark?.column)))
            return nil
        } catch {
            report(.error, Code.syntax, "malformed YAML: \(error)", at: nil)
            return nil
        }
    }

    /// A Yams error as a message and where it is, when known.
    public static func describe(_ error: YamlError) -> (message: String, mark: Mark?) {
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

    /// A mapping's fields, after reporting unknown keys (with a "did you mean")
    /// and missing required keys. `nil` (and a finding) when the node is not a mapping.
    public func mapping(_ node: Node, _ what: String, keys: [String], required: [String] = []) -> YAMLFields<Node>? {
        guard case .mapping(let mapping) = node else {
            report(.error, Code.wrongType, "\(what) must be a mapping of keys to values, not \(kind(node))", at: node)
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.error, Code.wrongType, "a key of \(what) must be a plain text", at: keyNode)
                continue
            }
            pairs.append((scalar.string, keyNode, value))
        }
        let fields = YAMLFields.checking(node, pairs: pairs, keys: keys, what: what) { keyNode, message in
            report(.error, Code.unknownKey, message, at: keyNode)
        }
        for key in required where !fields.has(key) {
            report(.error, Code.missingField, "\(what) is missing the required key `\(key)`", at: node)
        }
        return fields
    }

    /// A sequence's items; `nil` (and a finding) when the node is not a sequence.
    public func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.error, Code.wrongType, "\(what) must be a list, not \(kind(node))", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// The node's resolved YAML tag (`int`, `float`, `bool`, `null`, `str`).
    public func tagName(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.rawValue)
    }

    /// Whether the node is YAML's null (`~`, `null` or nothing, unquoted).
    public func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && tagName(node) == .null
    }

    /// What a node is, for a message: `a mapping`, `the value `x``, `an empty value`.
    public func kind(_ node: Node) -> String {
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
    public func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, Code.wrongType, "\(what) must be a text, not \(kind(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty scalar text.
    public func identifier(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(.error, Code.invalidValue, "\(what) must not be empty", at: node)
            return nil
        }
        return text
    }

    /// A list of texts.
    public func strings(_ node: Node, _ what: String) -> [String]? {
        guard let items = sequence(node, what) else { return nil }
        return items.compactMap { string($0, "an item of \(what)") }
    }

    public func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar = node, tagName(node) == .bool, let value = node.bool else {
            report(.error, Code.wrongType, "\(what) must be `true` or `false`, not \(kind(node))", at: node)
            return nil
        }
        return value
    }

    /// A positive whole number (`_` may group digits).
    public func positiveInteger(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, Code.wrongType, "\(what) must be a whole number, not \(kind(node))", at: node)
            return nil
        }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        guard let value = Int(text), value > 0 else {
            report(
                .error, Code.invalidValue, "\(what) must be a positive whole number, not `\(scalar.string)`",
                at: node)
            return nil
        }
        return value
    }

    /// An exact decimal number written plainly (`0.8`, `1`, `-2.50`); `wrongType`
    /// names what was expected, as in "`fraction` must be a number in [0, 1] such as `0.8`".
    public func decimal(_ node: Node, _ expected: String) -> Decimal? {
        guard case .scalar(let scalar) = node, !isNull(node), let value = Self.exactDecimal(scalar.string) else {
            report(.error, Code.wrongType, "\(expected), not \(kind(node))", at: node)
            return nil
        }
        return value
    }

    /// A value read from a scalar's text by `parse` (a date, an id); `expected`
    /// is the message's start, as in "`date` must be a date YYYY-MM-DD such as `2026-10-20`".
    public func scalar<Value>(
        _ node: Node, _ expected: String, code: String = Code.invalidValue,
        _ parse: (String) -> Value?
    ) -> Value? {
        guard case .scalar(let scalar) = node, !isNull(node), let value = parse(scalar.string) else {
            report(.error, code, "\(expected), not \(kind(node))", at: node)
            return nil
        }
        return value
    }

    /// One of the raw values of an enumeration, with a "did you mean".
    public func setting<Setting: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as _: Setting.Type)
        -> Setting? where Setting.RawValue == String
    {
        guard let text = string(node, what) else { return nil }
        if let value = Setting(rawValue: text) { return value }
        let allowed = Setting.allCases.map(\.rawValue)
        report(
            .error, Code.invalidValue,
            "\(what) must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", ")), not `\(text)`"
                + Suggestion.didYouMean(text, among: allowed), at: node)
        return nil
    }

    /// Parses a plain decimal text (`12`, `-0.5`, `2.50`) exactly; `nil` for
    /// anything else (exponents, `.5`, `1.`, `inf`).
    public static func exactDecimal(_ text: String) -> Decimal? {
        let body = text.trimmingCharacters(in: .whitespaces)
        var rest = Substring(body)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let pieces = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            return nil
        }
        if pieces.count == 2 {
            guard !pieces[1].isEmpty, pieces[1].allSatisfy(\.isASCIIDigit) else { return nil }
        }
        return Decimal(string: body, locale: Locale(identifier: "en_US_POSIX"))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
