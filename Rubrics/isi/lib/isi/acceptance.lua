-- Shared logic of the testing, acceptance and after-sales rules (5.4.1–5.6):
-- params that must be present, the projects a rule looks at, a project's
-- acceptance date, per-project demands, and the record tables these rules read
-- (test_results, defects, trial_runs, acceptance_rounds, service_tickets,
-- inspections, maintenance_activities, service_trainings).
--
--   local acc = require("isi.acceptance")

local isi = require("isi")

local acc = {}

acc.param = isi.param

acc.weight = isi.weight

--- The projects whose testing and acceptance can be judged: finished ones
--- (an end date on or before the as-of date). Ongoing projects are left out.
function acc.finished_projects()
  local list = {}
  for _, p in ipairs(ev.projects()) do
    if p.end_date and p.end_date <= ev.as_of() then list[#list + 1] = p end
  end
  return list
end

--- The projects in after-sales service during the audit period: finished on
--- or before the period's end.
function acc.service_projects()
  local period = ev.audit_period()
  return isi.filter(acc.finished_projects(), function(p) return p.end_date <= period.to end)
end

--- Whether a text contains any of `terms`.
function acc.mentions(text, terms)
  for _, term in ipairs(terms) do
    if text:find(term, 1, true) then return true end
  end
  return false
end

--- The acceptance report of a project that concludes with a pass (the latest
--- such), or nil. `pass_terms` and `fail_terms` are the conclusion words.
function acc.passed_acceptance(project, pass_terms, fail_terms)
  local best
  for _, doc in ipairs(isi.docs("acceptance_report", project.id)) do
    local text = isi.searchable(doc) or ""
    local passed = acc.mentions(text, pass_terms) and not acc.mentions(text, fail_terms)
    if passed and (best == nil or (doc.date or "") > (best.date or "")) then best = doc end
  end
  return best
end

--- A project's acceptance date: the date of its passing acceptance report,
--- else its end date. Second result: the report, or nil.
function acc.acceptance_date(project, pass_terms, fail_terms)
  local report = acc.passed_acceptance(project, pass_terms, fail_terms)
  if report and report.date then return report.date, report end
  return project.end_date, report
end

--- Runs `judge(project)` for every project (as `isi.per_project`). Returns
--- the mean share and the "P1：reason" lines of the projects not fully met.
function acc.per_project(projects, judge)
  local share, shortfalls = isi.per_project(projects, judge)
  local gaps = {}
  for i, s in ipairs(shortfalls) do gaps[i] = s.project.id .. "：" .. (s.why or isi.msg("未满足", "not met")) end
  return share, gaps
end

--- The message of a per-project demand: the base text and the gaps.
function acc.gap_msg(base, gaps)
  if #gaps == 0 then return base end
  return base .. " — " .. table.concat(gaps, "；")
end

acc.rows_of = isi.rows_of

acc.row_refs = isi.row_refs

--- The not-applicable verdict of the testing rules (5.4.x) when no sampled
--- project has finished, or nil when one has.
function acc.untested(projects)
  if #projects > 0 then return nil end
  return {not_applicable = true, reason = isi.msg("无已完工的抽样项目，尚未进入系统测试阶段",
    "no sampled project has finished; none has reached system testing")}
end

--- Reports a table that cannot be read as a nonconformity (once per rule run).
function acc.table_problem(name, why)
  findings.nonconformity(why, isi.row_ref(name))
end

local Parts = {}
Parts.__index = Parts

--- A tally of the parts of one project's demand (a report's conclusion, its
--- signature, its date…): `t:add(met, label)` for each part, then
--- `t:result(subject)`: 1 when every part is met, else the share met and a
--- note naming the parts lacking ("D01 缺少 签字 lacks signature", or
--- "缺少 … missing …" without a subject).
function acc.parts()
  return setmetatable({met = 0, count = 0, lacking = {}}, Parts)
end

function Parts:add(met, label)
  self.count = self.count + 1
  if met then self.met = self.met + 1 else self.lacking[#self.lacking + 1] = label end
end

function Parts:result(subject)
  if self.met == self.count then return 1 end
  local note = subject == nil and isi.msg("缺少", "missing") .. " " .. isi.join(self.lacking)
    or subject .. " " .. isi.msg("缺少", "lacks") .. " " .. isi.join(self.lacking)
  return self.met / self.count, note
end

--- Whether `measured` meets `target` under `comparison` ("<=" or ">=").
--- Returns nil for an unknown comparison.
function acc.meets(measured, target, comparison)
  if measured == nil or target == nil then return false end
  if comparison == "<=" or comparison == "≤" then return measured <= target end
  if comparison == ">=" or comparison == "≥" then return measured >= target end
  return nil
end

--- Which of `wanted` occur among the values (each value may list several,
--- separated by 、;/, or spaces). Returns found, missing.
function acc.covered(values, wanted)
  local text = table.concat(values, "\n")
  return isi.terms_in(text, wanted)
end

return acc
