import Engine
import Evidence
import Foundation
import Scheme
import Scoring
import TestSupport
import Testing

/// The fixtures the engine tests read, found from this source file.
enum EngineFixtures {
    static let tests = RepositoryPaths.tests
    static let mini = RepositoryPaths.miniRubric
    static let basicBundle = RepositoryPaths.basicBundle

    /// The mini rubric's assessor.
    static func assessor() throws -> Assessor {
        try Assessor(rubric: try RubricLoader.load(directory: mini))
    }

    /// The mini rubric's assessment of the basic bundle (one of its rules never
    /// ends on its own), within the test's own time limit.
    static func assess() throws -> Assessment {
        try withinTestTimeLimit {
            let assessor = try assessor()
            return assessor.assess(bundle: try assessor.openBundle(basicBundle))
        }
    }
}

extension Assessment {
    /// The assessment without its wall-clock durations, for comparisons.
    var withoutDurations: Assessment {
        var copy = self
        for index in copy.leaves.indices { copy.leaves[index].durationSeconds = 0 }
        return copy
    }
}

/// A rubric with one leaf whose rule is `source`, in a temporary folder,
/// assessed against `bundle` (the basic bundle unless given) by an assessor made with `asOf`.
func assessOne(_ source: String, asOf: CalendarDate? = nil, bundle: URL = EngineFixtures.basicBundle) throws
    -> LeafResult
{
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("engine-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("rules"),
        withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rubric = try String(contentsOf: EngineFixtures.mini.appendingPathComponent("rubric.yaml"), encoding: .utf8)
    let head = rubric.components(separatedBy: "parts:\n")[0]
    try
        (head + """
            parts:
              - id: "1"
                title: {zh: 第一部分, en: Part one}
                points: 100
                grade_scale: part
                indicators:
                  - id: "1.1"
                    title: {zh: 甲, en: A}
                    weight: 100
                    rule: rules/one.lua
            """).write(to: folder.appendingPathComponent("rubric.yaml"), atomically: true, encoding: .utf8)
    try source.write(to: folder.appendingPathComponent("rules/one.lua"), atomically: true, encoding: .utf8)
    let assessor = try Assessor(rubric: try RubricLoader.load(directory: folder), asOf: asOf)
    let assessment = assessor.assess(bundle: try assessor.openBundle(bundle))
    return try #require(assessment.leaf("1.1"))
}
