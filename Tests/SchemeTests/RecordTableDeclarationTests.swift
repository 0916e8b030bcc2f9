import Diagnostics
import Foundation
import Testing

@testable import Scheme

@Suite("Rubric: record tables and document keywords")
struct RecordTableDeclarationTests {
    @Test func theISIRubricDeclaresTheTablesItsRulesRead() throws {
        let loaded = try RubricLoader.load(directory: Paths.isi)
        let tables = loaded.rubric.recordTables
        #expect(tables.count == 27)
        let tickets = try #require(tables.first { $0.name == "service_tickets" })
        let id = try #require(tickets.columns.first)
        #expect(id.name == "ticket_id" && id.type == "string" && id.required)
        #expect(id.aliases.contains("工单号"))
        #expect(tickets.columns.first { $0.name == "opened_at" }?.aliases.contains("报修时间") == true)
        let policy = try #require(loaded.rubric.documentTypes.first { $0.id == "service_policy" })
        #expect(policy.keywords.contains("服务方针"))
    }

    @Test func anOverlayAddsColumnsAliasesAndKeywords() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "aliases.yaml": """
                overlay: {id: aliases, scheme: isi}
                record_tables:
                  - name: service_tickets
                    columns:
                      - {name: ticket_id, type: string, required: true, aliases: [服务单号]}
                      - {name: engineer, type: string, aliases: [工程师]}
                document_keywords:
                  contract: [服务协议]
                """
            ])
        let loaded = try RubricLoader.load(directory: Paths.isi, overlays: [overlay.url("aliases.yaml")])
        #expect(loaded.findings == [])
        let tickets = try #require(loaded.rubric.recordTables.first { $0.name == "service_tickets" })
        #expect(tickets.columns.first?.aliases == ["工单号", "工单编号", "服务单号"])
        #expect(tickets.columns.last?.name == "engineer")
        #expect(loaded.rubric.documentTypes.first { $0.id == "contract" }?.keywords.contains("服务协议") == true)
    }

    @Test func anAliasOfTwoColumnsAnUnknownTypeAndAnUnknownDocumentTypeAreErrors() throws {
        let overlay = try TemporaryRubric(
            rules: [],
            files: [
                "bad.yaml": """
                overlay: {id: bad, scheme: isi}
                record_tables:
                  - name: extra
                    columns:
                      - {name: a, type: string, aliases: [编号]}
                      - {name: b, type: text, aliases: [编号]}
                      - {name: c, type: date, aliases: [编号]}
                document_keywords:
                  no_such_type: [词]
                """
            ])
        let error = #expect(throws: FindingsError.self) {
            try RubricLoader.load(directory: Paths.isi, overlays: [overlay.url("bad.yaml")])
        }
        let messages = error?.findings.map(\.message) ?? []
        #expect(messages.contains { $0.contains("`编号` names both column `a` and column `c`") })
        #expect(messages.contains { $0.contains("`type` of column `b`") })
        #expect(messages.contains { $0.contains("`no_such_type`") })
    }
}
