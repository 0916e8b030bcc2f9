/// A value that crosses between Swift and Lua.
///
/// Strings: Lua strings are bytes. Swift strings go to Lua as their UTF-8
/// bytes; a Lua string coming back must be valid UTF-8, otherwise the
/// conversion fails (a bad return value, or a bad argument for a host
/// function): nothing is silently repaired. Host functions that want raw
/// bytes read them with ``LuaArguments/bytes(_:)``.
///
/// Tables: a Lua table with keys 1...n becomes ``array``, one with string keys
/// only becomes ``table``; the empty table becomes an empty ``array``. Tables
/// with other keys, cycles, or nested deeper than the configured limit are
/// refused.
public enum LuaValue: Sendable, Equatable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([LuaValue])
    case table([String: LuaValue])
    /// A string-keyed table whose fields are set in the order given; goes from
    /// Swift to Lua only. Cheaper than ``table`` for values the host builds in a
    /// known order (no hashing, no sorting), and as deterministic.
    case fields([LuaField])
    /// A Swift-implemented function; goes from Swift to Lua only.
    case function(LuaHostFunction)
    /// Rows streamed into Lua as an array of tables; goes from Swift to Lua only.
    case records(LuaRecords)

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a Double, when this is an integer or a number.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The integer, when this is an integer or a number with an exact integer value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The Boolean, when this is a Boolean.
    public var booleanValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array (an empty table counts as an empty array).
    public var arrayValue: [LuaValue]? {
        switch self {
        case .array(let elements): elements
        case .table(let fields) where fields.isEmpty: []
        case .fields(let fields) where fields.isEmpty: []
        default: nil
        }
    }

    /// The fields, when this is a string-keyed table (an empty array counts as an empty table).
    public var tableValue: [String: LuaValue]? {
        switch self {
        case .table(let fields): fields
        case .fields(let fields): Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        case .array(let elements) where elements.isEmpty: [:]
        default: nil
        }
    }

    /// The field `key` of a table, or nil.
    public subscript(key: String) -> LuaValue? {
        tableValue?[key]
    }

    /// The Lua type name of the value, as `type()` would give it.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array, .table, .fields, .records: "table"
        case .function: "function"
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .table(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension LuaValue {
    /// A table of string keys built in the order written (`.fields`), from a
    /// literal: `.ordered(["parse": ..., "compare": ...])`. Nothing is hashed
    /// or sorted on the Swift side, which matters for tables made for every rule.
    public static func ordered(_ pairs: KeyValuePairs<String, LuaValue>) -> LuaValue {
        .fields(pairs.map { LuaField($0.key, $0.value) })
    }
}

/// One field of a ``LuaValue/fields(_:)`` table.
public struct LuaField: Sendable, Equatable {
    public var key: String
    public var value: LuaValue

    public init(_ key: String, _ value: LuaValue) {
        self.key = key
        self.value = value
    }
}
