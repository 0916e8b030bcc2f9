/// A value handed to a rule: the shapes a Lua value can take, so that the Lua
/// binding converts it one to one. Tables keep their fields in a fixed order
/// (never hash order), so conversions and printouts are deterministic.
///
/// Conventions: dates are ISO strings `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SS`
/// (both compare correctly as text); decimals are numbers by default or their exact
/// text on request (see `DecimalForm`); an empty cell is `null` (absent in Lua).
public enum EvidenceValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A Lua sequence (1-based in Lua).
    case array([EvidenceValue])
    /// A Lua table with string keys, in a fixed order.
    case table([EvidenceField])

    /// A table from key-value pairs, in the given order.
    public static func fields(_ pairs: KeyValuePairs<String, EvidenceValue>) -> EvidenceValue {
        .table(pairs.map { EvidenceField($0.key, $0.value) })
    }

    /// A string, or `null` for nil.
    public static func optional(_ text: String?) -> EvidenceValue {
        text.map(EvidenceValue.string) ?? .null
    }

    /// A boolean, or `null` for nil.
    public static func optional(_ flag: Bool?) -> EvidenceValue {
        flag.map(EvidenceValue.boolean) ?? .null
    }

    /// The field of a table with this key; `null` when absent or not a table.
    public subscript(key: String) -> EvidenceValue {
        guard case .table(let fields) = self else { return .null }
        return fields.first { $0.key == key }?.value ?? .null
    }

    /// The element of an array at a 1-based index, as in Lua; `null` when out of range.
    public subscript(index: Int) -> EvidenceValue {
        guard case .array(let items) = self, index >= 1, index <= items.count else { return .null }
        return items[index - 1]
    }

    public var isNull: Bool { self == .null }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .boolean(let b) = self { b } else { nil } }
    public var integerValue: Int64? { if case .integer(let i) = self { i } else { nil } }

    /// A number: a `number`, or an `integer` as a Double.
    public var doubleValue: Double? {
        switch self {
        case .number(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }

    /// The elements of an array; nil when not an array.
    public var arrayValue: [EvidenceValue]? { if case .array(let a) = self { a } else { nil } }

    /// The fields of a table; nil when not a table.
    public var tableValue: [EvidenceField]? { if case .table(let t) = self { t } else { nil } }
}

/// One field of an `EvidenceValue.table`.
public struct EvidenceField: Sendable, Hashable {
    public var key: String
    public var value: EvidenceValue

    public init(_ key: String, _ value: EvidenceValue) {
        self.key = key
        self.value = value
    }
}

/// How decimal cells reach rules.
public enum DecimalForm: String, Sendable, Hashable {
    /// A Lua number (a double): exact for money to the fen up to 10^13 and for hours; the default.
    case number
    /// The exact text as written in the CSV (`"1234.50"`), for exact arithmetic.
    case string
}

extension RecordValue {
    /// The value as a rule sees it.
    public func evidenceValue(decimals: DecimalForm = .number) -> EvidenceValue {
        switch self {
        case .null: .null
        case .string(let s): .string(s)
        case .integer(let i): .integer(i)
        case .decimal(let d): decimals == .number ? .number(d.doubleValue) : .string(d.description)
        case .date(let d): .string(d.description)
        case .dateTime(let t): .string(t.description)
        case .boolean(let b): .boolean(b)
        }
    }
}
