import Foundation
import LuaHost
import Scheme
import Scoring

/// `rubric test --coverage`: how much of the rubric's Lua the tests ran (line
/// coverage of every rule under test and every library module), and which
/// leaves' tests reach the outcomes a leaf must show (outcome coverage).
///
/// A leaf is covered when its tests' results meet every ``OutcomeRequirement``:
/// by default a top-band result and a scored result in a lower band, and for
/// each of the leaf's critical demands a test where the rule reports it met and
/// one where it reports it missed (``criticalRequirements(of:)``).
///
/// ```swift
/// let lines = LuaLineCoverage()
/// let results = RuleTestRunner.run(suite, filter: nil, coverage: lines)
/// let coverage = RuleTestCoverage.measure(suite: suite, results: results, lines: lines.covered)
/// print(coverage.text)
/// ```
public struct RuleTestCoverage: Sendable {
    /// The lines of one Lua file that hold code, and those the tests ran.
    public struct FileCoverage: Sendable, Hashable {
        /// The file as the rubric names it (`rules/5.5.1.lua`, `lib/isi/records.lua`).
        public var name: String
        public var url: URL
        public var executable: Set<Int>
        public var covered: Set<Int>

        /// The share of executable lines run, in percent (100 for a file without code).
        public var percent: Double {
            executable.isEmpty ? 100 : Double(covered.count) * 100 / Double(executable.count)
        }
    }

    /// One outcome a leaf's tests must reach, judged from the leaf's test results.
    public struct OutcomeRequirement: Sendable {
        /// What is required, as printed for an uncovered leaf (`a top-band result`).
        public var name: String
        public var isMet: @Sendable (_ rubric: Rubric, _ results: [LeafResult]) -> Bool

        public init(name: String, isMet: @escaping @Sendable (_ rubric: Rubric, _ results: [LeafResult]) -> Bool) {
            self.name = name
            self.isMet = isMet
        }
    }

    /// A leaf under test and the requirements its tests do not meet.
    public struct LeafOutcome: Sendable, Hashable {
        public var leaf: LeafID
        public var unmet: [String]
        public var isCovered: Bool { unmet.isEmpty }
    }

    public var files: [FileCoverage]
    public var leaves: [LeafOutcome]

    /// The band of the highest fractions (the one holding 1), if the rubric has bands.
    static func topBand(of rubric: Rubric) -> Band? { rubric.band(for: 1) }

    /// A scored result in the rubric's top band (a fraction of 1 without bands).
    public static let topBand = OutcomeRequirement(name: "a top-band result") { rubric, results in
        results.contains { result in
            guard result.status == .scored, let fraction = result.fraction else { return false }
            guard let top = topBand(of: rubric) else { return fraction == 1 }
            return result.band?.id == top.id
        }
    }

    /// A scored result below the top band (a fraction under 1 without bands).
    public static let lowerBand = OutcomeRequirement(name: "a lower-band result") { rubric, results in
        results.contains { result in
            guard result.status == .scored, let fraction = result.fraction else { return false }
            guard let top = topBand(of: rubric) else { return fraction < 1 }
            return result.band != nil && result.band?.id != top.id
        }
    }

    /// For each critical demand of `leaf`, two requirements: a test whose rule
    /// reports it met, and one whose rule reports it missed (somewhere or throughout).
    public static func criticalRequirements(of leaf: Leaf) -> [OutcomeRequirement] {
        leaf.critical.flatMap { demand in
            let id = demand.id
            return [
                OutcomeRequirement(name: "critical demand `\(id)` met") { _, results in
                    results.contains { $0.reportedCritical[id] == .met }
                },
                OutcomeRequirement(name: "critical demand `\(id)` missed") { _, results in
                    results.contains {
                        $0.reportedCritical[id] == .missedSomewhere || $0.reportedCritical[id] == .missedThroughout
                    }
                },
            ]
        }
    }

    /// The requirements every leaf under test must meet, unless told otherwise.
    public static let defaultRequirements = [topBand, lowerBand]

