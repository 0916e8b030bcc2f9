import Engine
import Evidence
import Foundation
import Scheme

/// The fixtures the engine tests read, found from this source file.
enum EngineFixtures {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let mini = tests.appendingPathComponent("EngineTests/Fixtures/mini")
    static let basicBundle = tests.appendingPathComponent("EvidenceTests/Fixtures/basic")

    /// The mini rubric's assessor.
    static func assessor() throws -> Assessor {
        try Assessor(rubric: try RubricLoader.load(directory: mini))
    }

    /// The mini rubric's assessment of the basic bundle.
    static func assess() throws -> Assessment {
        let assessor = try assessor()
        return assessor.assess(bundle: try assessor.openBundle(basicBundle))
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
