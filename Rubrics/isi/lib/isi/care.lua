-- Shared helpers of the part-5c rules (5.7 security, 5.8 customer relations,
-- 5.9 archives, 5.10 awareness): params that must exist, procedures found by
-- title keywords, term coverage across several documents, per-project shares.

local isi = require("isi")

local care = {}

care.param = isi.param

care.weights = isi.weights

care.procedures = isi.procedures

--- The procedures whose title names one of `keywords` and that treat their
--- process (`control.treats_process`: the body names one of the leaf's
--- param process_terms, and at least min_procedure_elements of its
--- procedure_elements are recognised). A titled procedure that does not
--- treat its process is a nonconformity saying why, and is left out.
function care.treating_procedures(ctx, keywords, what_zh, what_en)
  local control = require("isi.control")
  local terms = isi.param(ctx, "process_terms")
  local elements = isi.param(ctx, "procedure_elements")
  local least = isi.param(ctx, "min_procedure_elements")
  local kept = {}
  for _, doc in ipairs(care.procedures(keywords)) do
    local treats, why = control.treats_process(doc, terms, elements, least)
    if treats then
      kept[#kept + 1] = doc
    elseif isi.text(doc.id) ~= nil then
      findings.nonconformity(isi.msg(("《%s》未实质规定%s：%s"):format(doc.title, what_zh, why),
        ("“%s” does not treat the %s: %s"):format(doc.title, what_en, why)), {document = doc.id})
    end
  end
  return kept
end

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
