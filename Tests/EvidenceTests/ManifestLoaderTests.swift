import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("Manifest: loading and checking")
struct ManifestLoaderTests {
    let loader = ManifestLoader(documentTypes: Fixtures.documentTypes, schemeID: "isi")

    func load(_ yaml: String) -> ManifestLoadResult {
        loader.load(yaml: yaml, file: "bundle.yaml")
    }

    func fixture(_ name: String) throws -> ManifestLoadResult {
        let text = try String(contentsOf: Fixtures.url("manifests/\(name)"), encoding: .utf8)
        return loader.load(yaml: text, file: name)
    }

    static let minimal = """
        organization: {name: 示例公司, credit_code: 91110108MA01ABCDEN}
        assessment: {scheme: isi, type: surveillance, audit_period: {from: 2026-01-01, to: 2026-06-30}, as_of: 2026-07-01}

        """

    @Test func theExampleBundleLoadsCleanly() throws {
        let text = try String(contentsOf: Fixtures.url("basic/bundle.yaml"), encoding: .utf8)
        let result = loader.load(yaml: text, file: "bundle.yaml")
        #expect(result.findings.isEmpty)
        let manifest = try result.get()
        #expect(manifest.organization.creditCode == "91110108MA01ABCDEN")
        #expect(manifest.assessment.type == .initial)
        #expect(manifest.assessment.auditPeriod.from.description == "2025-10-01")
        #expect(manifest.projects.map(\.id) == ["P1", "P2"])
        #expect(manifest.projects[1].endDate == nil)
        #expect(manifest.projects[0].hardwareProcured)
        #expect(manifest.documents.map(\.id) == ["D01", "D02", "D03", "D04", "D05", "D06", "D07"])
        #expect(manifest.documents[0].signatories == ["张伟", "李娜"])
        #expect(manifest.documents[0].version == "1.0")
        #expect(manifest.documents[0].location?.line == 26)
        #expect(manifest.documents[5].project == nil)
        #expect(manifest.records.map(\.name) == ["tickets", "visits", "trial_runs"])
        #expect(manifest.records[2].encoding == .gb18030)
        #expect(manifest.records[0].columns[3] == ColumnSpec(name: "opened_at", type: .datetime, required: true))
    }

