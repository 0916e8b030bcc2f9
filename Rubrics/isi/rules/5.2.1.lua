-- 5.2.1 方案编制要求 Content of the implementation plan.
-- Per sampled project: an implementation plan (implementation_plan) exists; it is
-- drawn up on the confirmed requirements (dated on or after the project's requirements
-- list); and it treats the twelve contents the clause lists (param
-- plan_sections: concepts with their synonyms, recognised by ev.recognize in
-- headings and text after normalising width, spacing, punctuation and
-- numbering). A content with a section of its own counts in full, one only
-- mentioned in passing earns `mention_credit`; a content not recognised is
-- named with the terms looked for.
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"plan", "based_on_requirements", "sections"})
  local sections = D.param(ctx, "plan_sections")
  local mention_credit = D.param(ctx, "mention_credit")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  local plans = {}
  for _, p in ipairs(projects) do plans[p.id] = isi.docs("implementation_plan", p.id) end

  D.per_project(c, w.plan, projects, function(p)
    return D.presence(plans[p.id], isi.msg("有实施方案", "implementation plan present"),
      "未见实施方案", "no implementation plan found", partial)
  end)

  D.per_project(c, w.based_on_requirements, projects, function(p)
    local docs = plans[p.id]
    if #docs == 0 then return {met = false, miss = isi.msg("无实施方案", "no implementation plan")} end
    local lists = isi.docs("requirements_list", p.id)
    local confirmed = D.earliest(lists)
    local plan = isi.latest(docs)
    if confirmed == nil then
      return {met = false, evidence = isi.refs(docs),
        miss = isi.msg("无已确认的需求清单，方案编制依据不明", "no confirmed requirements list to base the plan on")}
    end
    if plan.date == nil or plan.date < confirmed then
      return {met = false, evidence = isi.merge_refs(isi.refs(docs), isi.refs(lists)),
        miss = isi.msgf("实施方案早于需求确认（%s）或未注明日期", "plan dated before the requirements were confirmed (%s) or undated", confirmed, confirmed)}
    end
    return {met = true, evidence = isi.merge_refs(isi.refs(docs), isi.refs(lists)),
      ok = isi.msg("实施方案依据已确认的需求编制", "plan drawn up on the confirmed requirements")}
  end)

  D.per_project(c, w.sections, projects, function(p)
    local docs = plans[p.id]
    if #docs == 0 then return {met = false, miss = isi.msg("无实施方案，无法核查章节", "no implementation plan to check for sections")} end
    local found, missing = isi.recognize(docs, sections)
    local earned, passing = 0, {}
    for _, f in ipairs(found) do
      if f.strength == "section" then
        earned = earned + 1
      else
        earned = earned + mention_credit
        passing[#passing + 1] = ("%s（%s 第 %d 行）"):format(f.label, f.doc.id, f.line)
      end
    end
    local r = {met = isi.share(earned, #sections, 1), evidence = isi.refs(docs),
      ok = isi.msgf("实施方案含全部 %d 个章节", "plan holds all %d sections", #sections, #sections)}
    local parts = {}
    if #missing > 0 then
      parts[#parts + 1] = isi.msgf("实施方案缺少章节（未识别）：%s", "plan lacks sections (not recognised): %s",
        isi.not_recognised(missing), isi.not_recognised(missing))
    end
    if #passing > 0 then
      parts[#parts + 1] = isi.msgf("仅顺带提及、无专门章节：%s", "mentioned only in passing, without a section: %s",
        isi.join(passing), isi.join(passing, ", "))
    end
    if #parts > 0 then r.miss = table.concat(parts, "；") end
    return r
  end)

  return c:result()
end
