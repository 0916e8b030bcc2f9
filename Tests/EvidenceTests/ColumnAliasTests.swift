import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("Record tables: the rubric's columns and their aliases")
struct ColumnAliasTests {
    static let declared: [String: [ColumnSpec]] = [
        "tickets": [
            ColumnSpec(name: "ticket_id", type: .string, required: true, aliases: ["工单号", "工单编号"]),
            ColumnSpec(name: "opened_at", type: .datetime, required: true, aliases: ["报修时间"]),
            ColumnSpec(name: "first_response_at", type: .datetime, aliases: ["响应时间"]),
            ColumnSpec(name: "note", type: .string, aliases: ["备注"]),
        ]
    ]

    static let manifest = """
        organization: {name: 示例公司, credit_code: 91110108MA01ABCDEN}
        assessment: {scheme: isi, type: surveillance, audit_period: {from: 2026-01-01, to: 2026-06-30}, as_of: 2026-07-01}
        records:
          - name: tickets
            path: records/tickets.csv

        """

    func spec(_ yaml: String = manifest) throws -> RecordTableSpec {
        var loader = ManifestLoader(schemeID: "isi")
        loader.recordTables = Self.declared
        return try #require(try loader.load(yaml: yaml, file: "bundle.yaml").get().records.first)
    }

    @Test func aTableWithoutColumnsIsReadByAliasWithoutRenaming() throws {
        let spec = try spec()
        #expect(spec.columns.map(\.name) == ["ticket_id", "opened_at", "first_response_at", "note"])
        let csv = "报修时间,工单号,响应时间\n2026-03-01 08:00,T-1,2026-03-01 08:30\n"
        let table = try RecordTableLoader.load(spec: spec, bytes: Array(csv.utf8), file: "records/tickets.csv")
        #expect(table.value(row: 1, column: 0) == .string("T-1"))
        #expect(table.value(row: 1, column: 2).text == "2026-03-01T08:30:00")
        // An optional column the file lacks is empty; its own name is also accepted.
        #expect(table.value(row: 1, column: 3) == .null)
        #expect(table.findings.isEmpty)
        let english = try RecordTableLoader.load(
            spec: spec, bytes: Array("ticket_id,opened_at\nT-2,2026-03-02 09:00\n".utf8), file: "t.csv")
        #expect(english.value(row: 1, column: 0) == .string("T-2"))
    }

    @Test func anUnmappedRequiredColumnIsALocatedErrorWithDidYouMeanOverTheAliases() throws {
        let spec = try spec()
        let csv = "工单编码,报修时间\nT-1,2026-03-01 08:00\n"
        do {
            _ = try RecordTableLoader.load(spec: spec, bytes: Array(csv.utf8), file: "records/tickets.csv")
            Issue.record("the table loaded")
        } catch {
            let errors = error.findings.filter { $0.severity == .error }
            #expect(errors.count == 1)
            #expect(errors.first?.location == SourceLocation(file: "records/tickets.csv", line: 1))
            #expect(errors.first?.message.contains("`ticket_id` (or `工单号`, `工单编号`)") == true)
            #expect(errors.first?.message.contains("did you mean `工单编码`") == true)
        }
    }

    @Test func theManifestsColumnsGetTheRubricsAliases() throws {
        let spec = try spec(
            Self.manifest + """
                    columns:
                      - {name: ticket_id, type: string, aliases: [单号]}

                """)
        #expect(spec.columns.first?.aliases == ["单号", "工单号", "工单编号"])
        #expect(spec.columns.first?.mayBeAbsent == false)
    }

    @Test func manifestBooleansAcceptWhatCSVCellsAccept() throws {
        let loader = ManifestLoader(schemeID: "isi")
        for (word, value) in [("是", true), ("否", false), ("yes", true), ("No", false), ("1", true), ("TRUE", true)] {
            let yaml = """
                organization: {name: 示例公司, credit_code: 91110108MA01ABCDEN}
                assessment: {scheme: isi, type: surveillance, audit_period: {from: 2026-01-01, to: 2026-06-30}, as_of: 2026-07-01}
                projects:
                  - {id: P1, name: 项目, customer: 客户, contract_date: 2026-01-01, start_date: 2026-01-02, hardware_procured: \(word)}

                """
            let result = loader.load(yaml: yaml, file: "bundle.yaml")
            #expect(try result.get().projects.first?.hardwareProcured == value, "\(word)")
        }
        let wrong = loader.load(
            yaml: Self.manifest.replacingOccurrences(
                of: "records:\n  - name: tickets\n    path: records/tickets.csv\n", with: "")
                + "projects:\n  - {id: P1, name: 项目, customer: 客户, contract_date: 2026-01-01, start_date: 2026-01-02, hardware_procured: 也许}\n",
            file: "bundle.yaml")
        #expect(wrong.findings.contains { $0.message.contains("是/否") })
    }

    @Test func sheetAndHeaderRowAreForWorkbooksOnly() throws {
        let loader = ManifestLoader(schemeID: "isi")
        let base = Self.manifest.replacingOccurrences(of: "    path: records/tickets.csv\n", with: "")
        let workbook = loader.load(
            yaml: base
                + "    path: records/tickets.xlsx\n    sheet: 工单\n    header_row: 2\n    columns: [{name: a, type: string}]\n",
            file: "bundle.yaml")
        let spec = try #require(try workbook.get().records.first)
        #expect(spec.sheet == "工单")
        #expect(spec.headerRow == 2)
        let csv = loader.load(
            yaml: base + "    path: records/tickets.csv\n    sheet: 工单\n    columns: [{name: a, type: string}]\n",
            file: "bundle.yaml")
        #expect(csv.manifest == nil)
        #expect(csv.findings.first?.message.contains("only a workbook") == true)
    }
}
