import Authoring
import Diagnostics
import Foundation
import RuleTesting
import Scheme
import Testing

@Suite("rubric new indicator")
struct ScaffoldTests {
    /// A temporary copy of the mini rubric of the engine tests, without its tests.
    static func copyOfMini() throws -> URL {
        let mini = packageRoot.appendingPathComponent("Tests/EngineTests/Fixtures/mini")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: mini, to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tests"))
        return folder
    }

    @Test("the scaffold wires the rule in and its test passes")
    func scaffoldAndItsTestRuns() throws {
        let folder = try Self.copyOfMini()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try IndicatorScaffold.create(rubricDirectory: folder, leaf: "1.7")
        #expect(files.count == 4)
        for path in ["rules/1.7.lua", "tests/1.7/starter.yaml", "tests/fixtures/1.7/starter/bundle.yaml"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path))
        }
        let loaded = try RubricLoader.load(directory: folder)
        #expect(loaded.rubric.leaf("1.7")?.rule?.path == "rules/1.7.lua")
        let results = RuleTestRunner.run(try RuleTestSuite.load(rubricDirectory: folder), filter: "1.7")
        #expect(results.count == 1)
        #expect(results.first?.passed == true, "\(results.first?.differences ?? [])")

        // A second time: the leaf has a rule now; and a leaf that does not exist.
        #expect(throws: FindingsError.self) { try IndicatorScaffold.create(rubricDirectory: folder, leaf: "1.7") }
        #expect(throws: FindingsError.self) { try IndicatorScaffold.create(rubricDirectory: folder, leaf: "4.2") }
    }
}
