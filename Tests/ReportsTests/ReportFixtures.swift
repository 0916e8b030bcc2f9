import Engine
import Evidence
import Foundation
import Reports
import Scheme
import TestSupport

/// The mini rubric of the engine tests over the basic bundle, as a report
/// context with a fixed `generated_at`, and the golden files.
enum ReportFixtures {
    static let mini = RepositoryPaths.miniRubric
    static let basicBundle = RepositoryPaths.basicBundle
    static let golden = RepositoryPaths.tests.appendingPathComponent("ReportsTests/Golden")
    /// 2026-09-21T14:13:20Z, as `SOURCE_DATE_EPOCH=1790000000` gives.
    static let generatedAt = Date(timeIntervalSince1970: 1_790_000_000)

    static func context(language: ReportLanguage = .bilingual) throws -> ReportContext {
        let loaded = try RubricLoader.load(directory: mini)
        let assessor = try Assessor(rubric: loaded)
        let bundle = try assessor.openBundle(basicBundle)
        return ReportContext(
            rubric: loaded, bundle: bundle, assessment: assessor.assess(bundle: bundle),
            generatedAt: generatedAt, engineVersion: "0.1.0", language: language)
    }

    /// The golden file `name`; with `UPDATE_GOLDEN=1` in the environment, `text` is written there first.
    static func golden(_ name: String, updatingWith text: String) throws -> String {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
