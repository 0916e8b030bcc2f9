import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Counts a JUnit document's elements while Foundation's XMLParser checks that it is well-formed.
final class JUnitCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var attributes: [String: [[String: String]]] = [:]

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        counts[name, default: 0] += 1
        self.attributes[name, default: []].append(attributes)
    }

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> JUnitCounter? {
        let counter = JUnitCounter()
        let parser = XMLParser(data: data)
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }
}

/// `rubric assess --format junit` and `--format oscal`, run as processes.
@Suite("JUnit and OSCAL exports, run as a process")
struct ExportFormatTests {
    static let overrides = RubricBinary.tests.appendingPathComponent("EngineTests/Fixtures/overrides/valid.yaml").path

    static func assess(_ format: String, overrides: Bool = false) throws -> RubricBinary.Output {
        var arguments = [
            "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle, "--format", format, "--as-of",
            "2026-10-20",
        ]
        if overrides { arguments += ["--overrides", Self.overrides] }
        return try RubricBinary.run(arguments)
    }

    /// The mini rubric's JSON report, to count its leaves and non-conformities.
    static func jsonReport() throws -> [String: Any] {
        let output = try assess("json")
        return try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
    }

    @Test("junit: well-formed, a test case per leaf, a failure per non-conformity, an error per rule error")
    func junit() throws {
        let output = try Self.assess("junit")
        #expect(output.status == 2, "\(output.stderr)")
        let counter = try #require(JUnitCounter.parse(output.stdout), "not well-formed XML")
        let leaves = try #require(try Self.jsonReport()["leaves"] as? [[String: Any]])
        let findings = leaves.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
        let nonconformities = findings.filter { $0["level"] as? String == "nonconformity" }.count
        let errors = leaves.filter { !($0["error"] is NSNull) }.count
        #expect(counter.counts["testcase"] == leaves.count)
        #expect(counter.counts["failure", default: 0] == nonconformities)
        #expect(counter.counts["error", default: 0] == errors)
        #expect(errors > 0 && nonconformities > 0)
        let suites = try #require(counter.attributes["testsuites"]?.first)
        #expect(suites["tests"] == String(leaves.count))
        #expect(suites["errors"] == String(errors))
    }

    @Test("rubric test --format junit comes from the same writer and is well-formed")
    func ruleTestJUnit() throws {
        let output = try RubricBinary.run(["test", RubricBinary.mini, "--format", "junit"])
        let counter = try #require(JUnitCounter.parse(output.stdout), "not well-formed XML")
        #expect(counter.counts["testsuites"] == 1)
        #expect(counter.counts["testcase", default: 0] > 0)
    }

    @Test("xmllint finds the JUnit report well-formed, when it is installed")
    func xmllint() throws {
        let xmllint = "/usr/bin/xmllint"
        guard FileManager.default.isExecutableFile(atPath: xmllint) else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-junit-\(UUID()).xml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.assess("junit").stdout.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xmllint)
        process.arguments = ["--noout", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("oscal: the same inputs give the same document, every uuid version 5 and unique")
    func oscalDeterministic() throws {
        let first = try Self.assess("oscal", overrides: true)
        let second = try Self.assess("oscal", overrides: true)
        #expect(first.stdout == second.stdout)
        let text = String(decoding: first.stdout, as: UTF8.self)
        let pattern = try Regex(#""uuid": "([0-9a-f-]{36})""#)
        let ids = text.matches(of: pattern).map { String($0.output[1].substring ?? "") }
        #expect(ids.count > 10)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.dropFirst(14).first == "5" })
        let document = try #require(try JSONSerialization.jsonObject(with: first.stdout) as? [String: Any])
        let results = try #require((document["assessment-results"] as? [String: Any])?["results"] as? [[String: Any]])
        let findings = try #require(results.first?["findings"] as? [[String: Any]])
        let leaves = try #require(try Self.jsonReport()["leaves"] as? [[String: Any]])
        #expect(findings.count == leaves.count)
        // The overridden leaf names the auditor as its origin and keeps the rule's value in its remarks.
        let overridden = try #require(findings.first { ($0["remarks"] as? String)?.contains("auditor") == true })
        #expect((overridden["remarks"] as? String)?.contains("the rule's own value") == true)
        let origin = (overridden["origins"] as? [[String: Any]])?.first?["actors"] as? [[String: Any]]
        #expect(origin?.first?["type"] as? String == "party")
    }

    static let trestleAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import trestle.oscal.assessment_results"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(
        .enabled(
            if: trestleAvailable,
            "compliance-trestle is not installed (pip install compliance-trestle, or Scripts/setup): no OSCAL validation"
        ))
    func oscalValidates() throws {
        let samples = RubricBinary.tests.deletingLastPathComponent().appendingPathComponent("Rubrics/isi")
        let runs: [[String]] = [
            [
                "assess", "--rubric", RubricBinary.mini, RubricBinary.basicBundle, "--as-of", "2026-10-20",
                "--overrides", Self.overrides,
            ],
            ["assess", "--rubric", samples.path, samples.appendingPathComponent("samples/qiheng-level3").path],
        ]
        for arguments in runs {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("rubric-oscal-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let output = try RubricBinary.run(arguments + ["--format", "oscal"])
            try output.stdout.write(to: file)
            let script = """
                import json, sys
                from trestle.oscal.assessment_results import AssessmentResults
                data = json.load(open(sys.argv[1], encoding="utf-8"))
                results = AssessmentResults.model_validate(data["assessment-results"])
                print(len(results.results[0].findings))
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, file.path]
            let stderr = Pipe()
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "trestle refused the OSCAL document: \(errors)")
        }
    }
}
