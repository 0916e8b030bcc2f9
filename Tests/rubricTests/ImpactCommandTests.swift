import Foundation
import TestSupport
import Testing

/// `rubric batch --compare-to`, run as processes over generated bundles: the
/// sample overlay that asks for a 10-day trial run moves leaf 5.5.1 of some.
@Suite("rubric batch --compare-to, run as processes")
struct ImpactCommandTests {
    @Test("an overlay's impact on generated bundles names 5.5.1 and the grades it changes")
    func overlayImpact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("impact-\(UUID().uuidString)")
        let bundles = folder.appendingPathComponent("bundles")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = [
            "python3", RepositoryPaths.root.appendingPathComponent("Scripts/generate-bundles").path,
            "--count", "8", "--seed", "1", "--out", bundles.path,
            RepositoryPaths.isiSamples.appendingPathComponent("huaxin-level1").path,
        ]
        try generator.run()
        generator.waitUntilExit()
        try #require(generator.terminationStatus == 0)
        let summary = folder.appendingPathComponent("baseline.csv").path
        let isi = RepositoryPaths.isiRubric.path
        let before = try RubricBinary.run(["batch", "--rubric", isi, bundles.path, "--jobs", "2", "--summary", summary])
        #expect(before.status == 0 || before.status == 2, "\(before.stderr)")
        let header = try String(contentsOfFile: summary, encoding: .utf8).prefix { $0 != "\n" }
        #expect(header.contains(",leaf_5.5.1,"))
        let overlay = RepositoryPaths.isiRubric.appendingPathComponent("overlays/example-trial-run-10-days.yaml").path
        let after = try RubricBinary.run([
            "batch", "--rubric", isi, "--overlay", overlay, bundles.path, "--jobs", "2", "--compare-to", summary,
        ])
        let text = String(decoding: after.stdout, as: UTF8.self)
        #expect(after.status == 0 || after.status == 2, "\(after.stderr)")
        #expect(text.contains("impact: 8 bundles compared"), "\(text)")
        #expect(text.contains(/5\.5\.1 [0-9.]+ → [0-9.]+/), "\(text)")
        #expect(text.contains("leaves that move most: 5.5.1"), "\(text)")
    }
}
