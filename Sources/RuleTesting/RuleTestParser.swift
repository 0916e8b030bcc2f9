import Diagnostics
import Engine
import Evidence
import Foundation
import Scheme
import Scoring
import YAMLSupport
import Yams

/// Reads one rule test file into ``RuleTest``s, collecting a finding (with
/// file, line and column) for everything wrong with it. A test's inline bundle
/// becomes a manifest, so anchors, aliases, merge keys and tags are refused
/// here as in a manifest, before Yams sees the text.
struct RuleTestParser {
    static let testKeys = ["leaf", "name", "bundle", "expect"]
    static let expectKeys = [
        "status", "score", "score_between", "band", "uncapped_score", "uncapped_band", "critical", "findings",
    ]
    static let findingKeys = ["level", "message_contains"]

    let file: URL
    let rubric: Rubric
    private let reader: YAMLReader

    init(file: URL, rubric: Rubric) {
        self.file = file
        self.rubric = rubric
        reader = YAMLReader(file: file.path)
    }

    /// Every problem found so far.
    var findings: [Finding] { reader.findings }

    /// The tests of the file; invalid ones are left out (with findings).
    func parse() -> [RuleTest] {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            report("cannot read the test file: \(error.localizedDescription)", nil)
            return []
        }
        guard let root = reader.compose(text, refusing: true, whenEmpty: "the test file is empty") else { return [] }
        if let list = root.sequence {
            return list.enumerated().compactMap { index, node in test(node, index: index + 1) }
        }
        return [test(root, index: nil)].compactMap { $0 }
    }

    /// One test from its mapping.
    private func test(_ node: Node, index: Int?) -> RuleTest? {
        guard node.mapping != nil, let mapping = reader.mapping(node, "a test", keys: Self.testKeys) else {
            report("a test must be a mapping with leaf, bundle and expect", node)
            return nil
        }
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
        return RuleTest(
            leaf: leafID, name: name, bundle: bundle, expect: expectation,
            location: SourceLocation(file: file.path, line: node.mark?.line))
    }

    private func bundleSource(_ node: Node?, parent: Node) -> RuleTest.BundleSource? {
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

    private func expectation(_ node: Node?, parent: Node) -> RuleTest.Expectation? {
        guard let node else {
            report("missing expect: what the evaluation must show", parent)
            return nil
        }
        guard node.mapping != nil, let mapping = reader.mapping(node, "`expect`", keys: Self.expectKeys) else {
            report("expect must be a mapping", node)
            return nil
        }
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
            if let id = bandID(band) { expectation.band = id } else { valid = false }
        }
        if let score = mapping["uncapped_score"] {
            if let value = fraction(score) { expectation.uncappedScore = value } else { valid = false }
        }
        if let band = mapping["uncapped_band"] {
            if let id = bandID(band) { expectation.uncappedBand = id } else { valid = false }
        }
        if let node = mapping["critical"] {
            if let outcomes = criticalOutcomes(node) { expectation.critical = outcomes } else { valid = false }
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

    /// The id of a band of the rubric.
    private func bandID(_ node: Node) -> String? {
        if let id = node.string, rubric.bands.contains(where: { $0.id == id }) { return id }
        let known = rubric.bands.map(\.id).joined(separator: ", ")
        report("unknown band \"\(node.string ?? "")\"; the rubric's bands: \(known)", node)
        return nil
    }

    /// `critical`: a mapping from demand id to its expected outcome.
    private func criticalOutcomes(_ node: Node) -> [String: CriticalOutcome.Outcome]? {
        guard let pairs = node.mapping else {
            report("critical must be a mapping {demand id: met | missed_somewhere | missed_throughout}", node)
            return nil
        }
        var outcomes: [String: CriticalOutcome.Outcome] = [:]
        var valid = true
        for (key, value) in pairs {
            guard let id = key.string, let outcome = value.string.flatMap(CriticalOutcome.Outcome.init(rawValue:))
            else {
                let known = CriticalOutcome.Outcome.allCases.map(\.rawValue).joined(separator: ", ")
                report("a critical demand's outcome must be one of \(known)", value)
                valid = false
                continue
            }
            outcomes[id] = outcome
        }
        return valid ? outcomes : nil
    }

    private func expectedFinding(_ node: Node) -> RuleTest.ExpectedFinding? {
        guard node.mapping != nil, let mapping = reader.mapping(node, "an expected finding", keys: Self.findingKeys)
        else {
            report("an expected finding must be a mapping {level, message_contains}", node)
            return nil
        }
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
    private func fraction(_ node: Node) -> Decimal? {
        guard let text = node.scalar?.string,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
            value >= 0, value <= 1
        else {
            report("a score must be a number from 0 to 1", node)
            return nil
        }
        return value
    }

    private func report(_ message: String, _ node: Node?) {
        reader.report(.error, "rule-test", message, at: node)
    }
}
