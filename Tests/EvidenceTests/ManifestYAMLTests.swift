import Foundation
import PropertyBased
import TestSupport
import Testing
import Yams

@testable import Evidence

/// The manifest's own YAML reader must give exactly the tree Yams composes,
/// marks included, or give up and leave the text to Yams.
@Suite("Manifests: the plain-YAML reader against Yams")
struct ManifestYAMLTests {
    /// What Yams composes (nil when it finds nothing, or throws).
    func composed(_ text: String) -> ManifestNode? {
        (try? Yams.compose(yaml: text, .basic)).flatMap { $0.map(ManifestNode.init) }
    }

    /// Every manifest in the repository: samples, rule-test fixtures, test fixtures.
    func repositoryManifests() throws -> [URL] {
        let folders = ["Rubrics", "Tests"].map { Fixtures.repository.appendingPathComponent($0) }
        var found: [URL] = []
        for folder in folders {
            let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
            while let url = walk?.nextObject() as? URL {
                if url.lastPathComponent == "bundle.yaml"
                    || url.deletingLastPathComponent().lastPathComponent == "manifests"
                {
                    found.append(url)
                }
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test func everyManifestOfTheRepositoryReadsAsYamsReadsIt() throws {
        let manifests = try repositoryManifests()
        #expect(manifests.count >= 20)
        var readHere = 0
        for url in manifests {
            let text = try String(contentsOf: url, encoding: .utf8)
            let expected = composed(text)
            if let plain = ManifestYAML.parse(text) {
                readHere += 1
                #expect(plain == expected, "\(url.path)")
            }
        }
        // The samples and fixtures are plain YAML: all but the deliberately broken ones read here.
        #expect(readHere >= manifests.count - 2)
    }

    @Test func theSamplesAreReadWithoutYams() throws {
        let samples = Fixtures.repository.appendingPathComponent("Rubrics/isi/samples")
        for name in try FileManager.default.contentsOfDirectory(atPath: samples.path).sorted() {
            let text = try String(
                contentsOf: samples.appendingPathComponent(name).appendingPathComponent("bundle.yaml"), encoding: .utf8)
            #expect(ManifestYAML.parse(text) != nil, "\(name)")
        }
    }

    @Test func marksAndValuesOfEachForm() throws {
        let text = """
            # comment
            a: 1   # trailing comment
            b:
              - x
              - "q\\"uo\\u00e9"
              - 'it''s'
            c: {from: 2025-04-02, to: '2026'}
            d: [王建华, "李 明", [x, {y: z}], {}, []]
            e:
            f: 标题#1 # comment
            g:
            - id: A
              t: 中文: no
            """
        // `t: 中文: no` is a syntax error: left to Yams.
        #expect(ManifestYAML.parse(text) == nil)
        let valid = text.replacingOccurrences(of: "中文: no", with: "中文 no")
        let plain = try #require(ManifestYAML.parse(valid))
        #expect(plain == composed(valid))
        #expect(plain.value(forKey: "b")?.mark == ManifestNode.Mark(line: 4, column: 3))
        #expect(plain.value(forKey: "e")?.isNull == true)
        #expect(plain.value(forKey: "f")?.text == "标题#1")
        guard case .sequence(let items, _)? = plain.value(forKey: "b") else {
            Issue.record("b is not a list")
            return
        }
        #expect(items.map(\.text) == ["x", "q\"uoé", "it's"])
    }

    @Test func whatItLeavesToYams() {
        let texts = [
            "", "---\na: 1", "%YAML 1.2\n---\na: 1", "a: &x 1\nb: *x", "a: !tag 1", "a: |\n  text",
            "a: >\n  text", "a: one\n  two", "a: 1\na: 2", "a:\tb", "a: 1\r\nb: 2", "\u{FEFF}a: 1",
            "a: [1, [2]", "a: {b: {c: 1}", "a: [1, {b: 2}, c: 3]", "a: \"open", "? a\n: b", "\"a\": 1", "a: 1\n b: 2",
            "- - a", "a: [1,]", "a: -1", "a: @x", "a:\n  -\n  - b", "just a scalar",
        ]
        for text in texts {
            #expect(ManifestYAML.parse(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test func aLongFlowLineIsReadInLinearTime() throws {
        // 200,000 items on one line: marks are counted in one pass, not one pass per item.
        let items = (0..<200_000).map { "张\($0)" }.joined(separator: ", ")
        let text = "signatories: [\(items)]"
        let node = try #require(try withinTestTimeLimit { ManifestYAML.parse(text) })
        guard case .sequence(let list, _)? = node.value(forKey: "signatories") else {
            Issue.record("not a list")
            return
        }
        #expect(list.count == 200_000)
        #expect(list.last?.mark == ManifestNode.Mark(line: 1, column: text.count - "张199999]".count + 1))
    }

    /// Small random edits of a real manifest: whatever this reader accepts,
    /// Yams must read the same way.
    @Test func randomEditsOfASampleAgreeWithYams() throws {
        let url = Fixtures.repository.appendingPathComponent("Rubrics/isi/samples/qiheng-level3/bundle.yaml")
        let original = Array(try String(contentsOf: url, encoding: .utf8).utf8)
        let pieces: [[UInt8]] = [
            ":", ": ", " ", "  ", "-", "- ", "#", " #", "\"", "'", "[", "]", "{", "}", ",", "\n", "\n  ", "~", "null",
            "中", "&", "*", "!", "|", ">", "?", "\\", "x: y",
        ].map { Array($0.utf8) }
        var generator = Xoshiro(seed: (2026, 11, 26, 1))
        var agreed = 0
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: pieces.randomElement(using: &generator)!, at: at)
                default:
                    bytes.replaceSubrange(at..<min(at + 1, bytes.count), with: pieces.randomElement(using: &generator)!)
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            if let plain = ManifestYAML.parse(text) {
                #expect(plain == composed(text), "\(text)")
                agreed += 1
            }
        }
        // Most edits keep the text plain YAML, so the comparison is not empty.
        #expect(agreed > 50)
    }
}
