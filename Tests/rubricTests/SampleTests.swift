import Foundation
import Testing

/// The expected result written beside a sample organization (`expected.md`):
/// points per leaf, per part, the total and the grades.
struct SampleExpectation {
    var leafPoints: [String: String] = [:]
    var partPoints: [String: String] = [:]
    var partGrades: [String: String] = [:]
    var total: String?
    var grade: String?

    /// Reads the tables of `expected.md`: leaf rows `| 4.1 | 15 | 14.25 | why |`,
    /// part rows `| 4 服务管理要求 | 97.25 | 一级 |` and the row
    /// `| 总分 Total | 193.35 | 一级 |`. A grade cell of `无` means no grade.
    init(markdown: String) {
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            let first = cells[0]
            if first.range(of: #"^\d+(\.\d+)+$"#, options: .regularExpression) != nil, cells.count >= 4 {
                leafPoints[first] = cells[2]
            } else if let part = first.split(separator: " ").first,
                part.range(of: #"^\d+$"#, options: .regularExpression) != nil
            {
                partPoints[String(part)] = cells[1]
                partGrades[String(part)] = cells[2]
            } else if first.hasPrefix("总分") {
                total = cells[1]
                grade = cells[2]
            }
        }
    }
}

@Suite("The ISI sample organizations")
struct SampleTests {
    static let samples = CommandsTests.root.appendingPathComponent("Rubrics/isi/samples")
    static let names = [
        "huaxin-level1", "qiheng-level3", "ruituo-ungraded", "hancheng-level1-realistic", "boyuan-hollow",
    ]

    static func report(_ name: String) throws -> (status: Int32, json: [String: Any]) {
        let output = try RubricBinary.run([
            "assess", "--rubric", CommandsTests.isi,
            samples.appendingPathComponent(name).path, "--format", "json",
        ])
        let json = try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any] ?? [:]
        return (output.status, json)
    }

    static func gradeLabel(_ grade: Any?) -> String {
        guard let grade = grade as? [String: Any], let label = grade["label"] as? [String: Any] else { return "无" }
        return label["zh"] as? String ?? "?"
    }

    @Test("each sample earns what its expected.md says, leaf by leaf", arguments: names)
    func matchesExpected(name: String) throws {
        let markdown = try String(
            contentsOf: Self.samples.appendingPathComponent("\(name)/expected.md"), encoding: .utf8)
        let expected = SampleExpectation(markdown: markdown)
        #expect(expected.leafPoints.count == 34, "expected.md lists every leaf")
        let (status, json) = try Self.report(name)
        #expect(status == 0, "the sample assesses completely (exit 0)")
        let result = json["result"] as? [String: Any] ?? [:]
        #expect(result["status"] as? String == "complete")
        for leaf in json["leaves"] as? [[String: Any]] ?? [] {
            let id = leaf["id"] as? String ?? "?"
            #expect(
                leaf["status"] as? String == "scored" || leaf["status"] as? String == "not_applicable",
                "leaf \(id) is judged by its rule")
            #expect(leaf["points"] as? String == expected.leafPoints[id], "points of leaf \(id)")
        }
        for part in json["parts"] as? [[String: Any]] ?? [] {
            let id = part["id"] as? String ?? "?"
            #expect(part["points"] as? String == expected.partPoints[id], "points of part \(id)")
            #expect(Self.gradeLabel(part["grade"]) == expected.partGrades[id], "grade of part \(id)")
        }
        #expect(result["total"] as? String == expected.total)
        #expect(Self.gradeLabel(result["grade"]) == expected.grade)
    }

    @Test("the samples span the grades: 一级, 三级 and none")
    func spanGrades() throws {
        let grades = try Self.names.map {
            Self.gradeLabel((try Self.report($0).json["result"] as? [String: Any])?["grade"])
        }
        // hancheng-level1-realistic reaches 一级 in its own words; boyuan-hollow's templates earn no grade.
        #expect(grades == ["一级", "三级", "无", "一级", "无"])
    }

    @Test("the ISI rubric lints clean, and its rule tests pass")
    func lintAndTest() throws {
        let lint = try RubricBinary.run(["lint", CommandsTests.isi])
        #expect(lint.status == 0, "\(CommandsTests.text(lint.stdout))\(lint.stderr)")
        let tests = try RubricBinary.run(["test", CommandsTests.isi])
        let text = CommandsTests.text(tests.stdout)
        #expect(tests.status == 0, "\(text)\(tests.stderr)")
        #expect(text.contains(" passed, 0 failed"))
        #expect(!text.contains("FAIL "))
    }

    @Test("every report format of a sample is written", arguments: ["table", "json", "markdown", "html"])
    func formats(format: String) throws {
        let output = try RubricBinary.run([
            "assess", "--rubric", CommandsTests.isi,
            Self.samples.appendingPathComponent("qiheng-level3").path, "--format", format,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stdout.isEmpty)
        #expect(CommandsTests.text(output.stdout).contains("上海启衡信息工程有限公司"))
    }
}
