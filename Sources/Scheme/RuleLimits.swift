import Foundation

/// Resource limits for running one rule. Every field is optional: a leaf's limits
/// override the rubric-wide defaults field by field.
public struct RuleLimits: Sendable, Hashable {
    /// The Lua instruction budget.
    public var instructions: Int?
    /// The memory limit in bytes.
    public var memoryBytes: Int?
    /// The wall-clock timeout in seconds (exact, may be fractional).
    public var timeoutSeconds: Decimal?

    public init(instructions: Int? = nil, memoryBytes: Int? = nil, timeoutSeconds: Decimal? = nil) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.timeoutSeconds = timeoutSeconds
    }

    /// Whether no field is set.
    public var isEmpty: Bool {
        instructions == nil && memoryBytes == nil && timeoutSeconds == nil
    }

    /// These limits with every unset field taken from `defaults`.
    public func over(_ defaults: RuleLimits) -> RuleLimits {
        RuleLimits(
            instructions: instructions ?? defaults.instructions,
            memoryBytes: memoryBytes ?? defaults.memoryBytes,
            timeoutSeconds: timeoutSeconds ?? defaults.timeoutSeconds)
    }
}
