import Foundation

/// A free-form value handed to a rule through a leaf's `params`.
///
/// Numbers stay exact: integers are `Int`, other numbers are `Decimal` parsed from
/// the YAML text (never through `Double`). Maps keep their keys in file order.
public indirect enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case boolean(Bool)
    case integer(Int)
    case decimal(Decimal)
    case string(String)
    case list([ParameterValue])
    case map(ParameterMap)

    public var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    public var intValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as a decimal number, for integers and decimals.
    public var decimalValue: Decimal? {
        switch self {
        case .integer(let value): Decimal(value)
        case .decimal(let value): value
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var listValue: [ParameterValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    public var mapValue: ParameterMap? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// A compact, YAML-like rendering: `7`, `0.85`, `"text"`, `[a, b]`, `{k: v}`.
    public var description: String {
        switch self {
        case .null: "null"
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .decimal(let value): value.description
        case .string(let value): "\"\(value)\""
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let map):
            "{" + map.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
