import Foundation

/// Folders the tests read: the project's rubrics and the test fixtures.
enum Paths {
    /// The package root (this file is `Tests/SchemeTests/Paths.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let isi = root.appendingPathComponent("Rubrics/isi")
    static let isiOverlays = isi.appendingPathComponent("overlays")
    /// The ISI spec's text, kept beside the repository (`../shared/spec/`), not in it.
    static let spec = root.deletingLastPathComponent().appendingPathComponent("shared/spec/isi-technical-spec.zh.md")
    static var specAvailable: Bool { FileManager.default.fileExists(atPath: spec.path) }
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }
}
