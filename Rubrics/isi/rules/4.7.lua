-- 4.7 沟通管理 (communication management).
-- Checks: a communication procedure (服务沟通机制); for each sampled project,
-- communication records (record table `communications`) with both internal and
-- external parties, recurring across the project's window (no gap longer than a
-- param), every issue raised answered within a param's days, and signed
-- communication documents (minutes, letters: type communication_record).
-- Not applicable without sampled projects (the clause is about projects).

local isi = require("isi")
local control = require("isi.control")

local TABLE = "communications"

-- The project's window inside the audit period and up to the as-of date.
local function window(project)
  local from, to = isi.project_window(project)
  local period = isi.period()
  if from < period.from then from = period.from end
  if to > ev.as_of() then to = ev.as_of() end
  return from, to
end

return function(ctx)
  local p = control.params(ctx, {"procedure_terms", "internal_terms", "external_terms",
    "max_gap_days", "max_response_days"})
  local w = control.weights(ctx, {"procedure", "records", "parties", "periodic", "response", "documents"})
  local projects = ev.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未列出抽样项目", "the bundle lists no sampled project")}
  end
  local c = isi.checklist(ctx)

  control.check_procedure(c, w.procedure, p.procedure_terms, "服务沟通管理制度", "communication procedure")

  local rows = control.load(TABLE, "项目沟通记录", "the project communication records")
  local by_project = rows and isi.group(rows, "project") or {}
  local function of(project) return by_project[project.id] or {} end

  -- records exist for every project
  local share, short = control.per_project(function(project) return #of(project) > 0 and 1 or 0 end)
  c:check{weight = w.records, met = share,
    ok = isi.msg("每个抽样项目均有沟通记录", "communication records for every sampled project"),
    miss = isi.msg("项目无沟通记录：", "projects without communication records:") .. " " .. isi.join(short),
    evidence = control.tref(TABLE)}

  -- internal and external parties
  share, short = control.per_project(function(project)
    local internal = isi.count(of(project), function(r) return control.mentions(r.party_type, p.internal_terms) end)
    local external = isi.count(of(project), function(r) return control.mentions(r.party_type, p.external_terms) end)
    return ((internal > 0 and 1 or 0) + (external > 0 and 1 or 0)) / 2
  end)
  c:check{weight = w.parties, met = share,
    ok = isi.msg("各项目均与内部和外部相关方沟通", "every project communicated with internal and external parties"),
    miss = isi.msg("项目缺少与内部或外部相关方的沟通：", "projects lacking internal or external communication:") .. " " .. isi.join(short),
    evidence = control.tref(TABLE)}

  -- periodic across the project's window
  local gaps = {}
  share = control.per_project(function(project)
    local from, to = window(project)
    local days = {}
    for _, r in ipairs(of(project)) do days[#days + 1] = r.date end
    local ok, gap, ends_on = isi.periodic(days, p.max_gap_days, from, to)
    if not ok then gaps[#gaps + 1] = ("%s %d天/days→%s"):format(project.id, gap, ends_on) end
    return ok and 1 or 0
  end)
  c:check{weight = w.periodic, met = share,
    ok = isi.msgf("各项目沟通间隔均不超过 %d 天", "communication at least every %d days in every project", p.max_gap_days, p.max_gap_days),
    miss = isi.msgf("沟通间隔超过 %d 天：", "gaps longer than %d days between communications:", p.max_gap_days, p.max_gap_days)
      .. " " .. isi.join(gaps),
    evidence = control.tref(TABLE)}

  -- issues answered in time
  if rows then
    local issues = isi.filter(rows, function(r) return control.filled(r.issue) end)
    if #issues == 0 and #rows == 0 then
      -- No credit for nothing: no communication, so no issue was answered.
      c:check{weight = w.response, met = false, evidence = control.tref(TABLE),
        miss = isi.msg("审核期内无沟通记录，无从核查问题答复", "no communication in the period, so no answer to check")}
    elseif #issues == 0 then
      findings.ok(isi.msg("沟通中未提出需答复的问题（答复时限不计入本项）",
        "no issue raised in the communications (the response demand drops out)"), control.tref(TABLE))
    else
      control.check_rows(c, {rows = issues, table = TABLE, id = "comm_id", weight = w.response,
      test = function(r)
        local days = control.days(r.date, r.answered_date)
        return days ~= nil and days >= 0 and days <= p.max_response_days
      end,
      ok = isi.msgf("沟通中提出的问题均在 %d 天内答复（%d 项）", "every issue raised answered within %d days (%d issues)",
        p.max_response_days, #issues),
      miss = isi.msgf("问题未在 %d 天内答复", "issues not answered within %d days", p.max_response_days, p.max_response_days)})
    end
  else
    c:check{weight = w.response, met = false,
      miss = isi.msg("无法核查问题答复是否及时", "timely answers to issues cannot be checked")}
  end

  -- signed communication documents (minutes, letters) per project
  share, short = control.per_project(function(project)
    local docs = isi.docs("communication_record", project.id)
    local from, to = window(project)
    local good = isi.filter(docs, function(d) return isi.signed(d) and isi.in_period(d.date, from, to) end)
    return #good > 0 and 1 or (#docs > 0 and 0.5 or 0)
  end)
  local docs = isi.filter(isi.docs("communication_record"), function(d) return d.project ~= nil end)
  c:check{weight = w.documents, met = share,
    ok = isi.msg("各项目均有经签字的会议纪要或沟通函件", "signed minutes or letters for every project"),
    miss = isi.msg("项目缺少经签字、在项目期内的会议纪要或沟通函件：", "projects lacking signed minutes or letters dated in the project:")
      .. " " .. isi.join(short),
    evidence = isi.refs(docs)}

  return c:result()
end
