import Application
import Evidence
import Foundation
import TestSupport
import Testing

/// The preparation `rubric assess` and `rubric batch` share.
@Suite("AssessmentPreparation")
struct AssessmentPreparationTests {
    /// One rule-judged leaf: complete, 75.00, level2.
    static let complete = RepositoryPaths.completeRubric
    static let basicBundle = RepositoryPaths.basicBundle
    static let epoch = ["SOURCE_DATE_EPOCH": "1790000000"]

    @Test("SOURCE_DATE_EPOCH sets generated_at; a malformed one is refused before the rubric is read")
    func generatedAt() throws {
        let preparation = try AssessmentPreparation(
            rubricDirectory: Self.complete, engineVersion: "0.1.0",
            environment: Self.epoch)
        #expect(preparation.generatedAt == Date(timeIntervalSince1970: 1_790_000_000))
        let failure = #expect(throws: RunFailure.self) {
            try AssessmentPreparation(
                rubricDirectory: URL(fileURLWithPath: "/no/such/rubric"), engineVersion: "0.1.0",
                environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        }
        #expect(failure?.message.hasPrefix("SOURCE_DATE_EPOCH: ") == true, "\(String(describing: failure))")
    }

    @Test("a missing rubric is a failure naming its rubric.yaml")
    func missingRubric() throws {
        let failure = #expect(throws: RunFailure.self) {
            try AssessmentPreparation(
                rubricDirectory: URL(fileURLWithPath: "/no/such/rubric"), engineVersion: "0.1.0",
                environment: Self.epoch)
        }
        #expect(failure?.message.contains("/no/such/rubric/rubric.yaml") == true, "\(String(describing: failure))")
    }

    @Test("the rubric's parts and grades; a --fail-under grade it lacks is named with the known ones")
    func partsAndGrades() throws {
        let preparation = try AssessmentPreparation(
            rubricDirectory: Self.complete, engineVersion: "0.1.0",
            environment: Self.epoch)
        #expect(!preparation.partIDs.isEmpty)
        #expect(preparation.gradeIDs.contains("level2"))
        #expect(try preparation.overallGrade("level2").id == "level2")
        let failure = #expect(throws: RunFailure.self) { try preparation.overallGrade("level9") }
        #expect(
            failure?.message.hasPrefix("--fail-under level9: the rubric's overall grades are ") == true,
            "\(String(describing: failure))")
    }

    @Test("assess and batch make the same report of one bundle")
    func sameReport() throws {
        let preparation = try AssessmentPreparation(
            rubricDirectory: Self.complete, engineVersion: "0.1.0",
            environment: Self.epoch)
        let alone = try AssessmentRun(preparation: preparation, bundle: Self.basicBundle, format: .json).run()
        #expect(alone.outcome == .assessed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preparation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundles = try BatchBundleList(arguments: [Self.basicBundle.path])
        let counts = try BatchRun(
            preparation: preparation, bundles: bundles, jobs: 1, reportsDirectory: folder,
            format: .json
        ).run()
        #expect(counts.assessed == 1)
        let written = try String(contentsOf: folder.appendingPathComponent("basic.json"), encoding: .utf8)
        #expect(written == alone.report)
    }
}

/// The rubric's `scans` policy: scans recognised by OCR when a certification body's overlay asks for it.
@Suite("AssessmentPreparation: the scans policy")
struct ScansPolicyTests {
    @Test(
        "`policies: {scans: ocr}` in an overlay turns recognition on; --ocr settings win; the default leaves scans alone"
    )
    func scansPolicy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scans-policy-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("ocr.yaml")
        try Data(
            """
            overlay:
              id: scans-by-ocr
              title: {zh: 扫描件文字识别, en: Scans recognised by OCR}
              scheme: isi
            policies:
              scans: ocr

            """.utf8
        ).write(to: overlay)
        let plain = try AssessmentPreparation(
            rubricDirectory: AssessmentPreparationTests.complete, engineVersion: "0.1.0",
            environment: AssessmentPreparationTests.epoch)
        #expect(plain.recognition == nil)
        var recognising = try AssessmentPreparation(
            rubricDirectory: AssessmentPreparationTests.complete, overlays: [overlay], engineVersion: "0.1.0",
            environment: AssessmentPreparationTests.epoch)
        #expect(recognising.recognition == OCRSettings())
        let cache = folder.appendingPathComponent("cache", isDirectory: true)
        recognising.ocr = OCRSettings(cacheDirectory: cache)
        #expect(recognising.recognition?.cacheDirectory == cache)
    }
}