    @Test func aManifestWithManyProblemsReportsThemAllAtOnce() throws {
        let result = try fixture("many-problems.yaml")
        #expect(result.manifest == nil)
        let summary = result.findings.map { "\($0.location?.line ?? 0) \($0.code)" }
        #expect(
            summary == [
                "1 missing-key", // no organization at all
                "2 unknown-key", // organisation → organization
                "5 scheme-mismatch", // itss is not isi
                "6 bad-value", // initial-audit
                "7 date-order", // from after to
                "8 bad-date", // 2026/07/01
                "13 bad-date", // 2026-02-30
                "15 bad-value", // hardware_procured: maybe
                "16 duplicate-id", // P1 twice
                "24 unknown-document-type",
                "26 bad-path", // ../outside.docx
                "27 unknown-project", // P9
                "28 missing-key", // D2 has no type
                "29 unknown-key", // typ → type
                "35 bad-value", // encoding big5
                "37 bad-value", // type text
                "38 duplicate-id", // column id twice
            ])
        let messages = result.findings.map(\.message)
        #expect(messages[1].contains("did you mean `organization`"))
        #expect(messages[9].contains("did you mean `acceptance_report`"))
        #expect(messages[13].contains("did you mean `type`"))
        #expect(messages[11].contains("project `P9`"))
        #expect(result.findings.allSatisfy { $0.location?.file == "many-problems.yaml" })
    }

    @Test func yamlSyntaxErrorsHaveALine() throws {
        let result = try fixture("syntax-error.yaml")
        #expect(result.findings.count == 1)
        #expect(result.findings[0].code == "manifest-syntax")
        #expect(result.findings[0].location?.line != nil)
    }

    @Test func aKeyGivenTwiceIsAnError() {
        let result = load(Self.minimal + "projects: []\nprojects: []\n")
        #expect(result.findings.map(\.code) == ["duplicate-key"])
        #expect(result.findings[0].message.contains("`projects`"))
    }

    @Test func emptyAndNonMappingManifests() {
        #expect(load("").findings.map(\.code) == ["manifest-empty"])
        #expect(load("- a\n- b\n").findings.map(\.code) == ["bad-value"])
    }

    @Test func theMinimalManifestNeedsOnlyOrganizationAndAssessment() throws {
        let manifest = try load(Self.minimal).get()
        #expect(manifest.projects.isEmpty && manifest.documents.isEmpty && manifest.records.isEmpty)
        #expect(manifest.format == 1)
    }

    @Test func unsupportedFormatVersion() {
        #expect(load("format: 2\n" + Self.minimal).findings.map(\.code) == ["format-version"])
    }

    @Test func creditCodeChecks() {
        let wrongCheck = load(Self.minimal.replacingOccurrences(of: "ABCDEN", with: "ABCDE0"))
        #expect(wrongCheck.findings.map(\.severity) == [.warning])
        #expect(wrongCheck.manifest != nil)
        #expect(wrongCheck.findings[0].message.contains("should be `N`"))
        let malformed = load(Self.minimal.replacingOccurrences(of: "91110108MA01ABCDEN", with: "12345"))
        #expect(malformed.findings.map(\.code) == ["credit-code"])
        #expect(malformed.manifest == nil)
    }

    @Test func unsafePathsAreRefused() {
        for path in ["/etc/passwd", "docs/../../x", "C:/x.docx", "docs\\\\x.docx", "./x", "a//b"] {
            let yaml = Self.minimal + "documents:\n  - {id: D1, type: test_report, title: T, path: '\(path)'}\n"
            #expect(load(yaml).findings.map(\.code) == ["bad-path"], "\(path)")
        }
    }

    @Test func checksAreSkippedWhenNotAskedFor() throws {
        let yaml =
            Self.minimal.replacingOccurrences(of: "scheme: isi", with: "scheme: other")
            + "documents:\n  - {id: D1, type: anything, title: T, path: a.md}\n"
        #expect(ManifestLoader().load(yaml: yaml, file: "m").findings.isEmpty)
    }

    @Test func asOfBeforeThePeriodIsAnError() {
        let yaml = Self.minimal.replacingOccurrences(of: "as_of: 2026-07-01", with: "as_of: 2025-12-31")
        #expect(load(yaml).findings.map(\.code) == ["date-order"])
    }

    @Test func reservedColumnNames() {
        let yaml = Self.minimal + "records:\n  - {name: t, path: t.csv, columns: [{name: _row, type: integer}]}\n"
        #expect(load(yaml).findings.map(\.code) == ["bad-value"])
    }
}

@Suite("Documentation examples")
struct DocumentationTests {
    @Test func theExampleInBundleFormatLoadsCleanly() throws {
        let page = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("docs/bundle-format.md"), encoding: .utf8)
        let start = try #require(page.range(of: "```yaml\n"))
        let end = try #require(page.range(of: "\n```", range: start.upperBound..<page.endIndex))
        let yaml = String(page[start.upperBound..<end.lowerBound])
        let result = ManifestLoader(documentTypes: Fixtures.documentTypes, schemeID: "isi").load(
            yaml: yaml, file: "bundle-format.md")
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.manifest?.records.count == 3)
    }

    @Test func theLuaAnnotationsNameEveryFunctionOfTheReference() throws {
        let meta = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("Rubrics/isi/lib/evidence.meta.lua"), encoding: .utf8
        )
        for name in [
            "ev.bundle", "ev.as_of", "ev.audit_period", "ev.params", "ev.projects", "ev.project", "ev.documents",
            "ev.document", "ev.text", "ev.headings", "ev.paragraphs", "ev.tables", "ev.sha256", "ev.exists",
            "ev.record_tables", "ev.record_table", "ev.records", "ev.query", "ev.each", "ev.column", "dates.parse",
            "dates.compare",
            "dates.add_days",
            "dates.days_between", "dates.hours_between", "dates.working_days", "dates.add_working_days",
            "dates.is_working_day", "findings.nonconformity", "findings.observation", "findings.ok", "findings.add",
        ] {
            #expect(meta.contains("function \(name)("), "\(name) is not annotated")
        }
    }
}
