import Diagnostics
import Foundation
import YAMLSupport
import Yams

/// The checked fields of a mapping of the rubric or an overlay.
typealias Fields = YAMLFields<Node>

/// The values particular to the rubric format, read on top of the shared YAML
/// reader: localized texts, points, intervals and free-form parameters.
extension YAMLReader {
    /// `{zh: …, en: …}`, both required.
    func localized(_ node: Node, _ what: String) -> LocalizedText? {
        guard let fields = mapping(node, what, keys: ["zh", "en"], required: ["zh", "en"]),
            let zhNode = fields["zh"], let enNode = fields["en"],
            let zh = string(zhNode, "`zh` of \(what)"), let en = string(enNode, "`en` of \(what)")
        else { return nil }
        return LocalizedText(zh: zh, en: en)
    }

    /// A number of points, exact to 0.01, not negative.
    func points(_ node: Node, _ what: String) -> Points? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, Code.wrongType, "\(what) must be a number of points, not \(kind(node))", at: node)
            return nil
        }
        guard let points = Points(scalar.string) else {
            report(
                .error, Code.invalidValue,
                "\(what) must be a decimal number with at most two decimals, not `\(scalar.string)`", at: node)
            return nil
        }
        guard points >= .zero else {
            report(.error, Code.invalidValue, "\(what) must not be negative", at: node)
            return nil
        }
        return points
    }

    /// A positive exact decimal.
    func positiveDecimal(_ node: Node, _ what: String) -> Decimal? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.error, Code.wrongType, "\(what) must be a number, not \(kind(node))", at: node)
            return nil
        }
        guard let value = Self.exactDecimal(scalar.string), value > 0 else {
            report(
                .error, Code.invalidValue, "\(what) must be a positive number, not `\(scalar.string)`",
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
            report(
                .error, Code.invalidValue,
                "\(what) must be an interval such as \(example), not `\(text)`", at: node)
            return nil
        }
        guard
            interval.lower < interval.upper
                || (interval.lower == interval.upper && interval.lowerClosed && interval.upperClosed)
        else {
            report(
                .error, Code.invalidValue, "\(what) `\(text)` is empty: its lower end is not below its upper end",
                at: node)
            return nil
        }
        return interval
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
                if let value = Self.exactDecimal(scalar.string) { return .decimal(value) }
            case .float:
                if let value = Self.exactDecimal(scalar.string)
                    ?? Decimal(string: scalar.string, locale: Locale(identifier: "en_US_POSIX")),
                    node.float?.isFinite == true
                {
                    return .decimal(value)
                }
                report(
                    .error, Code.invalidValue,
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
                    report(.error, Code.wrongType, "a key of \(what) must be a plain text", at: keyNode)
                    continue
                }
                if let parsed = parameter(value, "`\(key.string)` of \(what)") { map[key.string] = parsed }
            }
            return .map(map)
        case .alias:
            report(.error, Code.wrongType, "\(what) must not be an alias", at: node)
            return nil
        }
    }
}

extension ParameterValue {
    fileprivate static func bool(_ value: Bool) -> ParameterValue { .boolean(value) }
}
