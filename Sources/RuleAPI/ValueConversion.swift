import Evidence
import Foundation
import LuaHost
import Scheme

// Conversions between the values of the evidence API (`EvidenceValue`,
// `RecordValue`, `ParameterValue`) and the values that cross into Lua (`LuaValue`).

extension EvidenceValue {
    /// The value as Lua gets it: `null` is nil (a field that is not set, a hole in
    /// a list), ordered fields become a string-keyed table, arrays stay arrays.
    public var luaValue: LuaValue {
        switch self {
        case .null: .nil
        case .boolean(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.luaValue))
        case .table(let fields):
            .fields(fields.compactMap { $0.value.isNull ? nil : LuaField($0.key, $0.value.luaValue) })
        }
    }
}

extension RecordValue {
    /// One cell as Lua gets it, without an `EvidenceValue` in between.
    func luaValue(decimals: DecimalForm) -> LuaValue {
        switch self {
        case .null: .nil
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .decimal(let decimal): decimals == .number ? .number(decimal.doubleValue) : .string(decimal.description)
        case .date(let date): .string(date.description)
        case .dateTime(let time): .string(time.description)
        case .boolean(let flag): .boolean(flag)
        }
    }
}

extension LuaValue {
    /// A value a rule handed over, as the evidence API reads it. String-keyed
    /// tables get their keys in sorted order, so the result never depends on hash
    /// order. Functions and records (which never come from Lua) become `null`.
    public var evidenceValue: EvidenceValue {
        switch self {
        case .nil, .function, .records: .null
        case .boolean(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.evidenceValue))
        case .table(let fields):
            .table(fields.keys.sorted().map { EvidenceField($0, fields[$0]!.evidenceValue) })
        case .fields(let fields):
            .table(fields.map { EvidenceField($0.key, $0.value.evidenceValue) })
        }
    }
}

extension ParameterMap {
    /// The parameters as `ev.params()` gives them: a table with the keys in file
    /// order. Decimals become numbers (doubles), or their exact text for
    /// `decimals: .string`, as decimal cells do.
    public func evidenceValue(decimals: DecimalForm = .number) -> EvidenceValue {
        .table(entries.map { EvidenceField($0.key, $0.value.evidenceValue(decimals: decimals)) })
    }
}

extension ParameterValue {
    /// The value as a rule gets it through `ev.params()`.
    public func evidenceValue(decimals: DecimalForm = .number) -> EvidenceValue {
        switch self {
        case .null: .null
        case .boolean(let flag): .boolean(flag)
        case .integer(let number): .integer(Int64(number))
        case .decimal(let decimal):
            // Through the decimal text, never through binary arithmetic: the nearest double.
            decimals == .number ? .number(Double(decimal.description) ?? .nan) : .string(decimal.description)
        case .string(let text): .string(text)
        case .list(let values): .array(values.map { $0.evidenceValue(decimals: decimals) })
        case .map(let map): map.evidenceValue(decimals: decimals)
        }
    }
}
