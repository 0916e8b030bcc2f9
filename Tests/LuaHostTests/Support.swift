import Foundation
import LuaHost
import TestSupport
import Testing

/// Runs `source` in a fresh sandboxed state and returns its results, within
/// the test's own time limit.
func run(
    _ source: String, limits: LuaLimits = .default, name: String = "test.lua",
    configure: @escaping (LuaState) throws -> Void = { _ in }
) throws -> [LuaValue] {
    try withinTestTimeLimit {
        let state = try LuaState(configuration: LuaConfiguration(limits: limits))
        try configure(state)
        return try state.run(LuaChunk(name: name, source: source))
    }
}

/// Runs `source` and returns the error it ends with, or nil when it succeeds.
func failure(
    _ source: String, limits: LuaLimits = .default,
    configure: @escaping (LuaState) throws -> Void = { _ in }
) -> LuaError? {
    do {
        _ = try run(source, limits: limits, configure: configure)
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Small limits that hostile scripts hit quickly.
let tightLimits = LuaLimits(instructionBudget: 2_000_000, memoryLimit: 8 << 20, timeout: 5)
