import ArgumentParser
import Foundation

/// `rubric-bench`: the benchmarks of rubric, one subcommand per suite. Each
/// prints stable lines (`name: median VALUE UNIT (N runs...)`) so that runs
/// can be compared; Scripts/bench runs them all from a release build.
@main
struct RubricBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rubric-bench",
        abstract: "The benchmarks of rubric: the Lua host, the evidence, the assessment.",
        discussion: """
            Run from a release build: swift build -c release --product rubric-bench, then
            .build/release/rubric-bench SUITE (Scripts/bench runs every suite).
            """,
        subcommands: [LuaHostSuite.self, EvidenceSuite.self, AssessSuite.self, ArchiveSuite.self, TablesSuite.self]
    )
}

/// The median of `values` (not empty): the middle value, or the mean of the two middle ones.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

/// Stops the benchmark with `message` on standard error.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("rubric-bench: \(message)\n".utf8))
    exit(1)
}
