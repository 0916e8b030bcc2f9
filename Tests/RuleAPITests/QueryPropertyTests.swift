import Evidence
import Foundation
import LuaHost
import PropertyBased
import RuleAPI
import Testing

/// `ev.query` against a straightforward Lua computation over `ev.records` of
/// the same rows, over generated tables with empty cells and dates.
@Suite("ev.query: property tests")
struct QueryPropertyTests {
    /// A bundle folder holding one generated record table `t`.
    struct GeneratedBundle {
        let folder: URL

        init(rows: Int, seed: UInt64) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("records"), withIntermediateDirectories: true)
            try Self.manifest.write(to: folder.appendingPathComponent("bundle.yaml"), atomically: true, encoding: .utf8)
            var random = seed
            func next(_ n: Int) -> Int {
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int((random >> 33) % UInt64(n))
            }
            var csv = "project,kind,n,x,day\n"
            let projects = ["P1", "P2", "P3", ""]
            let kinds = ["功能测试", "性能测试", "安全", ""]
            for _ in 0..<rows {
                let n = next(5) == 0 ? "" : String(next(41) - 20)
                let x = next(4) == 0 ? "" : "\(next(200)).\(next(4) * 25)"
                let day = next(5) == 0 ? "" : CalendarDate(dayNumber: 20_454 + next(90)).description
                csv += "\(projects[next(4)]),\(kinds[next(4)]),\(n),\(x),\(day)\n"
            }
            try csv.write(to: folder.appendingPathComponent("records/t.csv"), atomically: true, encoding: .utf8)
        }

        static let manifest = """
            format: 1
            organization:
              name: 北京示例信息技术有限公司
              credit_code: 91110108MA01ABCDEN
            assessment:
              scheme: isi
              type: initial
              audit_period: {from: 2025-10-01, to: 2026-09-30}
              as_of: 2026-10-20
            projects:
              - {id: P1, name: 一, customer: 甲, contract_date: 2026-01-02, start_date: 2026-01-05, end_date: 2026-02-20, hardware_procured: false}
              - {id: P2, name: 二, customer: 乙, contract_date: 2026-01-02, start_date: 2026-01-05, hardware_procured: true}
            records:
              - name: t
                path: records/t.csv
                columns:
                  - {name: project, type: string}
                  - {name: kind, type: string}
                  - {name: n, type: integer}
                  - {name: x, type: decimal}
                  - {name: day, type: date}

            """

        func harness(_ limits: LuaLimits = LuaLimits(timeout: 60)) throws -> (RuleEnvironment, LuaState) {
            let bundle = try EvidenceBundle.open(folder, options: BundleOptions(documentTypes: [], schemeID: "isi"))
            let environment = RuleEnvironment(bundle: bundle, calendar: Fixtures.calendar)
            let state = try LuaState(configuration: LuaConfiguration(limits: limits))
            try environment.install(in: state)
            return (environment, state)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Lua that compares each query with the same computation over `ev.records`
    /// and returns the list of disagreements.
    static let comparison = """
        local rows = ev.records("t")
        local problems = {}
        local function same(a, b) return a == b or (type(a) == "number" and type(b) == "number" and math.abs(a - b) < 1e-9) end
        local function check(what, a, b)
          if not same(a, b) then problems[#problems + 1] = what .. ": " .. tostring(a) .. " vs " .. tostring(b) end
        end
        local function check_rows(what, answer, expected)
          check(what .. " #", #answer, #expected)
          for i = 1, math.min(#answer, #expected) do check(what .. " row " .. i, answer[i]._row, expected[i]) end
        end

        -- filters
        local expected = {}
        for _, r in ipairs(rows) do
          if r.project == "P1" and r.n ~= nil and r.n >= 0 and r.day ~= nil and r.day >= "2026-01-20" and r.day <= "2026-02-28" then
            expected[#expected + 1] = r._row
          end
        end
        check_rows("filter", ev.query("t", {where = {{"project", "==", "P1"}, {"n", ">=", 0}, {"day", "between", "2026-01-20", "2026-02-28"}}}), expected)
        expected = {}
        for _, r in ipairs(rows) do
          if (r.kind == nil or (r.kind ~= "安全" and r.kind ~= "性能测试")) and r.x == nil and (r.project == nil or not r.project:find("2", 1, true)) then
            expected[#expected + 1] = r._row
          end
        end
        check_rows("sets", ev.query("t", {where = {{"kind", "not_in", {"安全", "性能测试"}}, {"x", "null"}, {"project", "not_in", {"P2"}}}}), expected)
        expected = {}
        for _, r in ipairs(rows) do
          if r.kind ~= nil and r.kind:find("测试", 1, true) and r.n ~= nil and r.x ~= nil and r.n < r.x then expected[#expected + 1] = r._row end
        end
        check_rows("contains", ev.query("t", {where = {{"kind", "contains", "测试"}, {"n", "<", {column = "x"}}}}), expected)

        -- the join to the projects
        local ends = {}
        for _, p in ipairs(ev.projects()) do ends[p.id] = p.end_date end
        expected = {}
        for _, r in ipairs(rows) do
          if r.project ~= nil and ends[r.project] ~= nil and r.day ~= nil and r.day > ends[r.project] then expected[#expected + 1] = r._row end
        end
        check_rows("join", ev.query("t", {join = "projects", where = {{"projects.end_date", "not_null"}, {"day", ">", {column = "projects.end_date"}}}}), expected)

        -- groups
        local groups, order = {}, {}
        for _, r in ipairs(rows) do
          local key = r.project or "\\0"
          if groups[key] == nil then groups[key] = {rows = {}, kinds = {}, seen = {}}; order[#order + 1] = key end
          local g = groups[key]
          g.rows[#g.rows + 1] = r
          if r.kind ~= nil and not g.seen[r.kind] then g.seen[r.kind] = true; g.kinds[#g.kinds + 1] = r.kind end
        end
        local answer = ev.query("t", {group_by = "project", aggregate = {
          count = "count", sum = {"sum", "n"}, first = {"min", "day"}, last = {"max", "x"}, mean = {"mean", "n"},
          median = {"percentile", "x", 50}, kinds = {"distinct", "kind"}, rows = {"rows", 3}, cells = {"count", "n"}}})
        check("groups", #answer, #order)
        for i, key in ipairs(order) do
          local g, a = groups[key], answer[i] or {}
          check("group key " .. i, a.project or "\\0", key)
          check("count " .. key, a.count, #g.rows)
          local sum, cells, first, last, xs = 0, 0, nil, nil, {}
          for _, r in ipairs(g.rows) do
            if r.n ~= nil then sum = sum + r.n; cells = cells + 1 end
            if r.day ~= nil and (first == nil or r.day < first) then first = r.day end
            if r.x ~= nil then
              xs[#xs + 1] = r.x
              if last == nil or r.x > last then last = r.x end
            end
          end
          check("sum " .. key, a.sum, sum)
          check("cells " .. key, a.cells, cells)
          check("mean " .. key, a.mean, cells > 0 and sum / cells or nil)
          check("first " .. key, a.first, first)
          check("last " .. key, a.last, last)
          table.sort(xs)
          local median
          if #xs > 0 then
            local rank = 0.5 * (#xs - 1)
            local low = math.floor(rank)
            local high = math.min(low + 1, #xs - 1)
            median = xs[low + 1] + (xs[high + 1] - xs[low + 1]) * (rank - low)
          end
          check("median " .. key, a.median, median)
          check("kinds " .. key, table.concat(a.kinds, ","), table.concat(g.kinds, ","))
          local first_rows = {}
          for j = 1, math.min(3, #g.rows) do first_rows[j] = g.rows[j]._row end
          check("rows " .. key, table.concat(a.rows, ","), table.concat(first_rows, ","))
        end

        -- aggregates over their own conditions
        answer = ev.query("t", {where = {{"n", "not_null"}}, aggregate = {
          all = "count",
          p1 = {compute = "count", where = {{"project", "==", "P1"}}},
          p1_rows = {compute = {"rows", 4}, where = {{"project", "==", "P1"}, {"x", "not_null"}}},
          big_kinds = {compute = {"distinct", "kind"}, where = {{"n", ">", 5}}}}})[1]
        local all, p1, p1_rows, big_kinds, big_seen = 0, 0, {}, {}, {}
        for _, r in ipairs(rows) do
          if r.n ~= nil then
            all = all + 1
            if r.project == "P1" then
              p1 = p1 + 1
              if r.x ~= nil and #p1_rows < 4 then p1_rows[#p1_rows + 1] = r._row end
            end
            if r.n > 5 and r.kind ~= nil and not big_seen[r.kind] then
              big_seen[r.kind] = true
              big_kinds[#big_kinds + 1] = r.kind
            end
          end
        end
        check("filtered all", answer.all, all)
        check("filtered p1", answer.p1, p1)
        check("filtered p1 rows", table.concat(answer.p1_rows, ","), table.concat(p1_rows, ","))
        check("filtered kinds", table.concat(answer.big_kinds, ","), table.concat(big_kinds, ","))

        -- groups by a derived month, in month order
        local months, month_order = {}, {}
        for _, r in ipairs(rows) do
          if r.day ~= nil then
            local m = r.day:sub(1, 7)
            if months[m] == nil then months[m] = 0; month_order[#month_order + 1] = m end
            months[m] = months[m] + 1
          end
        end
        table.sort(month_order)
        answer = ev.query("t", {where = {{"day", "not_null"}}, derive = {month = {"month", "day"}},
          group_by = "month", order_by = "month", aggregate = {n = "count"}})
        check("months", #answer, #month_order)
        for i, m in ipairs(month_order) do
          check("month " .. i, (answer[i] or {}).month, m)
          check("month count " .. m, (answer[i] or {}).n, months[m])
        end

        -- row by row: the same rows and values as ev.records
        expected = {}
        for _, r in ipairs(rows) do
          if r.kind ~= nil and r.kind:find("测试", 1, true) then expected[#expected + 1] = r end
        end
        local walked = 0
        for r in ev.each("t", {where = {{"kind", "contains", "测试"}}, select = {"n", "day"}}) do
          walked = walked + 1
          local e = expected[walked] or {}
          check("each row " .. walked, r._row, e._row)
          check("each n " .. walked, r.n, e.n)
          check("each day " .. walked, r.day, e.day)
          check("each kind " .. walked, r.kind, nil)
        end
        check("each #", walked, #expected)

        -- sorted, limited: n descending (empty cells last), ties in file order
        local sorted = {}
        for i, r in ipairs(rows) do sorted[i] = r end
        table.sort(sorted, function(a, b)
          if a.n == nil or b.n == nil then
            if (a.n == nil) ~= (b.n == nil) then return b.n == nil end
            return a._row < b._row
          end
          if a.n ~= b.n then return a.n > b.n end
          return a._row < b._row
        end)
        expected = {}
        for i = 1, math.min(7, #sorted) do expected[i] = sorted[i]._row end
        check_rows("sorted", ev.query("t", {select = {"n"}, order_by = {"-n"}, limit = 7}), expected)
        return problems
        """

    @Test func queriesAgreeWithLuaOverTheSameRows() async throws {
        await propertyCheck(count: 25, input: Gen.int(in: 0...80), Gen.int(in: 0...Int.max)) { rows, seed in
            do {
                let bundle = try GeneratedBundle(rows: rows, seed: UInt64(seed))
                defer { bundle.remove() }
                let (_, state) = try bundle.harness()
                let problems = try state.run(LuaChunk(name: "compare.lua", source: Self.comparison)).first
                #expect(problems?.arrayValue ?? [.string("no result")] == [], "rows \(rows), seed \(seed)")
            } catch {
                Issue.record("rows \(rows), seed \(seed): \(error)")
            }
        }
    }

    @Test func aHostileQueryStopsAtTheBudgetAsThatRulesError() throws {
        let bundle = try GeneratedBundle(rows: 5000, seed: 7)
        defer { bundle.remove() }
        let (_, state) = try bundle.harness(LuaLimits(instructionBudget: 1_000_000, timeout: 60))
        do {
            _ = try state.run(
                LuaChunk(
                    name: "hostile.lua",
                    source: """
                        while true do
                          local ok = pcall(ev.query, "t", {where = {{"kind", "contains", "测"}}, order_by = {"-x", "day"}, limit = 1})
                        end
                        """))
            Issue.record("the loop ran through")
        } catch LuaError.instructionBudgetExceeded {
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func walkingRowByRowHoldsOnlyTheRowsTheRuleKeeps() throws {
        // 20,000 rows made at once by ev.records need more than 2 MiB; one at a time they do not.
        let bundle = try GeneratedBundle(rows: 20000, seed: 3)
        defer { bundle.remove() }
        let limits = LuaLimits(memoryLimit: 2 << 20, timeout: 60)
        let (_, walking) = try bundle.harness(limits)
        let walked = try walking.run(
            LuaChunk(
                name: "each.lua",
                source: """
                    local n, kept = 0, {}
                    for r in ev.each("t", {select = {"n"}}) do
                      n = n + 1
                      if n % 1000 == 0 then kept[#kept + 1] = r end
                    end
                    return n, #kept, ev.query("t", {aggregate = {n = "count"}})[1].n
                    """))
        #expect(walked.count == 3 && walked[0] == walked[2] && walked[1] == .integer(19))
        #expect((walked.first?.integerValue ?? 0) > 19_000)
        let (_, holding) = try bundle.harness(limits)
        #expect(throws: (any Error).self) {
            _ = try holding.run(
                LuaChunk(
                    name: "records.lua", source: "local rows = ev.records('t'); local t = {}; t[1] = {}; return #rows"))
        }
        #expect(throws: (any Error).self) {
            _ = try holding.run(LuaChunk(name: "bad.lua", source: "ev.each('t', {group_by = 'kind'})"))
        }
    }

    @Test func badQueriesAreArgumentErrors() throws {
        let bundle = try GeneratedBundle(rows: 3, seed: 1)
        defer { bundle.remove() }
        let (_, state) = try bundle.harness()
        func message(_ source: String) -> String {
            do {
                _ = try state.run(LuaChunk(name: "q.lua", source: source))
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message(#"ev.query("t", {where = {{"kind", "like", "x"}}})"#).contains("unknown operator 'like'"))
        #expect(message(#"ev.query("t", {where = {{"nope", "null"}}})"#).contains("has no column `nope`"))
        #expect(message(#"ev.query("t", {wher = {}})"#).contains("unknown field 'wher'"))
        #expect(message(#"ev.query("t", {aggregate = {s = {"sum", "kind"}}})"#).contains("needs a number column"))
        #expect(message(#"return ev.query("t", {aggregate = {n = "count"}})[1].n"#) == "")
    }
}
