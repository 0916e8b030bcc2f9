import Foundation

/// An auditor's judgement replacing what the rule said about a leaf.
public struct AuditorOverride: Sendable, Hashable {
    /// The value the auditor sets.
    public enum Value: Sendable, Hashable {
        /// The share of the leaf's weight earned, in [0, 1], exact.
        case fraction(Decimal)
        /// The leaf does not apply.
        case notApplicable

        /// A fraction given as a `Double`, converted through its shortest decimal text.
        public static func fraction(fromDouble value: Double) -> Value {
            .fraction(exactDecimal(value))
        }
    }

    public var value: Value
    /// Who overrode (name or id of the auditor).
    public var auditor: String
    /// Why, as the auditor wrote it.
    public var reason: String

    public init(_ value: Value, auditor: String, reason: String) {
        self.value = value
        self.auditor = auditor
        self.reason = reason
    }
}
