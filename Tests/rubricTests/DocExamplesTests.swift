import Foundation
import TestSupport
import Testing

/// Every command example of `docs/` runs against the repository: each line of a
/// ` ```sh ` block that starts with `rubric ` (continued by a trailing `\`),
/// run in a scratch folder that links `Rubrics/` and `Tests/`, with every YAML
/// block of a page that holds `overrides:` saved there as `overrides.yaml`.
/// Synopses with placeholders are written in ` ```text ` blocks instead.
@Suite("docs: every command example runs")
struct DocExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var page: String
        var arguments: [String]
        var testDescription: String { "\(page): rubric \(arguments.joined(separator: " "))" }
    }

    /// The pages of docs/ and the README.
    static var pages: [URL] {
        let docs = RepositoryPaths.root.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
    }

    /// The fenced blocks of `text` with the given info string.
    static func blocks(_ text: String, language: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current != nil {
                if trimmed == "```" {
                    blocks.append(current ?? [])
                    current = nil
                } else {
                    current?.append(line)
                }
            } else if trimmed == "```" + language {
                current = []
            }
        }
        return blocks
    }

    /// Splits a command line into words, honouring single and double quotes.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    static var examples: [Example] {
        var examples: [Example] = []
        for page in pages {
            guard let text = try? String(contentsOf: page, encoding: .utf8) else { continue }
            for block in blocks(text, language: "sh") {
                var pending = ""
                for line in block {
                    pending += line.trimmingCharacters(in: .whitespaces)
                    if pending.hasSuffix("\\") {
                        pending = String(pending.dropLast()) + " "
                        continue
                    }
                    let words = words(pending)
                    pending = ""
                    if words.first == "rubric" {
                        examples.append(Example(page: page.lastPathComponent, arguments: Array(words.dropFirst())))
                    }
                }
            }
        }
        return examples
    }

    @Test("the docs hold command examples")
    func docsHaveExamples() {
        #expect(Self.examples.count >= 5, "\(Self.examples.map(\.testDescription))")
    }

    @Test("the example runs: exit status 0, 2 or 3, never bad input or usage", arguments: examples)
    func exampleRuns(example: Example) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["Rubrics", "Tests"] {
            try FileManager.default.createSymbolicLink(
                at: folder.appendingPathComponent(name),
                withDestinationURL: RepositoryPaths.root.appendingPathComponent(name))
        }
        let page = RepositoryPaths.root.appendingPathComponent("docs").appendingPathComponent(example.page)
        let text = try String(contentsOf: page, encoding: .utf8)
        for block in Self.blocks(text, language: "yaml") where block.first == "overrides:" {
            try (block.joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("overrides.yaml"), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = RubricBinary.url
        process.arguments = example.arguments
        process.currentDirectoryURL = folder
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationStatus
        #expect(
            [0, 2, 3].contains(status),
            "exit \(status): \(String(decoding: out, as: UTF8.self).suffix(2000)) \(String(decoding: err, as: UTF8.self))"
        )
    }
}
