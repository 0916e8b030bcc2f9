import Foundation

/// A rubric folder written to a temporary directory for one test, derived from the
/// valid fixture by text replacements.
struct TemporaryRubric {
    let directory: URL

    /// Copies `Fixtures/valid/rubric.yaml` with each `(old, new)` replacement applied
    /// (each `old` must occur), plus the rule files named.
    init(
        replacing replacements: [(String, String)] = [], rules: [String] = ["rules/1.1.lua"],
        files: [String: String] = [:]
    ) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rubric-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = try String(contentsOf: Paths.fixture("valid/rubric.yaml"), encoding: .utf8)
        for (old, new) in replacements {
            guard text.contains(old) else { throw Missing(text: old) }
            text = text.replacingOccurrences(of: old, with: new)
        }
        try write(text, to: "rubric.yaml")
        for rule in rules { try write("return 1\n", to: rule) }
        for (path, content) in files { try write(content, to: path) }
    }

    struct Missing: Error {
        let text: String
    }

    func write(_ text: String, to path: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func url(_ path: String) -> URL {
        directory.appendingPathComponent(path)
    }

    var rubricFile: String { directory.appendingPathComponent("rubric.yaml").standardizedFileURL.path }
}
