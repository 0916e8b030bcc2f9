import CLua
import CLuaSupport

/// Moves values between Swift and one Lua stack using only functions that do
/// not raise (see LuaHost.swift). Callers lift the memory cap around it.
struct LuaStack {
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // `L` is the Lua C API's own name for a state, as in every Lua binding.
    let L: OpaquePointer
    let depthLimit: Int

    /// A problem converting a value, with the path of the value inside what
    /// was converted (`result.findings[2].message`).
    struct ConversionError: Error {
        var path: String
        var problem: String

        var message: String { "\(path): \(problem)" }
    }

    // MARK: Swift to Lua

    /// Pushes `value`; returns false when the stack cannot grow or the value
    /// is nested deeper than the limit (nothing is left pushed then).
    func push(_ value: LuaValue, depth: Int = 0) -> Bool {
        guard lua_checkstack(L, 3) != 0 else { return false }
        switch value {
        case .nil:
            lua_pushnil(L)
        case .boolean(let flag):
            lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number):
            lua_pushinteger(L, lua_Integer(number))
        case .number(let number):
            lua_pushnumber(L, number)
        case .string(let text):
            pushString(text)
        case .array(let elements):
            guard depth < depthLimit else { return false }
            lua_createtable(L, Int32(clamping: elements.count), 0)
            for (index, element) in elements.enumerated() {
                guard push(element, depth: depth + 1) else {
                    rubric_lua_pop(L, 1)
                    return false
                }
                lua_rawseti(L, -2, lua_Integer(index + 1))
            }
        case .table(let fields):
            guard depth < depthLimit else { return false }
            lua_createtable(L, 0, Int32(clamping: fields.count))
            // Sorted, so that the table is built the same way every time.
            for key in fields.keys.sorted() {
                pushString(key)
                guard push(fields[key]!, depth: depth + 1) else {
                    rubric_lua_pop(L, 2)
                    return false
                }
                lua_rawset(L, -3)
            }
        case .fields(let fields):
            guard depth < depthLimit else { return false }
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for field in fields {
                pushString(field.key)
                guard push(field.value, depth: depth + 1) else {
                    rubric_lua_pop(L, 2)
                    return false
                }
                lua_rawset(L, -3)
            }
        case .records(let records):
            guard depth + 1 < depthLimit else { return false }
            return push(records)
        case .function(let function):
            if function.isPermanent {
                rubric_push_host_function(L, Unmanaged.passUnretained(function).toOpaque())
            } else {
                let box = Unmanaged.passRetained(function)
                LuaState.owner(of: L).retain(box)
                rubric_push_host_function(L, box.toOpaque())
            }
        }
        return true
    }

    /// Pushes records row by row: the keys once, then one table per row.
    private func push(_ records: LuaRecords) -> Bool {
        let base = lua_gettop(L)
        guard lua_checkstack(L, Int32(clamping: records.keys.count + 8)) != 0 else { return false }
        for key in records.keys { pushString(key) }
        lua_createtable(L, Int32(clamping: records.count), 0)
        let list = lua_gettop(L)
        var values = [LuaValue](repeating: .nil, count: records.keys.count)
        for row in 0..<records.count {
            for index in values.indices { values[index] = .nil }
            records.fill(row, &values)
            let present = values.reduce(0) { $1 == .nil ? $0 : $0 + 1 }
            lua_createtable(L, 0, Int32(present))
            for (index, value) in values.enumerated() where value != .nil {
                lua_pushvalue(L, base + 1 + Int32(index))
                guard push(value, depth: 2) else {
                    lua_settop(L, base)
                    return false
                }
                lua_rawset(L, -3)
            }
            lua_rawseti(L, list, lua_Integer(row + 1))
        }
        // Move the list below the keys, then drop the keys.
        lua_rotate(L, base + 1, 1)
        lua_settop(L, base + 1)
        return true
    }

    func pushString(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    // MARK: Lua to Swift

    /// Reads the value at `index` (absolute or relative).
    func read(_ index: Int32, path: String) throws(ConversionError) -> LuaValue {
        var onPath: Set<UnsafeRawPointer> = []
        return try read(lua_absindex(L, index), path: path, depth: 0, onPath: &onPath)
    }

    private func read(
        _ index: Int32, path: String, depth: Int,
        onPath: inout Set<UnsafeRawPointer>
    ) throws(ConversionError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(rubric_lua_tointeger(L, index))) }
            return .number(rubric_lua_tonumber(L, index))
        case LUA_TSTRING:
            guard let text = string(at: index) else {
                throw ConversionError(path: path, problem: "string is not valid UTF-8")
            }
            return .string(text)
        case LUA_TTABLE:
            return try readTable(index, path: path, depth: depth, onPath: &onPath)
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw ConversionError(path: path, problem: "a \(type) cannot be passed to the host")
        }
    }

    private func readTable(
        _ index: Int32, path: String, depth: Int,
        onPath: inout Set<UnsafeRawPointer>
    ) throws(ConversionError) -> LuaValue {
        guard depth < depthLimit else {
            throw ConversionError(path: path, problem: "tables nested deeper than \(depthLimit) levels")
        }
        guard let pointer = lua_topointer(L, index) else { return .nil }
        guard onPath.insert(pointer).inserted else {
            throw ConversionError(path: path, problem: "table contains itself (a cycle)")
        }
        defer { onPath.remove(pointer) }
        guard lua_checkstack(L, 4) != 0 else {
            throw ConversionError(path: path, problem: "Lua stack exhausted")
        }
        var fields: [String: LuaValue] = [:]
        var integerKeys = 0
        var maxIntegerKey: Int64 = 0
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            // key at -2, value at -1
            switch lua_type(L, -2) {
            case LUA_TSTRING:
                guard let key = string(at: -2) else {
                    rubric_lua_pop(L, 2)
                    throw ConversionError(path: path, problem: "a key is not valid UTF-8")
                }
                do {
                    fields[key] = try read(
                        lua_absindex(L, -1), path: "\(path).\(key)", depth: depth + 1,
                        onPath: &onPath)
                } catch {
                    rubric_lua_pop(L, 2)
                    throw error
                }
            case LUA_TNUMBER where lua_isinteger(L, -2) != 0 && rubric_lua_tointeger(L, -2) >= 1:
                integerKeys += 1
                maxIntegerKey = max(maxIntegerKey, Int64(rubric_lua_tointeger(L, -2)))
            default:
                let type = String(cString: lua_typename(L, lua_type(L, -2)))
                rubric_lua_pop(L, 2)
                throw ConversionError(
                    path: path, problem: "a table key must be a string or a positive integer, not a \(type)")
            }
            rubric_lua_pop(L, 1)
        }
        if integerKeys == 0 {
            return fields.isEmpty ? .array([]) : .table(fields)
        }
        guard fields.isEmpty else {
            throw ConversionError(path: path, problem: "table mixes array elements and string keys")
        }
        guard maxIntegerKey == Int64(integerKeys) else {
            throw ConversionError(path: path, problem: "array has holes (keys are not 1...\(integerKeys))")
        }
        var elements: [LuaValue] = []
        elements.reserveCapacity(integerKeys)
        for position in 1...integerKeys {
            lua_rawgeti(L, index, lua_Integer(position))
            do {
                elements.append(
                    try read(
                        lua_absindex(L, -1), path: "\(path)[\(position)]", depth: depth + 1,
                        onPath: &onPath))
            } catch {
                rubric_lua_pop(L, 1)
                throw error
            }
            rubric_lua_pop(L, 1)
        }
        return .array(elements)
    }

    /// The string at `index` (which must be a string), or nil when it is not valid UTF-8.
    func string(at index: Int32) -> String? {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        return String(validating: bytes, as: UTF8.self)
    }

    /// The bytes of the string at `index` (which must be a string).
    func bytes(at index: Int32) -> [UInt8] {
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }

    /// `type()` of the value at `index`, `no value` past the top.
    func typeName(at index: Int32) -> String {
        let type = lua_type(L, index)
        if type == LUA_TNONE { return "no value" }
        return String(cString: lua_typename(L, type))
    }
}
