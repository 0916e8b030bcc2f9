import Foundation

/// What a rule (or its absence) said about one leaf.
public enum LeafResult: Sendable, Hashable {
    /// The share of the leaf's weight earned, in [0, 1], exact.
    case fraction(Decimal)
    /// The leaf does not apply to this assessment.
    case notApplicable(reason: String?)
    /// The rule failed; the leaf scores 0 provisionally and the result is incomplete.
    case error(message: String)
    /// No automatic judgement (no rule, or the rule left it to the auditor); the leaf
    /// scores 0 provisionally and the result is incomplete until an auditor overrides it.
    case manual(note: String?)

    /// A fraction given as a `Double`, converted through its shortest decimal text
    /// (`0.701` becomes exactly 0.701, never 0.70099999999999995…).
    public static func fraction(fromDouble value: Double) -> LeafResult {
        .fraction(exactDecimal(value))
    }
}

/// The exact decimal a `Double` prints as: `Decimal(string: "\(value)")`.
func exactDecimal(_ value: Double) -> Decimal {
    guard value.isFinite, let decimal = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
    else { return Decimal.nan }
    return decimal
}
