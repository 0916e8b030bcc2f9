-- Shared helpers of the part-5c rules (5.7 security, 5.8 customer relations,
-- 5.9 archives, 5.10 awareness): params that must exist, procedures found by
-- title keywords, term coverage across several documents, per-project shares.

local isi = require("isi")

local care = {}

--- A param of the leaf; a missing one is a rule error (the rubric is wrong).
function care.param(ctx, name)
  local value = ctx.params[name]
  if value == nil then
    error(("rule %s: missing param '%s' in rubric.yaml"):format(ctx.leaf.id, name), 2)
  end
  return value
end

--- The `weights` param of the leaf, checked to hold a number for each of
--- `keys` (the rule's demands); a missing one is a rule error.
function care.weights(ctx, keys)
  local w = care.param(ctx, "weights")
  for _, k in ipairs(keys) do
    if type(w[k]) ~= "number" then
      error(("rule %s: param weights.%s missing or not a number"):format(ctx.leaf.id, k), 2)
    end
  end
  return w
end

--- Procedure documents (type `procedure`) whose title contains one of `keywords`.
function care.procedures(keywords)
  return isi.filter(isi.docs("procedure"), function(doc)
    for _, k in ipairs(keywords) do
      if (doc.title or ""):find(k, 1, true) then return true end
    end
    return false
  end)
end

--- The text of several documents joined (unreadable ones are skipped; their
--- reasons are returned as a list).
function care.joined_text(docs)
  local parts, problems = {}, {}
  for _, doc in ipairs(docs) do
    local text, why = isi.searchable(doc)
    if text then parts[#parts + 1] = text else problems[#problems + 1] = doc.id .. ": " .. tostring(why) end
  end
  return table.concat(parts, "\n"), problems
end

--- Reports each document of `docs` whose text cannot be read (a missing
--- file, a corrupt .docx) as an observation citing it; returns how many.
function care.report_unreadable(docs)
  local n = 0
  for _, doc in ipairs(docs) do
    local text, why = ev.text(doc.id)
    if text == nil then
      n = n + 1
      findings.observation(isi.msgf("文档 %s 无法读取：%s", "document %s cannot be read: %s", doc.id, tostring(why)),
        {document = doc.id})
    end
  end
  return n
end

--- Which of `terms` the documents mention together: found, missing, share.
function care.terms_across(docs, terms)
  local text = care.joined_text(docs)
  local found, missing = isi.terms_in(text, terms)
  return found, missing, isi.share(#found, #terms, 0)
end

--- Whether a project had ended by the as-of date.
function care.finished(project)
  return project.end_date ~= nil and project.end_date <= ev.as_of()
end

--- Runs `judge(project)` for each project; `judge` returns a share in [0, 1]
--- and optionally a bilingual note on what fell short. Returns the mean
--- share and a text naming the projects that fell short.
function care.per_project(projects, judge)
  local total, short = 0, {}
  for _, p in ipairs(projects) do
    local share, note = judge(p)
    if share == true then share = 1 elseif share == false or share == nil then share = 0 end
    total = total + share
    if share < 1 then
      short[#short + 1] = p.id .. (note and ("（" .. note .. "）") or "")
    end
  end
  return isi.share(total, #projects, 0), isi.join(short, "；")
end

--- Rows of `rows` whose `project` column is the project's id.
function care.rows_of(rows, project)
  return isi.filter(rows or {}, function(r) return r.project == project.id end)
end

--- Row references (at most `limit`, 20 by default) of a list of rows.
function care.row_refs(name, rows, limit)
  local refs = {}
  for i, r in ipairs(rows) do
    if i > (limit or 20) then break end
    refs[#refs + 1] = {record = name, row = r._row}
  end
  if #refs == 0 and isi.record_table(name) then refs[1] = {record = name} end
  return refs
end

--- Splits a list cell ("a、b；c,d") into its trimmed items. The separators
--- are replaced as whole UTF-8 sequences first (a Lua character class would
--- split the bytes of Chinese characters).
function care.split(cell)
  local items = {}
  if cell == nil then return items end
  local text = tostring(cell)
  for _, sep in ipairs({"、", "，", "；", "／", ";", "/", "|"}) do
    text = text:gsub(sep:gsub("%p", "%%%0"), ",")
  end
  for item in text:gmatch("[^,]+") do
    item = item:gsub("^%s+", ""):gsub("%s+$", "")
    if item ~= "" then items[#items + 1] = item end
  end
  return items
end

--- The bilingual "rows missing" finding text for a table.
function care.no_rows(name, why)
  return why or isi.msgf("记录表 %s 无数据", "record table %s has no rows", name)
end

return care
