import Foundation

/// The input for one leaf: what the rule said, and possibly an auditor's override.
public struct LeafOutcome: Sendable, Hashable {
    public var result: LeafResult
    /// When set, replaces `result` for scoring (and makes an error or manual leaf complete).
    public var override: AuditorOverride?

    public init(_ result: LeafResult, override: AuditorOverride? = nil) {
        self.result = result
        self.override = override
    }

    /// A fraction given as a `Double` (converted through its shortest decimal text).
    public static func fraction(_ value: Double) -> LeafOutcome {
        LeafOutcome(.fraction(fromDouble: value))
    }

    /// An exact fraction.
    public static func fraction(exactly value: Decimal) -> LeafOutcome {
        LeafOutcome(.fraction(value))
    }

    public static func notApplicable(_ reason: String? = nil) -> LeafOutcome {
        LeafOutcome(.notApplicable(reason: reason))
    }

    public static func error(_ message: String) -> LeafOutcome {
        LeafOutcome(.error(message: message))
    }

    public static func manual(_ note: String? = nil) -> LeafOutcome {
        LeafOutcome(.manual(note: note))
    }

    /// This outcome with an auditor's override.
    public func overridden(_ value: AuditorOverride.Value, by auditor: String, reason: String) -> LeafOutcome {
        LeafOutcome(result, override: AuditorOverride(value, auditor: auditor, reason: reason))
    }
}
