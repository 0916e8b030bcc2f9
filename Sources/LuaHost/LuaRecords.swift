/// A large list of uniform rows (records), given to Lua without building
/// every row in Swift first: the host asks `fill` for one row at a time and
/// turns it into a Lua table at once, with the keys pushed only once.
///
/// Each row is a table whose fields are `keys` with the non-nil values `fill`
/// writes into its buffer (same order as `keys`). Lua sees an array of those
/// tables; nothing of the rows is kept on the Swift side.
public final class LuaRecords: Sendable, Equatable {
    public let keys: [String]
    public let count: Int
    let fill: @Sendable (_ row: Int, _ values: inout [LuaValue]) -> Void

    /// - Parameters:
    ///   - keys: the field names of every row.
    ///   - count: the number of rows.
    ///   - fill: writes the values of row `row` (0-based) into `values`, which
    ///     has one slot per key, reset to `.nil` before each call.
    public init(
        keys: [String], count: Int,
        fill: @escaping @Sendable (_ row: Int, _ values: inout [LuaValue]) -> Void
    ) {
        self.keys = keys
        self.count = count
        self.fill = fill
    }

    public static func == (lhs: LuaRecords, rhs: LuaRecords) -> Bool { lhs === rhs }
}
