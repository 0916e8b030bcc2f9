-- Shared helpers of the part-5c rules (5.7 security, 5.8 customer relations,
-- 5.9 archives, 5.10 awareness): params that must exist, procedures found by
-- title keywords, term coverage across several documents, per-project shares.

local isi = require("isi")

local care = {}

care.param = isi.param

care.weights = isi.weights

care.procedures = isi.procedures

care.joined_text = isi.joined_text

--- Reports each document of `docs` whose text cannot be read (a missing
--- file, a corrupt .docx) as an observation citing it; returns how many.
function care.report_unreadable(docs)
  local n = 0
  for _, doc in ipairs(docs) do
    local text, why = isi.text(doc.id)
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

--- Runs `judge(project)` for each project (as `isi.per_project`). Returns the
--- mean share and a text naming the projects that fell short, with the notes.
function care.per_project(projects, judge)
  local share, shortfalls = isi.per_project(projects, judge)
  local short = {}
  for i, s in ipairs(shortfalls) do short[i] = s.project.id .. (s.why and ("（" .. s.why .. "）") or "") end
  return share, isi.join(short, "；")
end

care.rows_of = isi.rows_of

--- Row references of a list of rows (at most `limit`, 20 by default).
function care.row_refs(name, rows, limit)
  return isi.row_refs(name, rows, limit or 20)
end

care.split = isi.split

--- The bilingual "rows missing" finding text for a table.
function care.no_rows(name, why)
  return why or isi.msgf("记录表 %s 无数据", "record table %s has no rows", name)
end

return care
