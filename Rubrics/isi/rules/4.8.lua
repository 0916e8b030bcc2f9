-- 4.8 风险管理 (risk management).
-- Checks: a project risk-management procedure (项目风险管理制度); for each sampled
-- project a risk register (record table `risks`) whose risks are identified
-- across the life-cycle stages (at least a param's number of the stages listed),
-- each assessed (likelihood, impact, level: 有效评估), each treated within a
-- param's days of being identified (及时处置), and a risk assessment report
-- (type risk_assessment) dated inside the project.
-- Not applicable without sampled projects.

local isi = require("isi")
local control = require("isi.control")

local TABLE = "risks"

-- The label of the life-cycle stage a cell names (first matching synonym list).
local function stage_of(value, stages)
  if type(value) ~= "string" then return nil end
  for _, stage in ipairs(stages) do
    local synonyms = type(stage) == "table" and stage or {stage}
    for _, term in ipairs(synonyms) do
      if value:find(term, 1, true) then return synonyms[1] end
    end
  end
  return nil
end

return function(ctx)
  local p = control.params(ctx, {"procedure_terms", "stages", "min_stages", "max_disposal_days"})
  local w = control.weights(ctx, {"procedure", "register", "lifecycle", "assessment", "disposal", "report"})
  local projects = ev.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未列出抽样项目", "the bundle lists no sampled project")}
  end
  local c = isi.checklist(ctx)
  local as_of = ev.as_of()

  control.check_procedure(c, w.procedure, p.procedure_terms, "项目风险管理制度", "risk management procedure")

  local rows = control.load(TABLE, "项目风险登记册", "the project risk register")
  local by_project = rows and isi.group(rows, "project") or {}
  local function of(project) return by_project[project.id] or {} end

  -- a register per project
  local share, short = control.per_project(function(project) return #of(project) > 0 and 1 or 0 end)
  c:check{weight = w.register, met = share,
    ok = isi.msg("每个抽样项目均建立风险登记", "a risk register for every sampled project"),
    miss = isi.msg("项目未登记风险：", "projects without a risk register:") .. " " .. isi.join(short),
    evidence = control.tref(TABLE)}

  -- identification across the life cycle
  local thin = {}
  share = control.per_project(function(project)
    local seen, n = {}, 0
    for _, r in ipairs(of(project)) do
      local stage = stage_of(r.stage, p.stages)
      if stage and not seen[stage] then seen[stage], n = true, n + 1 end
    end
    if n < p.min_stages then thin[#thin + 1] = ("%s %d/%d"):format(project.id, n, p.min_stages) end
    return math.min(1, n / p.min_stages)
  end)
  c:check{weight = w.lifecycle, met = share,
    ok = isi.msgf("各项目风险识别覆盖至少 %d 个生命周期阶段", "risks identified in at least %d life-cycle stages of every project",
      p.min_stages, p.min_stages),
    miss = isi.msg("风险识别未覆盖项目全生命周期（已覆盖阶段数/要求）：", "risk identification does not cover the life cycle (stages covered/required):")
      .. " " .. isi.join(thin),
    evidence = control.tref(TABLE)}

  local sampled = {}
  for _, project in ipairs(projects) do
    for _, r in ipairs(of(project)) do sampled[#sampled + 1] = r end
  end
  table.sort(sampled, function(a, b) return a._row < b._row end)

  if rows then
    -- assessment: likelihood, impact and level
    control.check_rows(c, {rows = sampled, table = TABLE, id = "risk_id", weight = w.assessment,
      test = function(r) return r.likelihood ~= nil and r.impact ~= nil and control.filled(r.level) end,
      ok = isi.msgf("%d 项风险均评估了可能性、影响和等级", "all %d risks assessed (likelihood, impact, level)", #sampled),
      miss = isi.msg("风险未评估可能性、影响或等级", "risks without likelihood, impact or level"),
      none = isi.msg("抽样项目无已登记风险可供评估", "no risk of the sampled projects to assess")})
    -- timely disposal
    local limit = p.max_disposal_days
    control.check_rows(c, {rows = sampled, table = TABLE, id = "risk_id", weight = w.disposal,
      test = function(r)
        if r.identified_date == nil then return false end
        if r.disposed_date == nil then
          return dates.days_between(r.identified_date, as_of) <= limit
        end
        local days = dates.days_between(r.identified_date, r.disposed_date)
        return control.filled(r.treatment) and days >= 0 and days <= limit
      end,
      ok = isi.msgf("风险均在识别后 %d 天内处置", "every risk treated within %d days of identification", limit, limit),
      miss = isi.msgf("风险未在识别后 %d 天内处置或未记录处置措施", "risks not treated within %d days or without a recorded treatment", limit, limit),
      none = isi.msg("抽样项目无已登记风险可供核查处置", "no risk of the sampled projects to check for treatment")})
  else
    c:check{weight = w.assessment, met = false, miss = isi.msg("无法核查风险评估", "risk assessment cannot be checked")}
    c:check{weight = w.disposal, met = false, miss = isi.msg("无法核查风险处置是否及时", "timely risk treatment cannot be checked")}
  end

  -- a risk assessment report per project
  share, short = control.per_project(function(project)
    local from, to = isi.project_window(project)
    local docs = isi.docs("risk_assessment", project.id)
    return #isi.filter(docs, function(d) return isi.in_period(d.date, from, to) end) > 0 and 1 or (#docs > 0 and 0.5 or 0)
  end)
  c:check{weight = w.report, met = share,
    ok = isi.msg("各项目均有项目期内的风险评估报告", "a risk assessment report dated in every project"),
    miss = isi.msg("项目缺少项目期内的风险评估报告：", "projects lacking a risk assessment report dated in the project:") .. " " .. isi.join(short),
    evidence = isi.refs(isi.docs("risk_assessment"))}

  c:note(isi.msgf("抽样项目风险 %d 项", "%d risks in the sampled projects", #sampled))
  return c:result()
end
