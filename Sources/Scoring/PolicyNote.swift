import Scheme

/// A human-readable statement (Chinese with English) of where a policy acted.
public struct PolicyNote: Sendable, Hashable {
    /// The policy's key in the rubric: `part_floor`, `not_applicable`, `rounding`.
    public var policy: String
    /// Whether the policy changed a result (a grade withheld, a part rescaled) rather
    /// than only flagging something.
    public var changesResult: Bool
    public var text: LocalizedText
    /// The rubric's reason for the policy (its `note`), if it gives one.
    public var basis: LocalizedText?

    public init(policy: String, changesResult: Bool, text: LocalizedText, basis: LocalizedText?) {
        self.policy = policy
        self.changesResult = changesResult
        self.text = text
        self.basis = basis
    }
}
