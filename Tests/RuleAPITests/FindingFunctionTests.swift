import Evidence
import Foundation
import LuaHost
import RuleAPI
import Testing

@Suite("findings: what a rule concludes")
struct FindingFunctionTests {
    let harness: Harness

    init() throws {
        harness = try Harness()
    }

    @Test func documentedExamples() throws {
        _ = try harness.run(
            """
            findings.nonconformity("验收报告未盖章 acceptance report not sealed", {document = "D02"})
            findings.observation("回访记录偏少 few follow-up visits", {record = "visits"})
            findings.ok("试运行满 7 个工作日 trial run long enough",
              {{document = "D02"}, {record = "trial_runs", row = 1}})
            findings.add{level = "observation", message = "工单响应偏慢 slow first responses",
              evidence = {{record = "tickets", row = 3}}}
            findings.ok("验收报告已签字盖章")
            """)
        #expect(
            harness.findings == [
                AuditFinding(
                    level: .nonconformity, message: "验收报告未盖章 acceptance report not sealed",
                    references: [.document(id: "D02")]),
                AuditFinding(
                    level: .observation, message: "回访记录偏少 few follow-up visits",
                    references: [.record(name: "visits", row: nil)]),
                AuditFinding(
                    level: .ok, message: "试运行满 7 个工作日 trial run long enough",
                    references: [.document(id: "D02"), .record(name: "trial_runs", row: 1)]),
                AuditFinding(
                    level: .observation, message: "工单响应偏慢 slow first responses",
                    references: [.record(name: "tickets", row: 3)]),
                AuditFinding(level: .ok, message: "验收报告已签字盖章"),
            ])
    }

    @Test func rowsFromRecordsAreValidReferences() throws {
        _ = try harness.run(
            """
            for _, t in ipairs(ev.records("tickets")) do
              if t.resolved_at == nil then
                findings.observation("工单未关闭 ticket still open", {record = "tickets", row = t._row})
              end
            end
            """)
        #expect(
            harness.findings == [
                AuditFinding(
                    level: .observation, message: "工单未关闭 ticket still open",
                    references: [.record(name: "tickets", row: 3)])
            ])
    }

    @Test func referencesAreChecked() {
        #expect(
            harness.message("findings.ok('x', {document = 'D2'})")
                == "bad argument #2 to 'findings.ok' (evidence refers to document `D2`, which the manifest does not declare; did you mean `D02`?)"
        )
        #expect(
            harness.message("findings.nonconformity('x', {record = 'tickets', row = 4})")
                == "bad argument #2 to 'findings.nonconformity' (evidence refers to row 4 of record table 'tickets', which has 3 rows)"
        )
        #expect(
            harness.message("findings.observation('x', {record = 'ticket'})")
                .contains(
                    "bad argument #2 to 'findings.observation' (evidence refers to record table `ticket`, which the manifest does not declare; did you mean `tickets`?"
                ))
        #expect(
            harness.message("findings.ok('x', {record = 'tickets', row = 1.5})")
                .contains("row must be a whole number from 1"))
        #expect(
            harness.message("findings.ok('x', 'D01')").contains("bad argument #2 to 'findings.ok' (evidence must be"))
        #expect(
            harness.message("findings.ok('x', {{document = 'D01'}, {documents = 'D02'}})")
                .contains("an evidence reference must be {document = \"id\"}"))
        // A finding that failed its check is not kept.
        #expect(harness.findings.isEmpty)
    }

    @Test func findingShapesAreChecked() {
        #expect(
            harness.message("findings.add{level = 'major', message = 'x'}")
                .contains(
                    "bad argument #1 to 'findings.add' (a finding's level must be one of nonconformity, observation, ok"
                ))
        #expect(harness.message("findings.add{level = 'ok'}").contains("needs a message"))
        #expect(
            harness.message("findings.add{level = 'ok', message = 'm', evidence = {document = 'D9'}}")
                .contains("evidence refers to document `D9`"))
        #expect(
            harness.message("findings.add('ok')") == "bad argument #1 to 'findings.add' (table expected, got string)")
        #expect(harness.message("findings.ok()") == "bad argument #1 to 'findings.ok' (string expected, got no value)")
        #expect(
            harness.message("findings.ok('')") == "bad argument #1 to 'findings.ok' (the message must not be empty)")
        #expect(
            harness.message("findings.ok('x', {document = print})")
                .contains(
                    "bad argument #2 to 'findings.ok' (argument.document: a function cannot be passed to the host)"))
        #expect(harness.findings.isEmpty)
    }

    @Test func argumentErrorsCanBeCaught() throws {
        let results = try harness.run(
            """
            local ok, why = pcall(findings.ok, "x", {document = "D99"})
            findings.ok("caught", {document = "D01"})
            return ok, why
            """)
        #expect(results[0] == false)
        #expect(results[1].stringValue?.contains("which the manifest does not declare") == true)
        #expect(harness.findings.map(\.message) == ["caught"])
    }

    @Test func collectorIsThreadSafe() throws {
        let collector = RuleFindings(bundle: try Fixtures.openBasic())
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            try? collector.add(
                AuditFinding(level: .ok, message: "finding \(index)", references: [.document(id: "D01")]))
        }
        #expect(collector.all.count == 200)
        #expect(Set(collector.all.map(\.message)).count == 200)
    }
}
