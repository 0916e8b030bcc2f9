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
