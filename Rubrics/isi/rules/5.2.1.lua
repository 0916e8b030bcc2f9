-- 5.2.1 方案编制要求 Content of the implementation plan.
-- Per sampled project: an implementation plan (implementation_plan) exists; it is
-- drawn up on the confirmed requirements (dated on or after the project's requirements
-- list); and its headings hold the twelve sections the clause lists (param
-- plan_sections, found with isi.find_sections; plain text is read line by line).
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"plan", "based_on_requirements", "sections"})
  local sections = D.param(ctx, "plan_sections")
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
    local best, best_missing, best_doc, why
    for _, d in ipairs(docs) do
      local found, missing, problem = isi.find_sections(d, sections)
      if best == nil or #found > best then best, best_missing, best_doc, why = #found, missing, d, problem end
    end
    local r = {met = isi.share(best, #sections, 1), evidence = isi.ref(best_doc),
      ok = isi.msgf("实施方案含全部 %d 个章节", "plan holds all %d sections", #sections, #sections)}
    if best < #sections then
      r.miss = isi.msgf("实施方案缺少章节：%s", "plan lacks sections: %s", isi.join(best_missing), isi.join(best_missing, ", "))
      if why then r.miss = r.miss .. " (" .. tostring(why) .. ")" end
    end
    return r
  end)

  return c:result()
end
