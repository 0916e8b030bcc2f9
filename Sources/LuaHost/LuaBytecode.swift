/// The functions of a compiled chunk read back from the host's own dump
/// (Lua 5.4's `lua_dump` format, debug information kept): each function's
/// instructions, constants, upvalue names, local variable names and the
/// source line of every instruction. Only what static checks need; nothing
/// is ever run from it.
struct LuaBytecode {
    /// A constant of a function.
    enum Constant: Equatable {
        case none
        case string(String)
        case other
    }

    /// One function (prototype) of the chunk.
    struct Function {
        var code: [UInt32] = []
        var lines: [Int] = []
        var constants: [Constant] = []
        var upvalueNames: [String] = []
        /// Local variables: name and the instruction range where each is live.
        var locals: [(name: String, start: Int, end: Int)] = []
        var numParams = 0
        var isVararg = false
        var children: [Function] = []
    }

    /// The main function of the chunk.
    let main: Function

    /// Reads `bytes`, a dump made by this host's Lua; nil when they are not
    /// one (a different Lua version or a truncated dump).
    init?(dump bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        // Signature, version 5.4, format 0, LUAC_DATA, three sizes, LUAC_INT, LUAC_NUM.
        guard bytes.count > 32, bytes[0] == 0x1B, bytes[1] == 0x4C, bytes[4] == 0x54, bytes[5] == 0,
            bytes[12] == 4, bytes[13] == 8, bytes[14] == 8
        else { return nil }
        reader.offset = 31
        guard reader.byte() != nil, let main = reader.function() else { return nil }
        self.main = main
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// Lua 5.4's `loadSize`: 7 bits a byte, most significant first, the last byte marked.
        mutating func size() -> Int? {
            var value = 0
            while let byte = byte() {
                guard value < Int.max >> 8 else { return nil }
                value = (value << 7) | Int(byte & 0x7F)
                if byte & 0x80 != 0 { return value }
            }
            return nil
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, offset + count <= bytes.count else { return false }
            offset += count
            return true
        }

        /// A string, or "" for none.
        mutating func string() -> String? {
            guard let size = size() else { return nil }
            if size == 0 { return "" }
            let length = size - 1
            guard offset + length <= bytes.count else { return nil }
            defer { offset += length }
            return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        }

        mutating func function() -> Function? {
            var function = Function()
            guard string() != nil, let lineDefined = size(), size() != nil,
                let numParams = byte(), let vararg = byte(), byte() != nil,
                let codeCount = size(), offset + codeCount * 4 <= bytes.count
            else { return nil }
            function.numParams = Int(numParams)
            function.isVararg = vararg != 0
            function.code.reserveCapacity(codeCount)
            for index in 0..<codeCount {
                let base = offset + index * 4
                function.code.append(
                    UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                        | UInt32(bytes[base + 3]) << 24)
            }
            offset += codeCount * 4
            guard let constantCount = size() else { return nil }
            for _ in 0..<constantCount {
                guard let type = byte() else { return nil }
                switch type {
                case 0, 1, 17: function.constants.append(.none)
                case 3, 19:
                    guard skip(8) else { return nil }
                    function.constants.append(.other)
                case 4, 20:
                    guard let text = string() else { return nil }
                    function.constants.append(.string(text))
                default: return nil
                }
            }
            guard let upvalueCount = size(), skip(upvalueCount * 3), let childCount = size() else { return nil }
            for _ in 0..<childCount {
                guard let child = self.function() else { return nil }
                function.children.append(child)
            }
            // Debug information: relative line deltas, absolute lines, locals, upvalue names.
            guard let deltaCount = size(), offset + deltaCount <= bytes.count else { return nil }
            let deltas = bytes[offset..<offset + deltaCount].map { Int(Int8(bitPattern: $0)) }
            offset += deltaCount
            guard let absoluteCount = size() else { return nil }
            var absolute: [Int: Int] = [:]
            for _ in 0..<absoluteCount {
                guard let pc = size(), let line = size() else { return nil }
                absolute[pc] = line
            }
            var line = lineDefined
            for (pc, delta) in deltas.enumerated() {
                if delta == -0x80, let exact = absolute[pc] { line = exact } else { line += delta }
                function.lines.append(line)
            }
            guard let localCount = size() else { return nil }
            for _ in 0..<localCount {
                guard let name = string(), let start = size(), let end = size() else { return nil }
                function.locals.append((name, start, end))
            }
            guard let nameCount = size() else { return nil }
            for _ in 0..<nameCount {
                guard let name = string() else { return nil }
                function.upvalueNames.append(name)
            }
            return function
        }
    }
}
