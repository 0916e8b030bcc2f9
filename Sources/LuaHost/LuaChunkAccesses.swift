/// What a compiled chunk reads and writes, found in its instructions without
/// running it: the globals it reads and writes (`GETTABUP`/`SETTABUP` on
/// `_ENV`), the field it takes of a global at once (`ev.documents`), the
/// fields it reads of the rule's params (`ctx.params.x`, `ev.params().x`),
/// its calls of API functions with a constant argument, its calls of the
/// functions of modules it requires (`isi.param(ctx, "x")`) with the constant
/// strings of their arguments, and its string constants. Registers are followed in straight lines only (no control flow):
/// a value that reaches its use through a branch or a table is not seen, so
/// what is found is certain and what is missed is not reported.
///
/// ```swift
/// let accesses = LuaCompiledChunk(compiling: chunk).accesses(apiTables: ["ev", "dates", "findings"])
/// for global in accesses?.globals ?? [] where global.isWrite { print(global.name, global.line) }
/// ```
public struct LuaChunkAccesses: Sendable {
    /// A read or write of a global, with the field read of it at once, if any.
    public struct GlobalAccess: Sendable, Hashable {
        public var name: String
        public var isWrite: Bool
        public var line: Int
        /// `documents` for `ev.documents`: a constant field read of the value just read.
        public var field: String?
    }

    /// A field read of the rule's params (`ctx.params.name` or `ev.params().name`), or a
    /// name read by another means (see ``weightReads``).
    public struct ParamRead: Sendable, Hashable {
        public var name: String
        public var line: Int

        public init(name: String, line: Int) {
            self.name = name
            self.line = line
        }
    }

    /// A call of an API function (`ev.documents`): its first argument when that is a
    /// constant string, and the constant strings given as `type =` in a table argument.
    /// `moduleFunctionsReturningParams` names module functions (`isi.control.params`)
    /// whose result is the rule's params, so that the fields read of it are param reads.
    public struct APICall: Sendable, Hashable {
        public var function: String
        public var line: Int
        public var stringArgument: String?
        public var types: [String]
    }

    /// A call of a function of a module the chunk requires (`local isi = require("isi")`,
    /// then `isi.param(ctx, "x")`): the module's name and the function's, and for each
    /// argument the constant strings it holds (a string, or a table constructor's
    /// list of strings), or nil when it is not a constant.
    public struct ModuleCall: Sendable, Hashable {
        /// `isi.param`: the required module's name, a dot, the field called.
        public var function: String
        public var line: Int
        public var arguments: [[String]?]
    }

    public var globals: [GlobalAccess] = []
    public var paramReads: [ParamRead] = []
    public var calls: [APICall] = []
    public var moduleCalls: [ModuleCall] = []
    /// Entries of the params' `weights` and record tables read, by name: left empty by
    /// the scan, for a caller that knows which calls read them (the linter's library
    /// annotations) to fill.
    public var weightReads: [ParamRead] = []
    public var tableReads: [ParamRead] = []
    /// Every string constant of the chunk.
    public var strings: Set<String> = []

    /// No accesses, to gather those of several chunks into.
    public init() {}
}

extension LuaCompiledChunk {
    /// The accesses of the chunk, or nil when it did not compile. `apiTables`
    /// are the globals whose fields are API functions (`ev`): a call through
    /// one of their fields is an ``LuaChunkAccesses/APICall``.
    public func accesses(
        apiTables: Set<String>, moduleFunctionsReturningParams: Set<String> = []
    ) -> LuaChunkAccesses? {
        guard isBinary, let bytecode = LuaBytecode(dump: bytes) else { return nil }
        var result = LuaChunkAccesses()
        ChunkScanner(apiTables: apiTables, returningParams: moduleFunctionsReturningParams)
            .scan(bytecode.main, known: [:], into: &result)
        return result
    }
}

/// Follows the registers of each function through its instructions (see ``LuaChunkAccesses``).
private struct ChunkScanner {
    let apiTables: Set<String>
    let returningParams: Set<String>

