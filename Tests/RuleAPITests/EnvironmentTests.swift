import Evidence
import Foundation
import LuaHost
import RuleAPI
import Scheme
import Testing

@Suite("The rule environment")
struct EnvironmentTests {
    @Test func everyCallReturnsFreshValues() throws {
        let harness = try Harness(params: ["thresholds": .list([.integer(1), .integer(2)])])
        let results = try harness.run(
            """
            local rows = ev.records("tickets")
            rows[1].ticket_id = "changed"; rows[2] = nil
            local projects = ev.projects()
            projects[1].id = "X"; table.remove(projects)
            local b = ev.bundle(); b.organization.name = "other"
            local d = ev.document("D01"); table.insert(d.signatories, "someone")
            local p = ev.params(); p.thresholds[1] = 99; p.extra = true
            local h = ev.headings("D02"); h[2].text = "x"
            local c = ev.column("tickets", "hours"); c[1] = 0
            return ev.records("tickets")[1].ticket_id, #ev.records("tickets"), ev.projects()[1].id, #ev.projects(),
              ev.bundle().organization.name, #ev.document("D01").signatories, ev.params().thresholds[1], ev.params().extra,
              ev.headings("D02")[2].text, ev.column("tickets", "hours")[1], rawequal(ev.projects(), ev.projects())
            """)
        #expect(
            results == [
                "T-001", 3, "P1", 2, "北京示例信息技术有限公司", 2, 1, .nil,
                "1 验收条件 Acceptance conditions", 8.0, false,
            ])
    }

    @Test func listsComeInManifestAndFileOrderEveryTime() throws {
        let harness = try Harness()
        let source = """
            local out = {}
            for _, d in ipairs(ev.documents()) do out[#out + 1] = d.id end
            for _, t in ipairs(ev.record_tables()) do out[#out + 1] = t.name end
            for _, r in ipairs(ev.records("tickets")) do out[#out + 1] = r.ticket_id .. "#" .. r._row end
            for _, c in ipairs(ev.record_tables()[1].columns) do out[#out + 1] = c.name end
            return table.concat(out, " ")
            """
        let first = try harness.value(source)
        #expect(
            first
                == "D01 D02 D03 D04 D05 D06 D07 tickets visits trial_runs T-001#1 T-002#2 T-003#3 ticket_id project severity opened_at first_response_at resolved_at hours escalated description"
        )
        for _ in 0..<3 { #expect(try Harness().value(source) == first) }
    }

    @Test func paramsFromTheRubric() throws {
        var nested = ParameterMap()
        nested["p90_hours"] = .decimal(Decimal(string: "4.5")!)
        nested["note"] = .null
        let params: ParameterMap = [
            "min_trial_days": .integer(7),
            "ratio": .decimal(Decimal(string: "0.85")!),
            "types": .list([.string("acceptance_report"), .string("test_report")]),
            "strict": .boolean(true),
            "limits": .map(nested),
            "absent": .null,
        ]
        let results = try Harness(params: params).run(
            """
            local p = ev.params()
            return p.min_trial_days, math.type(p.min_trial_days), p.ratio, p.types[2], p.strict, p.limits.p90_hours,
              p.limits.note, p.absent
            """)
        #expect(results == [7, "integer", 0.85, "test_report", true, 4.5, .nil, .nil])
        #expect(try Harness(params: params, decimals: .string).value("return ev.params().ratio") == "0.85")
        // Keys keep their file order on the Swift side.
        #expect(
            params.evidenceValue().tableValue?.map(\.key) == [
                "min_trial_days", "ratio", "types", "strict", "limits", "absent",
            ])
    }

    @Test func theSandboxStillHolds() throws {
        // A state stops for good at its first violation: one state per case.
        #expect(try Harness().error("return io.open('/etc/passwd')")?.kind == "sandbox_violation")
        #expect(try Harness().error("return os.time()")?.kind == "sandbox_violation")
        #expect(try Harness().error("return string.dump(ev.records)")?.kind == "sandbox_violation")
        // The host functions cannot be turned into a way out either.
        #expect(try Harness().message("return ev.text('../../../etc/passwd')").contains("no document"))
    }

    @Test func aRuleFileRunsWithTheEnvironment() throws {
        let harness = try Harness(params: ["min_trial_days": .integer(10)])
        let rule = try harness.state.loadFunction(
            LuaChunk(
                name: "rules/5.5.1.lua",
                source: """
                    return function()
                      for _, run in ipairs(ev.records("trial_runs")) do
                        local days = dates.working_days(run.start, run["end"])
                        if days < (ev.params().min_trial_days or 7) then
                          findings.nonconformity(("试运行仅 %d 个工作日 trial run of %d working days"):format(days, days),
                            {record = "trial_runs", row = run._row})
                        end
                      end
                    end
                    """))
        _ = try harness.state.call(rule)
        #expect(
            harness.findings == [
                AuditFinding(
                    level: .nonconformity, message: "试运行仅 7 个工作日 trial run of 7 working days",
                    references: [.record(name: "trial_runs", row: 1)])
            ])
    }

    @Test func environmentsAreSeparate() throws {
        let bundle = try Fixtures.openBasic()
        let first = RuleEnvironment(bundle: bundle, calendar: Fixtures.calendar)
        let second = RuleEnvironment(bundle: bundle, calendar: Fixtures.calendar)
        for environment in [first, second] {
            let state = try LuaState()
            try environment.install(in: state)
            _ = try state.run(LuaChunk(name: "rule.lua", source: "findings.ok('met')"))
        }
        #expect(first.findings.all.count == 1)
        #expect(second.findings.all.count == 1)
        #expect(RuleEnvironment.globalNames == ["ev", "dates", "findings"])
    }

    @Test func statesAliveAtOnceEachUseTheirOwnEnvironment() throws {
        // The API's functions are made once for the process; each call works on
        // the environment installed in the state it runs in, however calls interleave.
        let bundle = try Fixtures.openBasic()
        let environments = [
            RuleEnvironment(bundle: bundle, calendar: Fixtures.calendar, params: ["n": .integer(1)]),
            RuleEnvironment(bundle: bundle, calendar: Fixtures.calendar, params: ["n": .integer(2)]),
        ]
        let states = try environments.map { environment in
            let state = try LuaState()
            try environment.install(in: state)
            return state
        }
        for round in 1...3 {
            for (index, state) in states.enumerated() {
                let n = try state.run(
                    LuaChunk(name: "rule.lua", source: "findings.ok('round \(round)'); return ev.params().n"))
                #expect(n == [.integer(Int64(index + 1))])
            }
        }
        #expect(
            environments.map { $0.findings.all.map(\.message) } == [
                ["round 1", "round 2", "round 3"],
                ["round 1", "round 2", "round 3"],
            ])
    }

    @Test func withoutACalendarWorkingDaysAreErrors() throws {
        let environment = RuleEnvironment(bundle: try Fixtures.openBasic(), calendar: nil)
        let state = try LuaState()
        try environment.install(in: state)
        do {
            _ = try state.run(
                LuaChunk(name: "rule.lua", source: "return dates.working_days('2026-09-28', '2026-10-12')"))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no working-day calendar is loaded"))
        }
        #expect(
            try state.run(LuaChunk(name: "rule.lua", source: "return dates.days_between('2026-09-28', '2026-10-12')"))
                == [14])
    }
}
