import Foundation
import TestSupport
import Testing
import YAMLSupport
import Yams

/// The guard against texts it must let through (every YAML file of the
/// repository) and against generated documents with `&`, `*` and `!` in every
/// kind of scalar and, in some, one alias at a known place.
@Suite("YAML guard: corpus")
struct YAMLGuardCorpusTests {
    static let root = RepositoryPaths.root

    @Test("no YAML file of the repository is refused")
    func repositoryFiles() throws {
        var checked = 0
        for folder in ["Rubrics", "Tests", "docs"] {
            let enumerator = FileManager.default.enumerator(
                at: Self.root.appendingPathComponent(folder),
                includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard url.pathExtension == "yaml", let text = try? String(contentsOf: url, encoding: .utf8) else {
                    continue
                }
                #expect(YAMLGuard.firstRefusal(in: text) == nil, "\(url.path)")
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    /// A deterministic generator (SplitMix64), so that a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Writes a random document; `hole` marks where the alias goes (a value position).
    struct Writer {
        var random: Generator
        var lines: [String] = []
        var holes = 0
        /// Where the alias was put: 1-based line and column.
        var alias: (line: Int, column: Int)?
        var placeAliasAt: Int?

        static let plain = [
            "R&D 部", "很*重要*", "a!b", "3 * 4", "a & b", "x#y", "100%", "a@b", "-1", "it's", "中文",
            "a: b-c", "2026-10-20",
        ].filter { !$0.contains(": ") }
        static let quoted = ["\"!\"", "'*a'", "\"&a *b !c\"", "'it''s *x*'", "\"<<\"", "\"a\\\"&b\""]

        mutating func scalar() -> String {
            Bool.random(using: &random)
                ? Self.plain.randomElement(using: &random)! : Self.quoted.randomElement(using: &random)!
        }

        /// A value at `column` (0-based) of the current line's end; returns the inline text.
        mutating func inlineValue(column: Int) -> String {
            holes += 1
            if holes == placeAliasAt {
                alias = (lines.count + 1, column + 1)
                return "*ref"
            }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return "[\(scalar()), \(scalar())]"
            case 1: return "{k: \(scalar()), m: [\(scalar())]}"
            default: return scalar()
            }
        }

        mutating func mapping(indent: Int, depth: Int) {
            let pad = String(repeating: " ", count: indent)
            for index in 0..<Int.random(in: 1...4, using: &random) {
                let key = "key\(depth)_\(index)"
                let choice = depth < 3 ? Int.random(in: 0..<6, using: &random) : 5
                switch choice {
                case 0:
                    lines.append("\(pad)\(key):")
                    mapping(indent: indent + 2, depth: depth + 1)
                case 1:
                    lines.append("\(pad)\(key):")
                    sequence(indent: indent + 2, depth: depth + 1)
                case 2:
                    lines.append("\(pad)\(key): |")
                    lines.append("\(pad)  *not-an-alias &not-an-anchor")
                    lines.append("\(pad)  !not-a-tag")
                case 3:
                    lines.append("\(pad)\(key): \"multi-line")
                    lines.append("\(pad)  *text &text\"")
                default:
                    let prefix = "\(pad)\(key): "
                    let value = inlineValue(column: prefix.count)
                    lines.append(prefix + value + (Bool.random(using: &random) ? " # &comment *x !y" : ""))
                }
            }
        }

        mutating func sequence(indent: Int, depth: Int) {
            let pad = String(repeating: " ", count: indent)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                if depth < 3, Bool.random(using: &random) {
                    let prefix = "\(pad)- k: "
                    let value = inlineValue(column: prefix.count)
                    lines.append(prefix + value)
                    lines.append("\(pad)  n: \(scalar())")
                } else {
                    let prefix = "\(pad)- "
                    lines.append(prefix + inlineValue(column: prefix.count))
                }
            }
        }
    }

    @Test("generated documents: text is text, and the one alias is found where it is")
    func generated() throws {
        for seed in 0..<500 {
            var probe = Writer(random: Generator(state: UInt64(seed)))
            probe.mapping(indent: 0, depth: 0)
            let clean = "ref: x\n" + probe.lines.joined(separator: "\n") + "\n"
            #expect(YAMLGuard.firstRefusal(in: clean) == nil, "seed \(seed):\n\(clean)")
            #expect(throws: Never.self, "seed \(seed)") { try Yams.compose(yaml: clean) }

            guard probe.holes > 0 else { continue }
            var writer = Writer(random: Generator(state: UInt64(seed)), placeAliasAt: 1 + seed % probe.holes)
            writer.mapping(indent: 0, depth: 0)
            let text = "ref: x\n" + writer.lines.joined(separator: "\n") + "\n"
            let alias = try #require(writer.alias, "seed \(seed)")
            let found = try #require(YAMLGuard.firstRefusal(in: text), "seed \(seed):\n\(text)")
            #expect(found.feature == .alias)
            #expect(found.token == "*ref")
            #expect((found.line, found.column) == (alias.line + 1, alias.column), "seed \(seed):\n\(text)")
        }
    }
}
