// The assessment benchmark: the engine alone (`Assessor.assess`), the host's
// share of it, and the whole `rubric assess` process. By default on the engine
// tests' mini rubric and the evidence tests' basic bundle; `rubric-bench
// assess RUBRIC BUNDLE LABEL` measures another pair (Scripts/bench: an ISI
// sample). Run from a release build (Scripts/bench), with the release `rubric`
// next to this executable.
//
// Prints stable lines such as `assess_engine_mini: median 1.234 ms (50 runs)`.
import ArgumentParser
import Engine
import Evidence
import Foundation
import LuaHost
import RuleAPI
import Scheme

/// `rubric-bench assess [RUBRIC BUNDLE LABEL]`.
struct AssessSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "The assessment: the engine, the host's share of it, and the rubric assess process.")

    @Argument(
        help: ArgumentHelp(
            "A rubric folder, a bundle and the label of their figures; by default the "
                + "engine tests' mini rubric, the evidence tests' basic bundle and mini.",
            valueName: "rubric bundle label"))
    var pair: [String] = []

    /// The package root, found from this source file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func validate() throws {
        guard pair.isEmpty || pair.count == 3 else {
            throw ValidationError("expected RUBRIC BUNDLE LABEL, or nothing for the mini rubric and the basic bundle")
        }
    }

    func run() throws {
        let miniRubric =
            pair.isEmpty
            ? Self.root.appendingPathComponent("Tests/EngineTests/Fixtures/mini")
            : URL(fileURLWithPath: pair[0])
        let basicBundle =
            pair.isEmpty
            ? Self.root.appendingPathComponent("Tests/EvidenceTests/Fixtures/basic")
            : URL(fileURLWithPath: pair[1])
        let label = pair.isEmpty ? "mini" : pair[2]
        let clock = ContinuousClock()

        // (a) The engine: `Assessor.assess` on an already opened bundle; and the
        // host's share of it: for every leaf with a rule, what the host does around
        // the rule (a fresh state, the evidence API set up, the compiled rule loaded
        // and its function returned), summed over the leaves, as a share of the
        // engine time of the same assessment.
        do {
            let loaded = try RubricLoader.load(directory: miniRubric)
            let assessor = try Assessor(rubric: loaded)
            let bundle = try assessor.openBundle(basicBundle)
            defer { bundle.close() }
            _ = assessor.assess(bundle: bundle) // warm-up
            var times: [Double] = []
            for _ in 0..<50 {
                let start = clock.now
                let assessment = assessor.assess(bundle: bundle)
                times.append(milliseconds(clock.now - start))
                if assessment.leaves.isEmpty { fail("the rubric assessed no leaves") }
            }
            report("assess_engine_\(label)", times)

            // As the engine does: each leaf's params converted once, not per bundle.
            var rules: [(EvidenceValue, LuaValue, LuaCompiledChunk)] = []
            for leaf in loaded.rubric.leaves {
                guard let rule = leaf.rule, case .applicable = leaf.applicability else { continue }
                rules.append(
                    (
                        leaf.params.evidenceValue(), Assessor.context(for: leaf),
                        LuaCompiledChunk(compiling: try LuaChunk(contentsOf: rule.url, name: rule.path))
                    ))
            }
            let configuration = LuaConfiguration(modules: assessor.modules, randomSeed: assessor.randomSeed)
            /// 50 runs over every rule leaf of what the host does around a rule: a fresh
            /// state, the API over the leaf's params, the rule's chunk made ready by
            /// `ready`, and the context the rule is called with pushed; in ms per run.
            func setUpTimes(_ ready: (LuaState, LuaCompiledChunk) throws -> Void) throws -> [Double] {
                var times: [Double] = []
                for _ in 0..<50 {
                    let start = clock.now
                    for (parameters, context, chunk) in rules {
                        let state = try LuaState(configuration: configuration)
                        let view = EvidenceView(bundle: bundle, calendar: assessor.calendar, parameters: parameters)
                        try RuleEnvironment(view: view).install(in: state)
                        try ready(state, chunk)
                        try state.setGlobal("context", context) // as the rule's argument is pushed
                    }
                    times.append(milliseconds(clock.now - start))
                }
                return times
            }
            // Loading the rule runs its chunk, which requires the library.
            let hostTimes = try setUpTimes { state, chunk in _ = try? state.loadFunction(chunk) }
            report("host_setup_\(label)", hostTimes)
            // Its parts, per leaf: the state alone, and the state with the API.
            var stateTimes: [Double] = []
            var apiTimes: [Double] = []
            for _ in 0..<50 {
                var start = clock.now
                for _ in 0..<100 { _ = try LuaState(configuration: configuration) }
                stateTimes.append(milliseconds(clock.now - start) * 10)
                start = clock.now
                for _ in 0..<100 {
                    let state = try LuaState(configuration: configuration)
                    try RuleEnvironment(bundle: bundle, calendar: assessor.calendar, params: ParameterMap()).install(
                        in: state)
                }
                apiTimes.append(milliseconds(clock.now - start) * 10)
            }
            print("host_state_create: median \(String(format: "%.2f", median(stateTimes))) µs (50 runs of 100)")
            print("host_state_create_and_api: median \(String(format: "%.2f", median(apiTimes))) µs (50 runs of 100)")
            print(
                "host_setup_share_\(label): \(String(format: "%.1f", 100 * median(hostTimes) / median(times)))% "
                    + "(\(rules.count) rule leaves; host set-up / engine time)")

            // The host's own part, without the scheme's Lua library: the state, the API,
            // the rule's compiled chunk loaded (not run: running it is the rule's
            // `require` of its library), its context pushed, and the conversion of a
            // verdict to Swift.
            let ownTimes = try setUpTimes { state, chunk in _ = try state.load(chunk) }
            let verdictState = try LuaState(configuration: configuration)
            let withVerdict = try verdictState.load(
                LuaChunk(name: "v", source: "return {score = 0.75, summary = \"满足 3/4 项要求; 3 of 4 demands met\"}"))
            let withNothing = try verdictState.load(LuaChunk(name: "n", source: "return nil"))
            var conversionTimes: [Double] = []
            for _ in 0..<50 {
                var start = clock.now
                for _ in 0..<100 { _ = try verdictState.call(withVerdict) }
                let verdictTime = milliseconds(clock.now - start)
                start = clock.now
                for _ in 0..<100 { _ = try verdictState.call(withNothing) }
                conversionTimes.append(max(0, verdictTime - milliseconds(clock.now - start)) * 10)
            }
            report("host_own_setup_\(label)", ownTimes)
            print(
                "host_result_conversion: median \(String(format: "%.2f", median(conversionTimes))) µs (50 runs of 100; a verdict table read into Swift)"
            )
            let own = median(ownTimes) + Double(rules.count) * median(conversionTimes) / 1000
            print(
                "host_own_share_\(label): \(String(format: "%.1f", 100 * own / median(times)))% "
                    + "(state, API, the rule's own chunk, its context and its verdict; the Lua library the rule requires is the rest of host_setup)"
            )
        } catch {
            fail("engine: \(error)")
        }

        // (b) The whole process: `rubric assess --rubric MINI BUNDLE --format json`, wall time.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("rubric")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            fail("no rubric executable at \(executable.path); build it with `swift build -c release --product rubric`")
        }

        /// Runs `rubric assess` once, its report discarded; returns its exit status.
        func runAssess() -> Int32 {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["assess", "--rubric", miniRubric.path, basicBundle.path, "--format", "json"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { fail("cannot run \(executable.path): \(error)") }
            process.waitUntilExit()
            guard process.terminationReason == .exit else {
                fail("rubric assess died of signal \(process.terminationStatus)")
            }
            return process.terminationStatus
        }

        let status = runAssess() // warm-up
        var processTimes: [Double] = []
        for _ in 0..<20 {
            let start = clock.now
            _ = runAssess()
            processTimes.append(milliseconds(clock.now - start))
        }
        report("assess_process_json_\(label)", processTimes)
        print("assess_process_exit_status_\(label): \(status)")
    }
}

/// `duration` in milliseconds.
private func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1e3 + Double(parts.attoseconds) / 1e15
}

/// Prints one stable result line: `name: median VALUE ms (N runs; min, max)`.
private func report(_ name: String, _ times: [Double]) {
    print(
        "\(name): median \(String(format: "%.3f", median(times))) ms (\(times.count) runs; "
            + "min \(String(format: "%.3f", times.min()!)), max \(String(format: "%.3f", times.max()!)))")
}
