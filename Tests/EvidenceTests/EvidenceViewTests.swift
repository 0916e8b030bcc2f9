import Diagnostics
import Foundation
import Testing

@testable import Evidence

@Suite("The rule API (EvidenceView)")
struct EvidenceViewTests {
    let view: EvidenceView

    init() throws {
        view = EvidenceView(
            bundle: try Fixtures.openBasic(), calendar: Fixtures.calendar,
            parameters: .fields(["min_trial_days": .integer(7)]))
    }

    @Test func bundleMetadata() {
        let info = view.bundleInfo()
        #expect(info["organization"]["name"] == .string("北京示例信息技术有限公司"))
        #expect(info["organization"]["credit_code"] == .string("91110108MA01ABCDEN"))
        #expect(info["assessment"]["scheme"] == .string("isi"))
        #expect(info["assessment"]["type"] == .string("initial"))
        #expect(
            info["assessment"]["audit_period"] == .fields(["from": .string("2025-10-01"), "to": .string("2026-09-30")]))
        #expect(info["manifest_sha256"].stringValue?.count == 64)
        #expect(info["source_sha256"] == .null)
        #expect(view.asOf() == .string("2026-10-20"))
        #expect(view.params()["min_trial_days"] == .integer(7))
        // Fields come in a fixed order, never hash order.
        #expect(
            info.tableValue?.map(\.key) == ["format", "organization", "assessment", "manifest_sha256", "source_sha256"])
    }

    @Test func projectsInManifestOrder() {
        let projects = view.projects()
        #expect(projects.arrayValue?.map { $0["id"] } == [.string("P1"), .string("P2")])
        #expect(projects[1]["hardware_procured"] == .boolean(true))
        #expect(projects[2]["end_date"] == .null)
        #expect(view.project("P1")["contract_date"] == .string("2026-03-02"))
        #expect(view.project("P9") == .null)
    }

    @Test func documentsFilteredByTypeAndProject() throws {
        func ids(_ value: EvidenceValue) -> [String] { value.arrayValue?.compactMap { $0["id"].stringValue } ?? [] }
        #expect(ids(try view.documents()) == ["D01", "D02", "D03", "D04", "D05", "D06", "D07"])
        #expect(ids(try view.documents(type: "acceptance_report")) == ["D02"])
        #expect(ids(try view.documents(project: .project("P2"))) == ["D05", "D07"])
        #expect(ids(try view.documents(type: "test_report", project: .project("P2"))) == [])
        #expect(ids(try view.documents(project: .none)) == ["D06"])
        #expect {
            try view.documents(type: "acceptance_reports")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("did you mean `acceptance_report`")
        }
        #expect {
            try view.documents(project: .project("P3"))
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("no project `P3`")
        }
        let plan = view.document("D01")
        #expect(plan["signatories"] == .array([.string("张伟"), .string("李娜")]))
        #expect(plan["sealed"] == .boolean(true))
        #expect(plan["version"] == .string("1.0"))
        #expect(plan["format"] == .string("markdown"))
        #expect(plan["exists"] == .boolean(true))
        #expect(view.document("D07")["exists"] == .boolean(false))
        #expect(view.document("D07")["sha256"] == .null)
        #expect(view.document("nope") == .null)
    }

    @Test func documentContent() throws {
        #expect(try view.text("D02").value.stringValue?.contains("验收合格，同意交付。") == true)
        #expect(
            try view.headings("D02").value[2]
                == .fields(["level": .integer(2), "text": .string("1 验收条件 Acceptance conditions")]))
        #expect(try view.tables("D02").value[1][2] == .array([.string("功能测试"), .string("合格")]))
        #expect(try view.paragraphs("D06").value == .array([.string("最高管理者应证实其领导作用。")]))
        let broken = try view.text("D05")
        #expect(broken.value == .null)
        #expect(broken.problem?.contains("not a valid .docx") == true)
        #expect(try view.exists("D07") == .boolean(false))
        #expect(try view.sha256("D01").stringValue?.count == 64)
        #expect(throws: FindingsError.self) { try view.sha256("D99") }
    }

    @Test func recordsAreTypedRowsInFileOrder() throws {
        let rows = try view.records("tickets")
        #expect(rows.arrayValue?.count == 3) // the all-empty row is skipped
        let first = rows[1]
        #expect(
            first.tableValue?.map(\.key) == [
                "_row", "ticket_id", "project", "severity", "opened_at", "first_response_at",
                "resolved_at", "hours", "escalated", "description",
            ])
        #expect(first["_row"] == .integer(1))
        #expect(first["severity"] == .integer(2))
        #expect(first["opened_at"] == .string("2026-04-01T09:00:00"))
        #expect(first["hours"] == .number(8))
        #expect(first["escalated"] == .boolean(false))
        #expect(first["description"] == .string("网络中断, 已恢复"))
        #expect(rows[2]["opened_at"] == .string("2026-04-02T10:15:00"))
        #expect(rows[2]["description"] == .string("多行描述\r\n第二行"))
        #expect(rows[2]["escalated"] == .boolean(true))
        #expect(rows[3]["opened_at"] == .string("2026-04-03T08:05:00"))
        #expect(rows[3]["first_response_at"] == .null)
        #expect(rows[3]["description"] == .string("他说\"尽快\"处理"))
    }

    @Test func decimalsExactlyOnRequest() throws {
        #expect(try view.column("tickets", "hours") == .array([.number(8), .number(24.5), .null]))
        #expect(
            try view.column("tickets", "hours", decimals: .string) == .array([.string("8.00"), .string("24.5"), .null]))
        let projected = try view.records("tickets", columns: ["ticket_id", "hours"], decimals: .string)
        #expect(
            projected[1] == .fields(["_row": .integer(1), "ticket_id": .string("T-001"), "hours": .string("8.00")]))
    }

    @Test func unknownTablesAndColumnsAreClearErrors() {
        #expect {
            try view.records("ticket")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("did you mean `tickets`")
        }
        #expect {
            try view.column("tickets", "hour")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("no column `hour`; did you mean `hours`")
        }
    }

    @Test func recordErrorsNameFilesRelativeToTheBundle() throws {
        let folder = try Fixtures.copy("basic")
        let csv = folder.appendingPathComponent("records/tickets.csv")
        var text = try String(contentsOf: csv, encoding: .utf8)
        text = text.replacingOccurrences(of: "2026-04-01 09:00:00", with: "2026-13-01 09:00:00")
        try text.write(to: csv, atomically: true, encoding: .utf8)
        let broken = EvidenceView(
            bundle: try EvidenceBundle.open(folder, options: Fixtures.options), calendar: Fixtures.calendar)
        #expect {
            try broken.records("tickets")
        } throws: { error in
            let description = (error as! FindingsError).description
            return description.hasPrefix("records/tickets.csv:2: error:") && !description.contains(folder.path)
        }
    }

    @Test func gb18030RecordTables() throws {
        let visits = try view.records("visits")
        #expect(visits[1]["customer"] == .string("某市大数据局"))
        #expect(visits[2]["visit_date"] == .string("2026-06-01"))
        #expect(visits[2]["satisfied"] == .boolean(false))
        #expect(view.bundle.readingFindings.contains { $0.code == "csv-encoding" && $0.severity == .note })
        let trial = try view.records("trial_runs")
        #expect(trial[1]["start"] == .string("2026-09-28"))
        #expect(try view.dates.workingDays(trial[1]["start"].stringValue!, trial[1]["end"].stringValue!) == .integer(7))
    }

    @Test func everyCallReturnsFreshValues() throws {
        var first = try view.records("tickets")
        if case .array(var rows) = first {
            rows[0] = .string("changed")
            first = .array(rows)
        }
        #expect(try view.records("tickets")[1]["ticket_id"] == .string("T-001"))
        var projects = view.projects()
        projects = .null
        #expect(projects == .null && view.projects().arrayValue?.count == 2)
    }

    @Test func dateHelpers() throws {
        let dates = view.dates
        #expect(dates.parse("2026/9/28") == .string("2026-09-28"))
        #expect(dates.parse("2026-09-28 9:05") == .string("2026-09-28T09:05:00"))
        #expect(dates.parse("yesterday") == .null)
        #expect(try dates.compare("2026-09-28", "2026-09-29") == .integer(-1))
        #expect(try dates.compare("2026-09-28", "2026-09-28T00:00:00") == .integer(0))
        #expect(try dates.compare("2026-09-28T10:00", "2026-09-28T09:59:59") == .integer(1))
        #expect(try dates.addDays("2026-02-27", 2) == .string("2026-03-01"))
        #expect(try dates.addDays("2026-02-27T23:00:00", -1) == .string("2026-02-26T23:00:00"))
        #expect(try dates.daysBetween("2026-09-28", "2026-10-12") == .integer(14))
        #expect(try dates.daysBetween("2026-10-12T23:59", "2026-09-28T00:00") == .integer(-14))
        #expect(try dates.hoursBetween("2026-04-01 09:00:00", "2026-04-01 09:30:00") == .number(0.5))
        #expect(try dates.hoursBetween("2026-04-02", "2026-04-01T12:00") == .number(-12))
        #expect(try dates.workingDays("2026-09-28", "2026-10-12") == .integer(7))
        #expect(try dates.addWorkingDays("2026-09-30", 1) == .string("2026-10-08"))
        #expect(try dates.isWorkingDay("2026-10-10") == .boolean(true))
        #expect {
            try dates.hoursBetween("2026-04-01", "soon")
        } throws: { error in
            (error as! FindingsError).findings[0].message.contains("dates.hours_between: argument 2")
        }
        #expect(throws: FindingsError.self) { try DateHelpers(calendar: nil).workingDays("2026-01-05", "2026-01-09") }
        #expect(throws: FindingsError.self) { try dates.workingDays("2027-01-05", "2027-01-09") }
    }

    @Test func findingsBuilder() throws {
        var builder = AuditFindingsBuilder(bundle: view.bundle)
        try builder.nonconformity(
            "试运行不足 7 个工作日", evidence: [.document(id: "D02"), .record(name: "trial_runs", row: 1)])
        try builder.observation("回访记录偏少", evidence: [.record(name: "visits", row: nil)])
        try builder.ok("验收报告已签字盖章")
        try builder.add(
            value: .fields([
                "level": .string("observation"),
                "message": .string("工单响应偏慢"),
                "evidence": .array([.fields(["record": .string("tickets"), "row": .integer(3)])]),
            ]))
        #expect(builder.findings.map(\.level) == [.nonconformity, .observation, .ok, .observation])
        #expect(builder.findings[3].references == [.record(name: "tickets", row: 3)])
        #expect(
            builder.findings[0].references[1].evidenceValue
                == .fields(["record": .string("trial_runs"), "row": .integer(1)]))

        func message(_ body: (inout AuditFindingsBuilder) throws -> Void) -> String {
            var copy = builder
            do {
                try body(&copy)
                return ""
            } catch let error as FindingsError {
                return error.findings[0].message
            } catch {
                return "\(error)"
            }
        }
        #expect(message { try $0.ok("x", evidence: [.document(id: "D2")]) }.contains("did you mean `D02`"))
        #expect(message { try $0.ok("x", evidence: [.record(name: "tickets", row: 4)]) }.contains("which has 3 rows"))
        #expect(
            message { try $0.add(value: .fields(["level": .string("major"), "message": .string("x")])) }.contains(
                "nonconformity, observation, ok"))
        #expect(message { try $0.add(value: .fields(["level": .string("ok")])) }.contains("needs a message"))
        #expect(
            message {
                try $0.add(
                    value: .fields(["level": .string("ok"), "message": .string("m"), "evidence": .string("D01")]))
            }.contains("evidence must be"))
        #expect(
            try AuditFindingsBuilder.references(from: .fields(["document": .string("D01")])) == [.document(id: "D01")])
        #expect(throws: FindingsError.self) {
            try AuditFindingsBuilder.references(from: .fields(["record": .string("t"), "row": .number(1.5)]))
        }
    }
}
