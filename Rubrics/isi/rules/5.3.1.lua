-- 5.3.1 实施准备 Implementation preparation.
-- Applicable to every project (NOTES.md): when no sampled project procured
-- hardware (hardware_procured), the first paragraph (procurement and
-- inspection) drops out of the leaf's weight and the rest is judged.
-- Per sampled project that procured hardware: an inspection record of the procured
-- equipment (procurement_inspection, with product_certificate documents) naming model,
-- specification, quantity, quality, certificates and warranty (param procurement_checks),
-- dated inside the project (no later than its end date).
-- Per sampled project: a detailed implementation schedule (implementation_schedule)
-- with stages, deadlines, owners and customer duties (param schedule_items), dated on or
-- before the start; a site survey (site_survey_record) confirming power and site
-- (param site_checks), dated on or before the start; the tools, technical documents
-- and safety gear readied (param readiness_items, in the schedule or the survey).
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local hardware = isi.filter(projects, function(p) return p.hardware_procured end)
  local w = D.weights(ctx, {"procurement", "schedule", "site_survey", "readiness"})
  local checks = D.param(ctx, "procurement_checks")
  local schedule_items = D.param(ctx, "schedule_items")
  local site_checks = D.param(ctx, "site_checks")
  local readiness = D.param(ctx, "readiness_items")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  local function terms_demand(docs, terms, ok, miss_zh, miss_en, latest_date, late_zh, late_en)
    -- the terms are concepts (a list of synonyms, labelled by its first), recognised by ev.recognize
    local _, problems = D.joined_text(docs)
    local found, missing = isi.recognize(docs, terms)
    local share = isi.share(#found, #terms, 1)
    local r = {met = share, evidence = isi.refs(docs), ok = ok}
    local parts = {}
    if share < 1 then parts[#parts + 1] = isi.msgf(miss_zh, miss_en, isi.not_recognised(missing)) end
    if #problems > 0 then parts[#parts + 1] = table.concat(problems, "; ") end
    if latest_date then
      local first = D.earliest(docs)
      if first == nil or first > latest_date then
        r.met = r.met * partial
        parts[#parts + 1] = isi.msgf(late_zh, late_en, latest_date, latest_date)
      end
    end
    if #parts > 0 then r.miss = table.concat(parts, "; ") end
    return r
  end

  if #hardware == 0 then
    c:note(isi.msg("抽样项目均未采购硬件设备，采购验货不计入本项", "no sampled project procured hardware: procurement drops out"))
  else
    D.per_project(c, w.procurement, hardware, function(p)
      local docs = D.concat(isi.docs("procurement_inspection", p.id), isi.docs("product_certificate", p.id))
      if #isi.docs("procurement_inspection", p.id) == 0 then
        return {met = false, evidence = isi.refs(docs), miss = isi.msg("采购硬件未见验货记录", "hardware procured but no inspection record found")}
      end
      local _, to = isi.project_window(p)
      return terms_demand(docs, checks,
        isi.msg("设备验货核查型号、规格、数量、质量、合格证明与质保凭证", "equipment inspected for model, specification, quantity, quality, certificates and warranty"),
        "验货记录未核查：%s", "inspection does not check: %s", to,
        "验货记录晚于完工（%s）或未注明日期", "inspection after the end (%s) or undated")
    end)
  end

  D.per_project(c, w.schedule, projects, function(p)
    local docs = isi.docs("implementation_schedule", p.id)
    if #docs == 0 then return {met = false, miss = isi.msg("未见细化实施计划", "no detailed implementation schedule found")} end
    return terms_demand(docs, schedule_items,
      isi.msg("细化实施计划明确阶段、工期节点、责任人和客户配合事项", "schedule sets stages, deadlines, owners and customer duties"),
      "实施计划缺少：%s", "schedule lacks: %s", p.start_date,
      "实施计划晚于开工（%s）或未注明日期", "schedule after the start (%s) or undated")
  end)

  D.per_project(c, w.site_survey, projects, function(p)
    local docs = isi.docs("site_survey_record", p.id)
    if #docs == 0 then return {met = false, miss = isi.msg("未见现场勘查记录", "no site survey record found")} end
    return terms_demand(docs, site_checks,
      isi.msg("现场勘查确认用电、场地等施工条件", "site survey confirms power, space and other conditions"),
      "现场勘查未确认：%s", "site survey does not confirm: %s", p.start_date,
      "现场勘查晚于开工（%s）或未注明日期", "site survey after the start (%s) or undated")
  end)

  D.per_project(c, w.readiness, projects, function(p)
    local docs = D.concat(isi.docs("implementation_schedule", p.id), isi.docs("site_survey_record", p.id))
    if #docs == 0 then return {met = false, miss = isi.msg("无实施计划或勘查记录，无法核查准备情况", "no schedule or survey to check readiness")} end
    return terms_demand(docs, readiness,
      isi.msg("实施工具、技术资料、安全防护设备已备齐", "tools, technical documents and safety gear readied"),
      "未见备齐：%s", "not shown readied: %s")
  end)

  return c:result()
end
