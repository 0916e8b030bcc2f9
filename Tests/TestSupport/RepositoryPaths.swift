import Foundation

/// The folders and fixtures the tests read, found from this source file (never
/// copied): one place for every test target, instead of a path helper in each.
public enum RepositoryPaths {
    /// The package root (this file is `Tests/TestSupport/RepositoryPaths.swift`).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Tests/`.
    public static let tests = root.appendingPathComponent("Tests")
    /// The ISI rubric, `Rubrics/isi`.
    public static let isiRubric = root.appendingPathComponent("Rubrics/isi")
    /// The ISI rubric's sample organizations.
    public static let isiSamples = isiRubric.appendingPathComponent("samples")
    /// The ISI working-day calendar data.
    public static let calendar = isiRubric.appendingPathComponent("calendar")
    /// The mini rubric of the engine tests.
    public static let miniRubric = fixtures(of: "EngineTests").appendingPathComponent("mini")
    /// The basic evidence bundle of the evidence tests.
    public static let basicBundle = fixtures(of: "EvidenceTests").appendingPathComponent("basic")
    /// The one-leaf rubric of the command tests: complete, 75.00, level2.
    public static let completeRubric = fixtures(of: "rubricTests").appendingPathComponent("complete")

    /// `Tests/<target>/Fixtures`.
    public static func fixtures(of target: String) -> URL {
        tests.appendingPathComponent(target).appendingPathComponent("Fixtures")
    }

    /// The ISI spec's text, kept beside the repository (`../shared/spec/`), not in it.
    public static let spec = root.deletingLastPathComponent()
        .appendingPathComponent("shared/spec/isi-technical-spec.zh.md")
    /// Whether the spec stands beside this checkout (CI has it; a plain clone does not).
    public static var specAvailable: Bool { FileManager.default.fileExists(atPath: spec.path) }
}
