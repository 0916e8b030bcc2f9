-- The ISI library's content checks: whether a document has substance
-- (ev.substance, under the rubric's `substance` data) and which concepts it
-- treats (ev.recognize). Loaded by lib/isi.lua the first time a rule uses one
-- of these functions; rules call them as `isi.<name>`.

local isi = require("isi")

local REASONS = {
  placeholder = {"含占位内容", "holds placeholders"},
  too_little_text = {"实质内容过少", "has too little substantive text"},
  empty_sections = {"多数章节为空", "has mostly empty sections"},
}

--- Why a document is hollow, in words, from `ev.substance`'s answer.
local function describe(s)
  local zh, en = {}, {}
  for _, reason in ipairs(s.reasons) do
    local words = REASONS[reason] or {reason, reason}
    local detail_zh, detail_en = "", ""
    if reason == "placeholder" and s.placeholders[1] then
      local first = s.placeholders[1]
      detail_zh = ("（“%s”，第 %d 行）"):format(first.marker, first.line)
      detail_en = (" (“%s”, line %d)"):format(first.marker, first.line)
    elseif reason == "too_little_text" then
      detail_zh = ("（%d 字，该类文档至少 %d 字）"):format(s.characters, s.minimum)
      detail_en = (" (%d characters; the type needs %d)"):format(s.characters, s.minimum)
    elseif reason == "empty_sections" then
      detail_zh = ("（%d/%d 个章节为空）"):format(#s.empty_sections, s.sections)
      detail_en = (" (%d of %d sections empty)"):format(#s.empty_sections, s.sections)
    end
    zh[#zh + 1] = words[1] .. detail_zh
    en[#en + 1] = words[2] .. detail_en
  end
  return table.concat(zh, "；"), table.concat(en, "; ")
end

--- Whether `doc` is hollow (a placeholder or template: NOTES.md, "Evidence
--- must have substance"). The first time in a rule run that a document is
--- found hollow, a nonconformity says why; a hollow document earns nothing.
--- A missing or unreadable file is not judged here (other checks report it).
function isi.hollow(doc)
  return isi.remember("hollow\0" .. doc.id, function()
    if doc.exists == false then return false end
    local s = ev.substance(doc.id)
    if s == nil or not s.hollow then return false end
    local zh, en = describe(s)
    findings.nonconformity(isi.msg(("《%s》（%s）内容空洞，不作为证据：%s"):format(doc.title, doc.id, zh),
      ("“%s” (%s) is hollow and counts as no evidence: it %s"):format(doc.title, doc.id, en)), {document = doc.id})
    return true
  end)
end

--- The documents of `docs` that have substance.
function isi.substantive(docs)
  local kept = {}
  for _, doc in ipairs(docs) do
    if not isi.hollow(doc) then kept[#kept + 1] = doc end
  end
  return kept
end

--- Which `concepts` the documents treat (`ev.recognize` on each; concepts as
--- it takes them). Returns the found list ({label, doc, section, line,
--- strength}, the strongest place across the documents) and the missing list
--- ({label, looked_for}) in the order of `concepts`.
function isi.recognize(docs, concepts)
  local best = {}
  for _, doc in ipairs(docs) do
    local results = ev.recognize(doc.id, concepts)
    for i, r in ipairs(results or {}) do
      local b = best[i]
      if r.found and (b == nil or (b.strength ~= "section" and r.strength == "section")) then
        best[i] = {label = r.label, doc = doc, section = r.section, line = r.line, strength = r.strength}
      end
      if best[i] == nil and results then best[i] = false end
    end
  end
  local found, missing = {}, {}
  for i, concept in ipairs(concepts) do
    local label = type(concept) == "string" and concept or concept.label or concept[1]
    if best[i] then
      found[#found + 1] = best[i]
    else
      local looked = type(concept) == "string" and {concept} or concept.terms or concept
      missing[#missing + 1] = {label = label, looked_for = looked}
    end
  end
  return found, missing
end

--- "label（looked for: a、b）" for a missing list, for findings.
function isi.not_recognised(missing)
  local parts = {}
  for _, m in ipairs(missing) do
    local looked = {}
    for _, term in ipairs(m.looked_for) do looked[#looked + 1] = term end
    parts[#parts + 1] = m.label .. "（查找：" .. table.concat(looked, "/") .. "）"
  end
  return table.concat(parts, "；")
end

return isi
