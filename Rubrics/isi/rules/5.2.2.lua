-- 5.2.2 方案设计原则 Design principles.
-- Per sampled project: the implementation plan addresses each of the five design
-- principles (param design_principles: 适用性, 兼容性, 扩展性, 安全性, 经济性, each a term
-- or a list of synonyms) and, for each, what the clause asks of it (param
-- principle_content: a term list per principle, e.g. 兼容性 -> 现有系统 / 数据互通);
-- naming a principle earns param named_share of it, its content the rest (by share of
-- its term groups); each principle weighs param weights.<principle>. Principles and
-- their content are concepts (a list of synonyms, labelled by its first) recognised by
-- ev.recognize in the plan's headings and text after normalisation, so a plan in its own
-- words (实用可靠, 平滑兼容, 易于扩展, 经济合理) counts; a hollow plan counts as none.
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local principles = D.param(ctx, "design_principles")
  local content = D.param(ctx, "principle_content")
  local weights = D.param(ctx, "weights")
  local named_share = D.param(ctx, "named_share")
  local c = isi.checklist(ctx)

  local texts = {}
  for _, p in ipairs(projects) do
    texts[p.id] = {docs = isi.docs("implementation_plan", p.id)}
  end

  for _, principle in ipairs(principles) do
    local label = type(principle) == "table" and principle[1] or principle
    local detail = content[label]
    assert(type(detail) == "table", ("leaf %s: param principle_content.%s missing"):format(ctx.leaf.id, label))
    assert(type(weights[label]) == "number", ("leaf %s: param weights.%s missing"):format(ctx.leaf.id, label))
    D.per_project(c, weights[label], projects, function(p)
      local t = texts[p.id]
      if #t.docs == 0 then
        return {met = false, miss = isi.msgf("无实施方案，未体现%s原则", "no implementation plan, so no %s principle", label, label)}
      end
      local named = #isi.recognize(t.docs, {principle}) > 0
      local found, missing = isi.recognize(t.docs, detail)
      local share = (named and named_share or 0) + (1 - named_share) * isi.share(#found, #detail, 1)
      local looked = isi.not_recognised(missing)
      return {met = share, evidence = isi.refs(t.docs),
        ok = isi.msgf("实施方案体现%s原则", "plan addresses the %s principle", label, label),
        miss = named and isi.msgf("实施方案提及%s但未落实其要求，未识别：%s", "plan names %s but not what it demands; not recognised: %s", label, looked)
          or isi.msgf("实施方案未体现%s原则（未识别，查找：%s）", "plan does not address the %s principle (not recognised; looked for: %s)",
            label, isi.join(type(principle) == "table" and principle or {principle}, "/"))}
    end)
  end

  return c:result()
end
