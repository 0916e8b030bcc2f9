// The assessment benchmark: the engine alone (`Assessor.assess`) and the whole
// `rubric assess` process, on the engine tests' mini rubric and the evidence
// tests' basic bundle (the ISI rubric has no rules yet, so the mini fixture is
// the measurable case). Run from a release build (Scripts/bench), with the
// release `rubric` next to this executable.
//
// Prints stable lines such as `assess_engine_mini: median 1.234 ms (50 runs)`.
import Engine
import Evidence
import Foundation
import Reports
import Scheme

/// The package root, found from this source file.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let miniRubric = root.appendingPathComponent("Tests/EngineTests/Fixtures/mini")
let basicBundle = root.appendingPathComponent("Tests/EvidenceTests/Fixtures/basic")

/// Stops the benchmark with `message` on standard error.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("AssessBench: \(message)\n".utf8))
    exit(1)
}

/// The median of `values` (not empty).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
}

/// `duration` in milliseconds.
func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1e3 + Double(parts.attoseconds) / 1e15
}

/// Prints one stable result line.
func report(_ name: String, _ times: [Double]) {
    print("\(name): median \(String(format: "%.3f", median(times))) ms (\(times.count) runs; "
        + "min \(String(format: "%.3f", times.min()!)), max \(String(format: "%.3f", times.max()!)))")
}

let clock = ContinuousClock()

// (a) The engine: `Assessor.assess` on an already opened bundle.
do {
    let assessor = try Assessor(rubric: try RubricLoader.load(directory: miniRubric))
    let bundle = try assessor.openBundle(basicBundle)
    defer { bundle.close() }
    _ = assessor.assess(bundle: bundle)  // warm-up
    var times: [Double] = []
    for _ in 0..<50 {
        let start = clock.now
        let assessment = assessor.assess(bundle: bundle)
        times.append(milliseconds(clock.now - start))
        if assessment.leaves.isEmpty { fail("the mini rubric assessed no leaves") }
    }
    report("assess_engine_mini", times)
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
    guard process.terminationReason == .exit else { fail("rubric assess died of signal \(process.terminationStatus)") }
    return process.terminationStatus
}

let status = runAssess()  // warm-up
var processTimes: [Double] = []
for _ in 0..<20 {
    let start = clock.now
    _ = runAssess()
    processTimes.append(milliseconds(clock.now - start))
}
report("assess_process_json_mini", processTimes)
print("assess_process_exit_status: \(status)")
