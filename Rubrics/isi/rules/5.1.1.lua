-- 5.1.1 需求调研 Requirements research.
-- Per sampled project: a requirements research record (requirements_research_record,
-- with the site_survey_record as supporting evidence) that is present and dated inside
-- the audit period; that covers the research scope the clause lists (业务场景, 信息化现状,
-- 软硬件设备, 网络环境, 业务流程, 核心需求, 信息化规划: param research_scope) and the
-- research ways (专项调研团队, 现场勘查, 座谈, 资料梳理: param research_methods); that
-- sorts out the five kinds of requirement (param requirement_kinds); and that is signed
-- by both parties (param min_signatories, customer_markers, provider_markers).
-- Critical demand `signed_by_both` (经双方签字确认): every sampled project's record.
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"record", "scope", "methods", "requirement_kinds", "signed"})
  local scope = D.param(ctx, "research_scope")
  local methods = D.param(ctx, "research_methods")
  local kinds = D.param(ctx, "requirement_kinds")
  local need_both = D.param(ctx, "signed_by_both_parties")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  -- the research records of each project, found once
  local records = {}
  for _, p in ipairs(projects) do
    records[p.id] = isi.docs("requirements_research_record", p.id)
  end

  D.per_project(c, w.record, projects, function(p)
    local docs = records[p.id]
    local r = D.presence(docs, isi.msg("有需求调研记录", "requirements research record present"),
      "未见需求调研记录", "no requirements research record found", partial)
    if r.met ~= true then return r end
    if #isi.filter(docs, function(d) return isi.dated_in(d) end) == 0 then
      return {met = partial, evidence = isi.refs(docs),
        miss = isi.msg("需求调研记录未注明日期或不在审核期内", "research record undated or outside the audit period")}
    end
    return r
  end)

  local function coverage(p, terms, with_survey, what_zh, what_en)
    local docs = records[p.id]
    if with_survey then docs = D.concat(docs, isi.docs("site_survey_record", p.id)) end
    if #docs == 0 then
      return {met = false, miss = isi.msg("无调研记录，无法核查" .. what_zh, "no research record to check for " .. what_en)}
    end
    -- the terms are concepts (a list of synonyms, labelled by its first), recognised by ev.recognize
    local _, problems = D.joined_text(docs)
    local found, missing = isi.recognize(docs, terms)
    local share = isi.share(#found, #terms, 1)
    local r = {met = share, evidence = isi.refs(docs),
      ok = isi.msg("调研记录覆盖" .. what_zh, "research record covers " .. what_en)}
    if share < 1 then
      local looked = isi.not_recognised(missing)
      r.miss = isi.msg("调研记录未识别出" .. what_zh .. "：" .. looked,
        "research record: " .. what_en .. " not recognised: " .. looked)
      if #problems > 0 then r.miss = r.miss .. " (" .. table.concat(problems, "; ") .. ")" end
    end
    return r
  end

  D.per_project(c, w.scope, projects, function(p)
    return coverage(p, scope, false, "调研范围", "the research scope")
  end)
  D.per_project(c, w.methods, projects, function(p)
    return coverage(p, methods, true, "调研团队与方式", "the research team and ways")
  end)
  D.per_project(c, w.requirement_kinds, projects, function(p)
    return coverage(p, kinds, false, "需求类别", "the kinds of requirement")
  end)

  local _, signed = D.per_project(c, w.signed, projects, function(p)
    local docs = records[p.id]
    if #docs == 0 then
      return {met = false, miss = isi.msg("无调研记录，无签字确认", "no research record, so no signed confirmation")}
    end
    local reasons = {}
    for _, d in ipairs(docs) do
      local ok, why
      if need_both then ok, why = D.signed_by_both(d, ctx) else ok = isi.signed(d) end
      if ok then
        return {met = true, evidence = isi.ref(d),
          ok = isi.msg("调研记录经双方签字确认", "research record signed by both parties")}
      end
      reasons[#reasons + 1] = d.id .. ": " .. (why or isi.msg("未签字", "unsigned"))
    end
    return {met = false, evidence = isi.refs(docs),
      miss = isi.msg("调研记录未经双方签字确认", "research record not signed by both parties") ..
        " (" .. table.concat(reasons, "; ") .. ")"}
  end)

  c:critical("signed_by_both", signed)
  return c:result()
end