    /// What a register is known to hold.
    enum Mark {
        case global(name: String, access: Int)
        case apiFunction(String)
        case context
        case params
        case table(types: [String], strings: [String])
        case string(String)
        /// The `require` global, a module it returned, and a field of that module.
        case module(String)
        case moduleFunction(String)
    }

    // Lua 5.4's opcodes used here (lopcodes.h).
    static let move: UInt32 = 0, loadK: UInt32 = 3, loadNil: UInt32 = 8, getUpval: UInt32 = 9
    static let setUpval: UInt32 = 10, getTabUp: UInt32 = 11, getField: UInt32 = 14, setTabUp: UInt32 = 15
    static let setTable: UInt32 = 16, setI: UInt32 = 17, setField: UInt32 = 18, newTable: UInt32 = 19
    static let selfOp: UInt32 = 20, jump: UInt32 = 56, call: UInt32 = 68, tailCall: UInt32 = 69
    static let setList: UInt32 = 78
    /// Instructions that write no register: metamethod fallbacks, close, jumps, tests, returns.
    static let writesNothing: Set<UInt32> = [
        10, 15, 16, 17, 18, 46, 47, 48, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 70, 71, 72, 78, 81, 82,
    ]

    /// Scans `function` and its children; `known` holds what the enclosing functions'
    /// locals are known to hold (a required module, or a constant string never assigned again).
    func scan(_ function: LuaBytecode.Function, known: [String: Mark], into result: inout LuaChunkAccesses) {
        var known = known
        for constant in function.constants {
            if case .string(let text) = constant { result.strings.insert(text) }
        }
        var marks: [Int: Mark] = [:]
        for local in function.locals.prefix(function.numParams).enumerated() where local.element.name == "ctx" {
            marks[local.offset] = .context
        }
        func constant(_ index: Int) -> String? {
            guard index < function.constants.count, case .string(let text) = function.constants[index] else {
                return nil
            }
            return text
        }
        func upvalue(_ index: Int) -> String? {
            index < function.upvalueNames.count ? function.upvalueNames[index] : nil
        }
        for (pc, instruction) in function.code.enumerated() {
            let op = instruction & 0x7F
            let a = Int((instruction >> 7) & 0xFF)
            let k = (instruction >> 15) & 1 == 1
            let b = Int((instruction >> 16) & 0xFF)
            let c = Int((instruction >> 24) & 0xFF)
            let line = pc < function.lines.count ? function.lines[pc] : 0
            var mark: Mark?
            switch op {
            case Self.move:
                mark = marks[b]
            case Self.loadK:
                mark = constant(Int(instruction >> 15)).map { .string($0) }
                if let mark { noteLocal(declaredAfter: pc, in: function, holding: mark, into: &known) }
            case Self.getUpval:
                if upvalue(b) == "ctx" {
                    mark = .context
                } else if let name = upvalue(b), let value = known[name] {
                    mark = value
                }
            case Self.getTabUp:
                if upvalue(b) == "_ENV", let name = constant(c) {
                    result.globals.append(.init(name: name, isWrite: false, line: line))
                    mark = .global(name: name, access: result.globals.count - 1)
                } else if let name = upvalue(b) {
                    // A field of an upvalue (`isi.param`, `ctx.params` in a nested function).
                    let base: Mark? = name == "ctx" ? .context : known[name]
                    mark = field(constant(c), of: base, line: line, into: &result)
                }
            case Self.setTabUp:
                if upvalue(a) == "_ENV", let name = constant(b) {
                    result.globals.append(.init(name: name, isWrite: true, line: line))
                }
            case Self.getField, Self.selfOp:
                let key = op == Self.getField || k ? constant(c) : nil
                mark = field(key, of: marks[b], line: line, into: &result)
                if op == Self.selfOp { marks[a + 1] = marks[b] }
            case Self.newTable:
                mark = .table(types: [], strings: [])
            case Self.setList:
                if case .table(let types, var strings) = marks[a] {
                    for register in (a + 1)..<(a + 1 + b) {
                        if case .string(let text) = marks[register] { strings.append(text) }
                    }
                    marks[a] = .table(types: types, strings: strings)
                }
            case Self.setField:
                if case .table(let types, let strings) = marks[a], constant(b) == "type" {
                    let value: String?
                    if k {
                        value = constant(c)
                    } else if case .string(let text) = marks[c] {
                        value = text
                    } else {
                        value = nil
                    }
                    if let value { marks[a] = .table(types: types + [value], strings: strings) }
                }
            case Self.call, Self.tailCall:
                if case .apiFunction(let name) = marks[a] {
                    var call = LuaChunkAccesses.APICall(function: name, line: line, stringArgument: nil, types: [])
                    if b != 1 {
                        switch marks[a + 1] {
                        case .string(let text): call.stringArgument = text
                        case .table(let types, _): call.types = types
                        default: break
                        }
                    }
                    result.calls.append(call)
                    if name == "ev.params" { mark = .params }
                } else if case .moduleFunction(let name) = marks[a] {
                    let count = b == 0 ? 0 : b - 1
                    let arguments: [[String]?] = (0..<count).map { offset in
                        switch marks[a + 1 + offset] {
                        case .string(let text): return [text]
                        case .table(_, let strings): return strings
                        default: return nil
                        }
                    }
                    result.moduleCalls.append(.init(function: name, line: line, arguments: arguments))
                    if returningParams.contains(name) { mark = .params }
                } else if case .global(name: "require", _) = marks[a], b == 2, case .string(let name) = marks[a + 1] {
                    mark = .module(name)
                    noteLocal(declaredAfter: pc, in: function, holding: .module(name), into: &known)
                }
                for register in marks.keys where register > a { marks[register] = nil }
            default:
                break
            }
            if op == Self.loadNil {
                for register in a...(a + b) { marks[register] = nil }
            } else if op == Self.call || op == Self.getField || op == Self.selfOp || !Self.writesNothing.contains(op) {
                marks[a] = mark
            }
        }
        for child in function.children { scan(child, known: known, into: &result) }
    }

