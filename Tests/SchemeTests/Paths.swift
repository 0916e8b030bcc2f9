import Foundation

/// Folders the tests read: the project's rubrics and the test fixtures.
enum Paths {
    /// The package root (this file is `Tests/SchemeTests/Paths.swift`).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let isi = root.appendingPathComponent("Rubrics/isi")
    static let isiOverlays = isi.appendingPathComponent("overlays")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }
}
