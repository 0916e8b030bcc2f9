import Evidence
import LuaHost

/// The options table of an API call (`{columns = {...}, decimals = "string"}`,
/// `{type = ..., project = ...}`), checked: a key outside the allowed ones is a
/// bad argument, so that a misspelt option never passes silently.
struct LuaOptions {
    private let fields: [String: LuaValue]
    private let position: Int

    /// Reads argument `position`: absent or nil gives no options.
    init(_ arguments: LuaArguments, _ position: Int, allowed: [String]) throws(LuaArgumentError) {
        self.position = position
        guard let table = try arguments.optionalTable(position) else {
            fields = [:]
            return
        }
        guard let fields = table.tableValue else {
            throw LuaArgumentError(
                position: position,
                problem: "table with fields \(allowed.joined(separator: ", ")) expected, got a list")
        }
        for key in fields.keys.sorted() where !allowed.contains(key) {
            throw LuaArgumentError(
                position: position,
                problem: "unknown field '\(key)' (fields: \(allowed.joined(separator: ", ")))")
        }
        self.fields = fields
    }

    /// The raw value of a field; `.nil` when absent.
    func value(_ key: String) -> LuaValue { fields[key] ?? .nil }

    /// A string field, or nil when absent.
    func string(_ key: String) throws(LuaArgumentError) -> String? {
        switch value(key) {
        case .nil: return nil
        case .string(let text): return text
        case let other: throw problem("field '\(key)' must be a string, got \(other.typeName)")
        }
    }

    /// A field holding a list of strings, or nil when absent.
    func strings(_ key: String) throws(LuaArgumentError) -> [String]? {
        let field = value(key)
        if case .nil = field { return nil }
        guard let items = field.arrayValue else {
            throw problem(
                "field '\(key)' must be a list of strings, got \(field.typeName == "table" ? "a table with keys" : field.typeName)"
            )
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw problem("field '\(key)'[\(index + 1)] must be a string, got \(item.typeName)")
            }
            result.append(text)
        }
        return result
    }

    /// The `decimals` field: `"number"`, `"string"`, or nil when absent.
    func decimals() throws(LuaArgumentError) -> DecimalForm? {
        guard let text = try string("decimals") else { return nil }
        guard let form = DecimalForm(rawValue: text) else {
            throw problem("field 'decimals' must be \"number\" or \"string\", got '\(text)'")
        }
        return form
    }

    func problem(_ text: String) -> LuaArgumentError {
        LuaArgumentError(position: position, problem: text)
    }
}
