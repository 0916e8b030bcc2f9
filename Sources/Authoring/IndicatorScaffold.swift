import Diagnostics
import Foundation
import Scheme

/// `rubric new indicator`: a starting rule file, a rule test and a fixture
/// bundle for one leaf, with the rule wired into `rubric.yaml`.
///
/// ```swift
/// let created = try IndicatorScaffold.create(rubricDirectory: folder, leaf: "1.7")
/// ```
public enum IndicatorScaffold {
    /// Creates `rules/<ID>.lua`, `tests/<ID>/starter.yaml` and
    /// `tests/fixtures/<ID>/starter/bundle.yaml` (the layout of the ISI
    /// rubric: `tests/<ID>/<topic>.yaml`, fixtures under `tests/fixtures/`), and inserts `rule: rules/<ID>.lua`
    /// under the leaf in `rubric.yaml` (a text edit; the rest of the file is
    /// kept). Refuses when the leaf does not exist or already has a rule, or
    /// when any of the files exists. Returns the files created or changed.
    @discardableResult
    public static func create(rubricDirectory: URL, leaf id: String) throws(FindingsError) -> [URL] {
        let directory = rubricDirectory.standardizedFileURL
        let loaded: LoadedRubric
        do {
            loaded = try RubricLoader.load(directory: directory)
        } catch let error as FindingsError {
            throw error
        } catch {
            throw failure("the rubric cannot be loaded: \(error)", directory.path)
        }
        guard let leaf = loaded.rubric.leaf(LeafID(id)) else {
            throw failure("the rubric has no leaf indicator \"\(id)\"", directory.path)
        }
        if let rule = leaf.rule {
            throw failure("leaf \(id) already has a rule: \(rule.path)", directory.path)
        }
        let rubricFile = directory.appendingPathComponent(RubricLoader.rubricFileName)
        let rule = directory.appendingPathComponent("rules/\(id).lua")
        let test = directory.appendingPathComponent("tests/\(id)/\(starterTopic).yaml")
        let fixture = directory.appendingPathComponent("tests/fixtures/\(id)/\(starterTopic)/bundle.yaml")
        for file in [rule, test, fixture] where FileManager.default.fileExists(atPath: file.path) {
            throw failure("\(file.path) exists; nothing was changed", file.path)
        }
        let original: String
        do {
            original = try String(contentsOf: rubricFile, encoding: .utf8)
        } catch {
            throw failure("cannot read rubric.yaml: \(error.localizedDescription)", rubricFile.path)
        }
        let edited = try insertRule(into: original, leaf: id, file: rubricFile.path)
        let files = [
            (rule, ruleTemplate(leaf)),
            (test, testTemplate(id)),
            (fixture, fixtureTemplate(schemeID: loaded.rubric.scheme.id)),
            (rubricFile, edited),
        ]
        do {
            for (url, text) in files {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            try? original.write(to: rubricFile, atomically: true, encoding: .utf8)
            throw failure("cannot write the new files: \(error.localizedDescription)", directory.path)
        }
        return files.map(\.0)
    }

    /// `text` with `rule: rules/<ID>.lua` inserted after the leaf's `id:` line,
    /// at the indentation of its keys. Refuses when the id line is not found
    /// once in block style (`id: "1.7"` or `- id: "1.7"` on its own line).
    static func insertRule(into text: String, leaf id: String, file: String) throws(FindingsError) -> String {
        var lines = text.components(separatedBy: "\n")
        var matches: [(index: Int, indent: Int)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            let spaces = line.count - trimmed.count
            var rest = Substring(trimmed)
            var indent = spaces
            if rest.hasPrefix("- ") {
                rest = rest.dropFirst(2)
                indent += 2
            }
            guard rest.hasPrefix("id:") else { continue }
            var value = rest.dropFirst(3).trimmingCharacters(in: .whitespaces)
            if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            let unquoted = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if unquoted == id { matches.append((index, indent)) }
        }
        guard matches.count == 1, let match = matches.first else {
            throw failure(
                matches.isEmpty
                    ? "no block-style `id: \"\(id)\"` line found in rubric.yaml; add `rule: rules/\(id).lua` by hand"
                    : "leaf \(id) has more than one `id:` line in rubric.yaml; add the rule by hand", file)
        }
        lines.insert(String(repeating: " ", count: match.indent) + "rule: rules/\(id).lua", at: match.index + 1)
        return lines.joined(separator: "\n")
    }

    /// The topic of the first test file and its fixture.
    static let starterTopic = "starter"

    static func ruleTemplate(_ leaf: Leaf) -> String {
        """
        -- \(leaf.id): \(leaf.title.zh) \(leaf.title.en)
        -- The rule contract: docs/rule-contract.md; what a rule can read: docs/evidence-api.md.
        -- Its tests: tests/\(leaf.id)/*.yaml (run them with `rubric test --filter \(leaf.id)`).
        return function(ctx)
          -- Look at the evidence, for example:
          --   local plans = ev.documents{type = "implementation_plan"}
          --   if #plans == 0 then findings.nonconformity("missing implementation plan") end
          --   return {score = 1, summary = ctx.leaf.id .. ": ..."}
          return {manual = true, reason = "rule not written yet"}
        end

        """
    }

    static func testTemplate(_ id: String) -> String {
        """
        # Rule tests for \(id); the format is in docs/rule-tests.md.
        leaf: "\(id)"
        name: starter fixture
        bundle: ../fixtures/\(id)/\(starterTopic)
        expect:
          status: manual

        """
    }

    static func fixtureTemplate(schemeID: String) -> String {
        """
        # A minimal evidence bundle to start from (docs/bundle-format.md).
        format: 1
        organization:
          name: 示例公司 Example Co.
          credit_code: 91110108MA01ABCDEN
        assessment:
          scheme: \(schemeID)
          type: initial
          audit_period: {from: 2025-10-01, to: 2026-09-30}
          as_of: 2026-10-20
        documents: []

        """
    }

    private static func failure(_ message: String, _ file: String) -> FindingsError {
        FindingsError([Finding(.error, code: "new-indicator", message: message, location: SourceLocation(file: file))])
    }
}