    /// Notes what the local declared by the instruction at `pc` holds, when nothing
    /// assigns it again: no later instruction of `function` writes its register
    /// while it lives, and no nested function assigns it as an upvalue.
    private func noteLocal(
        declaredAfter pc: Int, in function: LuaBytecode.Function, holding value: Mark, into known: inout [String: Mark]
    ) {
        let instruction = function.code[pc]
        let register = Int((instruction >> 7) & 0xFF)
        var active = 0
        for local in function.locals where local.start <= pc + 1 && pc + 1 < local.end {
            if local.start == pc + 1 {
                guard active == register else { return }
                let end = min(local.end, function.code.count)
                for later in function.code[(pc + 1)..<max(pc + 1, end)] {
                    let op = later & 0x7F
                    let target = Int((later >> 7) & 0xFF)
                    let writes = op == Self.loadNil ? target <= register : target == register
                    if writes && !Self.writesNothing.contains(op) { return }
                }
                if Self.assignsUpvalue(named: local.name, in: function.children) { return }
                known[local.name] = value
                return
            }
            active += 1
        }
    }

    /// Whether a function nested in `children` assigns an upvalue called `name`.
    private static func assignsUpvalue(named name: String, in children: [LuaBytecode.Function]) -> Bool {
        children.contains { child in
            child.code.contains { instruction in
                let b = Int((instruction >> 16) & 0xFF)
                return instruction & 0x7F == setUpval && b < child.upvalueNames.count && child.upvalueNames[b] == name
            } || assignsUpvalue(named: name, in: child.children)
        }
    }

    /// The mark of `base.key`, noting the field of a global just read and a read of the params.
    private func field(_ key: String?, of base: Mark?, line: Int, into result: inout LuaChunkAccesses) -> Mark? {
        guard let key else { return nil }
        switch base {
        case .global(let name, let access):
            if result.globals[access].field == nil { result.globals[access].field = key }
            return apiTables.contains(name) ? .apiFunction("\(name).\(key)") : nil
        case .context:
            return key == "params" ? .params : nil
        case .params:
            result.paramReads.append(.init(name: key, line: line))
            return nil
        case .module(let module):
            return .moduleFunction("\(module).\(key)")
        default:
            return nil
        }
    }
}
