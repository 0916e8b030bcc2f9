import Diagnostics

/// A named policy setting with the reason the rubric gives for it.
public struct Policy<Setting: Sendable & Hashable>: Sendable, Hashable {
    public var setting: Setting
    /// Why the rubric chose this setting (shown in reports where it changes a result).
    public var note: LocalizedText?
    public var location: SourceLocation?

    public init(_ setting: Setting, note: LocalizedText? = nil, location: SourceLocation? = nil) {
        self.setting = setting
        self.note = note
        self.location = location
    }
}
