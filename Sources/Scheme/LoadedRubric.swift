import Diagnostics
import Foundation

/// A rubric as loaded from its folder, with the overlays applied in order and a
/// record of exactly which files (by SHA-256) shaped it.
public struct LoadedRubric: Sendable, Hashable {
    /// The rubric after every overlay.
    public var rubric: Rubric
    /// The rubric folder (`Rubrics/<scheme>`); rule paths of the base are relative to it.
    public var directory: URL
    /// The base rubric file.
    public var file: URL
    /// The SHA-256 of the base rubric file's bytes, in lowercase hexadecimal.
    public var sha256: String
    /// The overlays applied, in the order they were applied.
    public var overlays: [AppliedOverlay]
    /// The warnings and notes found while loading (errors stop loading instead).
    public var findings: [Finding]

    public init(
        rubric: Rubric, directory: URL, file: URL, sha256: String, overlays: [AppliedOverlay],
        findings: [Finding]
    ) {
        self.rubric = rubric
        self.directory = directory
        self.file = file
        self.sha256 = sha256
        self.overlays = overlays
        self.findings = findings
    }

    /// Every leaf, in document order.
    public var leaves: [Leaf] { rubric.leaves }
}
