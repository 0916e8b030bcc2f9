import Authoring
import Foundation
import Scheme
import Testing

@Suite("rubric explain")
struct ExplainTests {
    let isi = packageRoot.appendingPathComponent("Rubrics/isi")

    @Test("5.5.1 shows its clause, weight and params")
    func leaf() throws {
        let loaded = try RubricLoader.load(directory: isi)
        let text = try IndicatorExplainer.explain(rubric: loaded, id: "5.5.1", language: .zh)
        #expect(text.contains("系统连续稳定试运行满约定时限"))
        #expect(text.contains("权重: 1"))
        #expect(text.contains("trial_run_min_working_days: 7"))
        let english = try IndicatorExplainer.explain(rubric: loaded, id: "5.5.1", language: .en)
        #expect(english.contains("Weight: 1"))
    }

    @Test("an unknown id suggests the closest")
    func unknown() throws {
        let loaded = try RubricLoader.load(directory: isi)
        #expect {
            _ = try IndicatorExplainer.explain(rubric: loaded, id: "5.5.l")
        } throws: { error in
            (error as? IndicatorExplainer.UnknownIndicator)?.suggestion == "5.5.1"
        }
    }
}