    /// Line coverage of the rules of the leaves `results` tested and of every
    /// module under the rubric's `lib/`, from `lines` (by chunk name), and the
    /// outcome coverage of those leaves.
    public static func measure(
        suite: RuleTestSuite, results: [RuleTestResult], lines: [String: Set<Int>],
        requirements: [OutcomeRequirement] = defaultRequirements
    ) -> RuleTestCoverage {
        let rubric = suite.rubric.rubric
        var byLeaf: [LeafID: [LeafResult]] = [:]
        for result in results { byLeaf[result.leaf, default: []] += result.evaluation.map { [$0] } ?? [] }
        var files: [FileCoverage] = []
        var seen: Set<String> = []
        var leaves: [LeafOutcome] = []
        for leaf in rubric.leaves where byLeaf[leaf.id] != nil {
            guard let rule = leaf.rule else { continue }
            if seen.insert(rule.path).inserted {
                files.append(file(name: rule.path, url: rule.url, lines: lines))
            }
            let tested = byLeaf[leaf.id] ?? []
            let all = requirements + criticalRequirements(of: leaf)
            leaves.append(LeafOutcome(leaf: leaf.id, unmet: all.filter { !$0.isMet(rubric, tested) }.map(\.name)))
        }
        let lib = suite.rubric.directory.appendingPathComponent("lib")
        for url in luaFiles(in: lib) {
            let relative = String(url.path.dropFirst(lib.standardizedFileURL.path.count + 1))
            files.append(file(name: "lib/" + relative, url: url, lines: lines))
        }
        return RuleTestCoverage(files: files, leaves: leaves)
    }

    static func file(name: String, url: URL, lines: [String: Set<Int>]) -> FileCoverage {
        let executable =
            (try? LuaChunk(contentsOf: url, name: name)).map { LuaCompiledChunk(compiling: $0).activeLines } ?? []
        return FileCoverage(
            name: name, url: url, executable: executable, covered: (lines[name] ?? []).intersection(executable))
    }

    /// The `.lua` modules under `folder`, sorted; LuaLS annotation files are left out.
    static func luaFiles(in folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in enumerator
        where url.pathExtension == "lua" && !url.lastPathComponent.hasSuffix(".meta.lua") {
            files.append(url.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Line coverage of all the files together, in percent.
    public var linePercent: Double {
        let executable = files.reduce(0) { $0 + $1.executable.count }
        let covered = files.reduce(0) { $0 + $1.covered.count }
        return executable == 0 ? 100 : Double(covered) * 100 / Double(executable)
    }

    /// The share of leaves under test whose outcomes are covered, in percent.
    public var outcomePercent: Double {
        leaves.isEmpty ? 100 : Double(leaves.filter(\.isCovered).count) * 100 / Double(leaves.count)
    }

    /// Per file `covered/executable percent`, the total, and the leaves whose outcomes are not covered.
    public var text: String {
        let width = files.map(\.name.count).max() ?? 0
        var lines = ["line coverage:"]
        for file in files {
            let name = file.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(name)  \(file.covered.count)/\(file.executable.count)  \(Self.percent(file.percent))")
        }
        let executable = files.reduce(0) { $0 + $1.executable.count }
        let covered = files.reduce(0) { $0 + $1.covered.count }
        lines.append("  total  \(covered)/\(executable)  \(Self.percent(linePercent))")
        let reached = leaves.filter(\.isCovered).count
        lines.append(
            "outcome coverage: \(reached)/\(leaves.count) leaves  \(Self.percent(outcomePercent))"
                + " (each needs " + Self.defaultRequirements.map(\.name).joined(separator: ", ")
                + ", and each critical demand met and missed)")
        for leaf in leaves where !leaf.isCovered {
            lines.append(
                "  \(leaf.leaf): no \(leaf.unmet.map { $0.replacingOccurrences(of: "a ", with: "") }.joined(separator: ", no "))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lcov tracefile of the line coverage (`SF`, `DA`, `LF`, `LH` per file), for editors.
    public var lcov: String {
        var lines: [String] = []
        for file in files {
            lines.append("TN:")
            lines.append("SF:\(file.url.path)")
            for line in file.executable.sorted() { lines.append("DA:\(line),\(file.covered.contains(line) ? 1 : 0)") }
            lines.append("LF:\(file.executable.count)")
            lines.append("LH:\(file.covered.count)")
            lines.append("end_of_record")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f%%", locale: Locale(identifier: "en_US_POSIX"), value)
    }
}
