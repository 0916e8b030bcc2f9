import Diagnostics
import Engine
import Evidence
import Foundation
import Scheme
import Scoring
import Yams

/// Reads one rule test file into ``RuleTest``s, collecting a finding (with
/// file and line) for everything wrong with it.
struct RuleTestParser {
    static let testKeys: Set<String> = ["leaf", "name", "bundle", "expect"]
    static let expectKeys: Set<String> = ["status", "score", "score_between", "band", "findings"]
    static let findingKeys: Set<String> = ["level", "message_contains"]

    let file: URL
    let rubric: Rubric
    private(set) var findings: [Finding] = []

    init(file: URL, rubric: Rubric) {
        self.file = file
        self.rubric = rubric
    }

    /// The tests of the file; invalid ones are left out (with findings).
    mutating func parse() -> [RuleTest] {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            report("cannot read the test file: \(error.localizedDescription)", nil)
            return []
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            report("invalid YAML: \(error)", nil)
            return []
        }
        guard let root else {
            report("the test file is empty", nil)
            return []
        }
        if let list = root.sequence {
            return list.enumerated().compactMap { index, node in test(node, index: index + 1) }
        }
        return [test(root, index: nil)].compactMap { $0 }
    }

    /// One test from its mapping.
    private mutating func test(_ node: Node, index: Int?) -> RuleTest? {
        guard let mapping = node.mapping else {
            report("a test must be a mapping with leaf, bundle and expect", node)
            return nil
        }
        checkKeys(mapping, allowed: Self.testKeys, in: "test")
        var valid = true
        var leafID: LeafID?
        if let leafNode = mapping["leaf"], let text = leafNode.string {
            if rubric.leaf(LeafID(text)) == nil {
                report("unknown leaf \"\(text)\": the rubric has no leaf indicator with that id", leafNode)
                valid = false
            } else {
                leafID = LeafID(text)
            }
        } else {
            report("missing leaf: every test names the leaf indicator it evaluates", node)
            valid = false
        }
        let bundle = bundleSource(mapping["bundle"], parent: node)
        let expectation = expectation(mapping["expect"], parent: node)
        guard valid, let leafID, let bundle, let expectation else { return nil }
        let fallback = file.deletingPathExtension().lastPathComponent + (index.map { " #\($0)" } ?? "")
        let name = mapping["name"]?.string ?? fallback
        return RuleTest(leaf: leafID, name: name, bundle: bundle, expect: expectation,
                        location: SourceLocation(file: file.path, line: node.mark?.line))
    }

    private mutating func bundleSource(_ node: Node?, parent: Node) -> RuleTest.BundleSource? {
        guard let node else {
            report("missing bundle: a path relative to the test file, or an inline manifest", parent)
            return nil
        }
        if let path = node.string {
            let folder = file.deletingLastPathComponent()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            return .path(url.standardizedFileURL)
        }
        if node.mapping != nil, let text = try? Yams.serialize(node: node) {
            return .inline(text)
        }
        report("bundle must be a path or an inline manifest (a mapping)", node)
        return nil
    }

    private mutating func expectation(_ node: Node?, parent: Node) -> RuleTest.Expectation? {
        guard let node else {
            report("missing expect: what the evaluation must show", parent)
            return nil
        }
        guard let mapping = node.mapping else {
            report("expect must be a mapping", node)
            return nil
        }
        checkKeys(mapping, allowed: Self.expectKeys, in: "expect")
        var expectation = RuleTest.Expectation()
        var valid = true
        if let status = mapping["status"] {
            if let value = status.string.flatMap(LeafResult.Status.init(rawValue:)) {
                expectation.status = value
            } else {
                report("status must be scored, not_applicable, manual or error", status)
                valid = false
            }
        }
        if let score = mapping["score"] {
            if let value = fraction(score) { expectation.score = value } else { valid = false }
        }
        if let between = mapping["score_between"] {
            let bounds = between.sequence.map { $0.map { fraction($0) } } ?? []
            if bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high {
                expectation.scoreBetween = low...high
            } else {
                report("score_between must be [low, high] with 0 <= low <= high <= 1", between)
                valid = false
            }
        }
        if let band = mapping["band"] {
            if let id = band.string, rubric.bands.contains(where: { $0.id == id }) {
                expectation.band = id
            } else {
                let known = rubric.bands.map(\.id).joined(separator: ", ")
                report("unknown band \"\(band.string ?? "")\"; the rubric's bands: \(known)", band)
                valid = false
            }
        }
        if let list = mapping["findings"] {
            if let items = list.sequence {
                expectation.findings = items.compactMap { expectedFinding($0) }
                if expectation.findings?.count != items.count { valid = false }
            } else {
                report("findings must be a list of {level, message_contains}", list)
                valid = false
            }
        }
        return valid ? expectation : nil
    }

    private mutating func expectedFinding(_ node: Node) -> RuleTest.ExpectedFinding? {
        guard let mapping = node.mapping else {
            report("an expected finding must be a mapping {level, message_contains}", node)
            return nil
        }
        checkKeys(mapping, allowed: Self.findingKeys, in: "finding")
        var expected = RuleTest.ExpectedFinding()
        if let level = mapping["level"] {
            guard let value = level.string.flatMap(AuditFinding.Level.init(rawValue:)) else {
                report("level must be nonconformity, observation or ok", level)
                return nil
            }
            expected.level = value
        }
        expected.messageContains = mapping["message_contains"]?.string
        return expected
    }

    /// A fraction in [0, 1], read exactly from the scalar's text.
    private mutating func fraction(_ node: Node) -> Decimal? {
        guard let text = node.scalar?.string, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              value >= 0, value <= 1
        else {
            report("a score must be a number from 0 to 1", node)
            return nil
        }
        return value
    }

    private mutating func checkKeys(_ mapping: Node.Mapping, allowed: Set<String>, in context: String) {
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let known = allowed.sorted().joined(separator: ", ")
            report("unknown key \"\(name)\" in \(context); known keys: \(known)", key)
        }
    }

    private mutating func report(_ message: String, _ node: Node?) {
        findings.append(Finding(.error, code: "rule-test", message: message,
                                location: SourceLocation(file: file.path, line: node?.mark?.line,
                                                         column: node?.mark?.column)))
    }
}
