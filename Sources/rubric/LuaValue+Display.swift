import Foundation
import LuaHost

/// A JSON document read as a Lua value.
struct JSONLuaValue: Decodable {
    let value: LuaValue

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .nil
        } else if let flag = try? container.decode(Bool.self) {
            value = .boolean(flag)
        } else if let integer = try? container.decode(Int64.self) {
            value = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let array = try? container.decode([JSONLuaValue].self) {
            value = .array(array.map(\.value))
        } else {
            value = .table(try container.decode([String: JSONLuaValue].self).mapValues(\.value))
        }
    }
}

extension LuaValue {
    /// Lua table-constructor syntax with keys sorted, for stable output.
    var displayText: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .number(let number): return number.description
        case .string(let text):
            return "\""
                + text.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .array(let elements): return "{" + elements.map(\.displayText).joined(separator: ", ") + "}"
        case .table(let fields):
            return "{" + fields.keys.sorted().map { "\($0) = \(fields[$0]!.displayText)" }.joined(separator: ", ") + "}"
        case .fields: return LuaValue.table(tableValue ?? [:]).displayText
        case .function(let function): return "function: \(function.name)"
        case .records(let records): return "records(\(records.count) rows)"
        }
    }
}
