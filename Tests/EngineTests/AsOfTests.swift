import Engine
import Evidence
import Foundation
import Scheme
import Testing

/// A one-leaf rubric whose rule reports `ev.as_of()` and
/// `ev.bundle().assessment.as_of` as its summary, assessed against the basic
/// bundle (as of 2026-10-20) by an assessor made with `asOf`.
private func summary(asOf: CalendarDate?) throws -> String? {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("engine-as-of-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"),
                                            withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let rubric = try String(contentsOf: EngineFixtures.mini.appendingPathComponent("rubric.yaml"), encoding: .utf8)
    let head = rubric.components(separatedBy: "parts:\n")[0]
    try (head + """
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
    try """
        return function(ctx)
          return {score = 1, summary = ev.as_of() .. " " .. ev.bundle().assessment.as_of}
        end
        """.write(to: folder.appendingPathComponent("rules/one.lua"), atomically: true, encoding: .utf8)
    let assessor = try Assessor(rubric: try RubricLoader.load(directory: folder), asOf: asOf)
    let assessment = assessor.assess(bundle: try assessor.openBundle(EngineFixtures.basicBundle))
    let leaf = try #require(assessment.leaf("1.1"))
    #expect(leaf.status == .scored)
    return leaf.summary
}

@Suite("The assessment date rules see")
struct AsOfTests {
    @Test("an assessor made with an as-of date gives it to ev.as_of() and ev.bundle()")
    func given() throws {
        let date = try #require(CalendarDate(year: 2027, month: 3, day: 1))
        #expect(try summary(asOf: date) == "2027-03-01 2027-03-01")
    }

    @Test("without one, rules see the bundle's as-of date")
    func bundles() throws {
        #expect(try summary(asOf: nil) == "2026-10-20 2026-10-20")
    }
}
