// The Lua side of `rubric-bench evidence`: a response-time rule as a rule author would
// write it, run in a fresh sandboxed state with the evidence API installed.
import Evidence
import Foundation
import LuaHost
import RuleAPI

/// The end of every percentile rule below: sorts `hours` (n values), reports
/// p50, p90 and p95, and an observation when p90 exceeds the `max_p90_hours` param.
let percentilesOfHours = """
      table.sort(hours)
      local function percentile(p) return hours[math.max(1, math.ceil(p * n))] end
      local p50, p90, p95 = percentile(0.5), percentile(0.9), percentile(0.95)
      if p90 > (ev.params().max_p90_hours or 4) then
        findings.observation(("首次响应偏慢 slow first responses: p90 %.2f h"):format(p90), {record = "tickets"})
      else
        findings.ok(("首次响应及时 first responses in time: p90 %.2f h"):format(p90), {record = "tickets"})
      end
      return p50, p90, p95
    end
    """

/// Response-time percentiles (first response minus opened, in hours) from `ev.records`:
/// every row with all its cells, as a rule author writes it first.
let percentilesFromRecords = """
    return function()
      local hours, n = {}, 0
      for _, t in ipairs(ev.records("tickets")) do
        if t.first_response_at then
          n = n + 1
          hours[n] = dates.hours_between(t.opened_at, t.first_response_at)
        end
      end
    """ + "\n" + percentilesOfHours

/// The same from `ev.records` with only the two columns the rule reads.
let percentilesFromSelectedColumns = percentilesFromRecords.replacingOccurrences(
    of: #"ev.records("tickets")"#, with: #"ev.records("tickets", {columns = {"opened_at", "first_response_at"}})"#)

/// The same from `ev.column`, the way docs/evidence-api.md recommends for large tables.
let percentilesFromColumns = """
    return function()
      local opened, rows = ev.column("tickets", "opened_at")
      local answered = ev.column("tickets", "first_response_at")
      local hours, n = {}, 0
      for i = 1, rows do
        if answered[i] then
          n = n + 1
          hours[n] = dates.hours_between(opened[i], answered[i])
        end
      end
    """ + "\n" + percentilesOfHours

/// Only the conversion: `ev.records` into Lua tables, nothing done with them.
let recordsOnly = """
    return function() return #ev.records("tickets") end
    """

/// What one rule run gave and used.
struct LuaRuleRun {
    var results: [LuaValue]
    var memoryPeak: Int
}

extension EvidenceBenchmark {
    /// Runs a rule in a fresh sandboxed state (default limits) with the evidence API of `view`.
    static func runRule(_ source: String, name: String, view: EvidenceView) throws -> LuaRuleRun {
        let environment = RuleEnvironment(view: view)
        let state = try LuaState(configuration: .sandbox)
        try environment.install(in: state)
        let rule = try state.loadFunction(LuaChunk(name: name, source: source))
        let results = try state.call(rule)
        guard environment.findings.all.count <= 1 else { fail("\(name): unexpected findings") }
        return LuaRuleRun(results: results, memoryPeak: state.memoryPeak)
    }

    /// Times a Lua rule over `runs` runs, each on a freshly opened bundle: the table is loaded
    /// first (not timed; see `csv_load_100k_rows`), then the rule runs in a fresh state (timed:
    /// the state, the environment, the rule). Returns the peak memory of load and rule together,
    /// and the last run.
    func measureRule(_ name: String, _ source: String) -> (peak: Double, run: LuaRuleRun) {
        var times: [Double] = []
        var last = LuaRuleRun(results: [], memoryPeak: 0)
        resetPeakRSS()
        for _ in 0..<Self.runs {
            do {
                let bundle = try EvidenceBundle.open(folder)
                let view = EvidenceView(bundle: bundle, calendar: nil)
                _ = try view.recordTable("tickets")
                let start = clock.now
                last = try Self.runRule(source, name: "rules/\(name).lua", view: view)
                times.append(seconds(clock.now - start))
                bundle.close()
            } catch {
                fail("\(name): \(error)")
            }
        }
        report(name, times)
        return (peakRSS(), last)
    }
}
