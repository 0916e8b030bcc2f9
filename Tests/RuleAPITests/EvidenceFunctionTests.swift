import Evidence
import LuaHost
import RuleAPI
import Scheme
import Testing

@Suite("ev: the bundle in Lua")
struct EvidenceFunctionTests {
    let harness: Harness

    init() throws {
        harness = try Harness(params: ["min_trial_days": .integer(7)])
    }

    @Test func bundleMetadata() throws {
        let results = try harness.run(
            """
            local b = ev.bundle()
            return b.format, b.organization.name, b.organization.credit_code, b.assessment.scheme,
              b.assessment.type, b.assessment.audit_period.from, b.assessment.audit_period.to,
              b.assessment.as_of, #b.manifest_sha256, b.manifest_sha256:match('^%x+$') ~= nil, b.source_sha256
            """)
        #expect(
            results == [
                1, "北京示例信息技术有限公司", "91110108MA01ABCDEN", "isi", "initial", "2025-10-01",
                "2026-09-30", "2026-10-20", 64, true, .nil,
            ])
    }

    @Test func asOfAndAuditPeriod() throws {
        #expect(try harness.run("return ev.as_of()") == ["2026-10-20"])
        #expect(try harness.value("return ev.audit_period()") == ["from": "2025-10-01", "to": "2026-09-30"])
    }

    @Test func params() throws {
        #expect(try harness.value("return ev.params().min_trial_days or 7") == 7)
        #expect(try harness.value("return math.type(ev.params().min_trial_days)") == "integer")
        #expect(try Harness().value("return ev.params().min_trial_days or 7") == 7)
        #expect(try Harness().value("return next(ev.params()) == nil") == true)
    }

    @Test func projectsInManifestOrder() throws {
        let results = try harness.run(
            """
            local ids = {}
            for _, p in ipairs(ev.projects()) do ids[#ids + 1] = p.id end
            local p1, p2 = ev.project("P1"), ev.project("P2")
            return table.concat(ids, ","), p1.contract_date, p1.start_date, p1.end_date, p1.hardware_procured,
              p1.name, p1.customer, p2.end_date, p2.hardware_procured, ev.project("P9")
            """)
        #expect(
            results == [
                "P1,P2", "2026-03-02", "2026-03-10", "2026-10-12", true, "市政务云平台集成项目", "某市大数据局",
                .nil, false, .nil,
            ])
    }

    @Test func documentsFilteredByTypeAndProject() throws {
        let ids = """
            local function ids(list)
              local out = {}
              for _, d in ipairs(list) do out[#out + 1] = d.id end
              return table.concat(out, ",")
            end

            """
        let results = try harness.run(
            ids + """
                return ids(ev.documents()), ids(ev.documents{}), ids(ev.documents{type = "acceptance_report"}),
                  ids(ev.documents{project = "P2"}), ids(ev.documents{type = "test_report", project = "P2"}),
                  ids(ev.documents{project = false}), ids(ev.documents{type = "acceptance_report", project = "P1"})
                """)
        #expect(
            results == [
                "D01,D02,D03,D04,D05,D06,D07", "D01,D02,D03,D04,D05,D06,D07", "D02", "D05,D07", "", "D06", "D02",
            ])
    }

    @Test func documentsOfSeveralTypesComeInManifestOrder() throws {
        let results = try harness.run(
            """
            local function ids(list)
              local out = {}
              for i, d in ipairs(list) do out[i] = d.id end
              return table.concat(out, ",")
            end
            return ids(ev.documents{type = {"test_report", "implementation_plan"}}),
              ids(ev.documents{type = {"test_report", "acceptance_report"}, project = "P1"}),
              ids(ev.documents{type = {}})
            """)
        #expect(results == ["D01,D03", "D02,D03", ""])
        #expect(
            harness.message("ev.documents{type = {'test_report', 'acceptance_reports'}}")
                .contains(
                    "`acceptance_reports` is not a document type of the rubric; did you mean `acceptance_report`?"))
        #expect(
            harness.message("ev.documents{type = {'test_report', 3}}")
                == "bad argument #1 to 'ev.documents' (field 'type'[2] must be a string, got number)")
    }

    @Test func documentFilterErrors() {
        #expect(
            harness.message("ev.documents{type = 'acceptance_reports'}")
                .contains(
                    "`acceptance_reports` is not a document type of the rubric; did you mean `acceptance_report`?"))
        #expect(harness.message("ev.documents{project = 'P3'}").contains("no project `P3` in the manifest"))
        #expect(
            harness.message("ev.documents{typ = 'test_report'}")
                == "bad argument #1 to 'ev.documents' (unknown field 'typ' (fields: type, project))")
        #expect(
            harness.message("ev.documents{project = true}")
                == "bad argument #1 to 'ev.documents' (field 'project' must be a project id or false, got true)")
        #expect(
            harness.message("ev.documents('test_report')")
                == "bad argument #1 to 'ev.documents' (table expected, got string)")
        #expect(
            harness.message("ev.documents{type = 3}")
                == "bad argument #1 to 'ev.documents' (field 'type' must be a document type or a list of them, got number)"
        )
    }

    @Test func oneDocument() throws {
        let plan = try harness.value("return ev.document('D01')")
        #expect(plan["id"] == "D01")
        #expect(plan["type"] == "implementation_plan")
        #expect(plan["title"] == "实施方案 Implementation plan")
        #expect(plan["path"] == "docs/plan.md")
        #expect(plan["format"] == "markdown")
        #expect(plan["project"] == "P1")
        #expect(plan["date"] == "2026-03-05")
        #expect(plan["signatories"] == ["张伟", "李娜"])
        #expect(plan["sealed"] == true)
        #expect(plan["approved"] == true)
        #expect(plan["version"] == "1.0")
        #expect(plan["exists"] == true)
        #expect(plan["sha256"]?.stringValue?.count == 64)
        // Fields the manifest leaves out are not set; a missing file has no digest.
        #expect(
            try harness.run(
                """
                local d = ev.document('D07')
                return d.exists, d.sha256, d.sealed, d.date, #d.signatories, ev.document('D6')
                """) == [false, .nil, .nil, .nil, 0, .nil])
        #expect(try harness.value("return ev.document('D06').project") == .nil)
        #expect(harness.message("ev.document()") == "bad argument #1 to 'ev.document' (string expected, got no value)")
    }

    @Test func documentText() throws {
        let results = try harness.run(
            """
            local text, why = ev.text("D02")
            return text:find("验收合格", 1, true) ~= nil, why
            """)
        #expect(results == [true, .nil])
        #expect(try harness.value("return ev.text('D06')") == "服务管理手册\n4.1 领导和承诺\n最高管理者应证实其领导作用。")
        #expect(try harness.value("return ev.text('D04'):find('移交', 1, true) ~= nil") == true)
    }

    @Test func unreadableDocumentsGiveNilAndTheReason() throws {
        for function in ["text", "headings", "paragraphs", "tables"] {
            let broken = try harness.run("return ev.\(function)('D05')")
            #expect(broken.count == 2)
            #expect(broken[0] == .nil)
            #expect(broken[1].stringValue?.contains("not a valid .docx") == true)
        }
        let missing = try harness.run("return ev.text('D07')")
        #expect(missing[0] == .nil)
        #expect(missing[1].stringValue?.contains("the file is not in the bundle") == true)
        // An id the manifest does not declare is an error, not a missing document.
        #expect(
            harness.message("return ev.text('D2')").contains("no document `D2` in the manifest; did you mean `D02`?"))
    }

    @Test func headingsParagraphsAndTables() throws {
        #expect(
            try harness.value("return ev.headings('D02')[2]") == ["level": 2, "text": "1 验收条件 Acceptance conditions"])
        #expect(
            try harness.value("return ev.headings('D06')") == [
                ["level": 1, "text": "服务管理手册"], ["level": 2, "text": "4.1 领导和承诺"],
            ])
        #expect(try harness.value("return ev.paragraphs('D06')") == ["最高管理者应证实其领导作用。"])
        let results = try harness.run(
            """
            local checks = ev.tables("D02")[1]
            return checks[2][1], checks[2][2], #ev.tables("D06")
            """)
        #expect(results == ["功能测试", "合格", 0])
    }

    @Test func digestsAndExistence() throws {
        let results = try harness.run(
            """
            return #ev.sha256("D01"), ev.sha256("D07"), ev.exists("D01"), ev.exists("D07"), ev.sha256("D01") == ev.document("D01").sha256
            """)
        #expect(results == [64, .nil, true, false, true])
        #expect(harness.message("return ev.exists('D99')").contains("no document `D99` in the manifest"))
        #expect(
            harness.message("return ev.sha256(1)") == "bad argument #1 to 'ev.sha256' (string expected, got number)")
    }

    @Test func recordTablesInManifestOrder() throws {
        let results = try harness.run(
            """
            local out = {}
            for _, t in ipairs(ev.record_tables()) do out[#out + 1] = t.name .. ":" .. #t.columns end
            local tickets = ev.record_tables()[1]
            return table.concat(out, ","), tickets.title, tickets.path, tickets.exists, #tickets.sha256,
              tickets.columns[3].name, tickets.columns[3].type, tickets.columns[1].required, tickets.columns[3].required
            """)
        #expect(
            results == [
                "tickets:9,visits:5,trial_runs:4", "售后服务工单 After-sales tickets", "records/tickets.csv", true, 64,
                "severity", "integer", true, false,
            ])
    }

    @Test func oneRecordTableByName() throws {
        let results = try harness.run(
            """
            local visits = ev.record_table("visits")
            return visits.name, #visits.columns, visits.exists, ev.record_table("visit"), ev.record_table("visits") ~= visits
            """)
        #expect(results == ["visits", 5, true, .nil, true])
        #expect(
            harness.message("return ev.record_table(1)")
                == "bad argument #1 to 'ev.record_table' (string expected, got number)")
    }

    @Test func recordsAreTypedRowsInFileOrder() throws {
        let results = try harness.run(
            """
            local rows = ev.records("tickets")
            local t = rows[1]
            return #rows, t._row, t.ticket_id, t.severity, math.type(t.severity), t.opened_at, t.hours,
              math.type(t.hours), t.escalated, t.description, rows[2].ticket_id, rows[3].ticket_id,
              rows[3]._row, rows[3].first_response_at, rows[3].resolved_at
            """)
        #expect(
            results == [
                3, 1, "T-001", 2, "integer", "2026-04-01T09:00:00", 8.0, "float", false, "网络中断, 已恢复",
                "T-002", "T-003", 3, .nil, .nil,
            ])
        #expect(
            try harness.value("return ev.records('tickets')[1]") == [
                "_row": 1, "ticket_id": "T-001", "project": "P1", "severity": 2, "opened_at": "2026-04-01T09:00:00",
                "first_response_at": "2026-04-01T09:30:00", "resolved_at": "2026-04-01T17:00:00", "hours": 8.0,
                "escalated": false, "description": "网络中断, 已恢复",
            ])
        // GB18030 files arrive as UTF-8 text.
        #expect(try harness.value("return ev.records('visits')[1].customer") == "某市大数据局")
    }

    @Test func recordsWithColumnsAndDecimals() throws {
        #expect(
            try harness.value(
                """
                return ev.records("tickets", {columns = {"ticket_id", "hours"}, decimals = "string"})[1]
                """) == ["_row": 1, "ticket_id": "T-001", "hours": "8.00"])
        #expect(try harness.value("return ev.records('tickets', {columns = {}})[2]") == ["_row": 2])
        #expect(try harness.value("return ev.records('tickets', {decimals = 'number'})[2].hours") == 24.5)
        // The environment's default applies when the call does not say.
        #expect(try Harness(decimals: .string).value("return ev.records('tickets')[1].hours") == "8.00")
    }

    @Test func recordErrors() {
        #expect(
            harness.message("ev.records('ticket')").contains(
                "no record table `ticket` in the manifest; did you mean `tickets`?"))
        #expect(
            harness.message("ev.records('tickets', {columns = {'hour'}})")
                .contains("ev.records: record table `tickets` has no column `hour`; did you mean `hours`?"))
        #expect(
            harness.message("ev.records('tickets', {column = {'hours'}})")
                == "bad argument #2 to 'ev.records' (unknown field 'column' (fields: columns, decimals))")
        #expect(
            harness.message("ev.records('tickets', {decimals = 'exact'})")
                == "bad argument #2 to 'ev.records' (field 'decimals' must be \"number\" or \"string\", got 'exact')")
        #expect(
            harness.message("ev.records('tickets', {columns = 'hours'})")
                == "bad argument #2 to 'ev.records' (field 'columns' must be a list of strings, got string)")
        #expect(
            harness.message("ev.records('tickets', {columns = {'hours', 2}})")
                == "bad argument #2 to 'ev.records' (field 'columns'[2] must be a string, got number)")
        #expect(harness.message("ev.records()") == "bad argument #1 to 'ev.records' (string expected, got no value)")
    }

    @Test func oneColumn() throws {
        let results = try harness.run(
            """
            local hours, n = ev.column("tickets", "hours")
            local exact = ev.column("tickets", "hours", {decimals = "string"})
            return n, hours[1], hours[2], hours[3], exact[1], exact[2], exact[3]
            """)
        #expect(results == [3, 8.0, 24.5, .nil, "8.00", "24.5", .nil])
        // Empty cells are holes: the trailing one does not show when the table comes back to Swift.
        #expect(
            try harness.run("return ev.column('tickets', 'first_response_at')") == [
                ["2026-04-01T09:30:00", "2026-04-02T10:20:00"], 3,
            ])
        #expect(
            harness.message("ev.column('tickets', 'hour')").contains(
                "ev.column: record table `tickets` has no column `hour`; did you mean `hours`?"))
        #expect(
            harness.message("ev.column('tickets')") == "bad argument #2 to 'ev.column' (string expected, got no value)")
        #expect(
            harness.message("ev.column('tickets', 'hours', {columns = {}})")
                == "bad argument #3 to 'ev.column' (unknown field 'columns' (fields: decimals))")
    }

    @Test func errorsCiteTheRuleLine() {
        guard case .runtime(let message, let context)? = harness.error("local x = 1\nev.records('ticket')") else {
            Issue.record("expected a runtime error")
            return
        }
        #expect(context.file == "rule.lua")
        #expect(context.line == 2)
        #expect(message.contains("[unknown-records]"))
    }
}
