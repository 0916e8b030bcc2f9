-- Shared helpers of the service-management rules 4.1–4.5 (part4a):
-- required params, document validity, sections of a document, the staff
-- roster and the quality-objective results.
--
--   local isi = require("isi")
--   local m = require("isi.management")

local isi = require("isi")

local m = {}

m.param = isi.param

m.weight = isi.weight

--- Whether a document is dated on or before the as-of date (in force).
function m.dated_by_as_of(doc)
  return doc.date ~= nil and doc.date <= ev.as_of()
end

--- Whether a document is signed or approved (经签发或审批).
function m.authorised(doc)
  return isi.signed(doc) or doc.approved == true
end

--- Whether a document is dated inside the audit period, allowing an annual
--- plan to be issued up to `lead_days` before the period starts.
function m.dated_for_period(doc, lead_days)
  if doc.date == nil then return false end
  local period = isi.period()
  local from = dates.add_days(period.from, -(lead_days or 0))
  return doc.date >= from and doc.date <= period.to
end

--- A document's sections: `{heading = text, level = n, body = text}` in
--- order, the body being the lines between the heading and the next heading.
--- Text before the first heading is the body of a section with heading "".
--- Returns nil and the reason when the document cannot be read.
function m.sections(doc)
  local text, why = isi.text(doc.id)
  if text == nil then return nil, why end
  local headings = isi.headings(doc.id) or {}
  local sections = {{heading = "", level = 0, body = {}}}
  local next_heading = 1
  for line in text:gmatch("[^\n]+") do
    local trimmed = line:gsub("^%s+", ""):gsub("%s+$", "")
    local h = headings[next_heading]
    if h ~= nil and (trimmed == h.text or trimmed:gsub("^#+%s*", "") == h.text) then
      sections[#sections + 1] = {heading = h.text, level = h.level, body = {}}
      next_heading = next_heading + 1
    else
      table.insert(sections[#sections].body, trimmed)
    end
  end
  for _, s in ipairs(sections) do s.body = table.concat(s.body, "\n") end
  return sections
end

--- The text of the sections (heading and body, subsections included) whose
--- heading contains `term` (a string or a list of synonyms), concatenated;
--- nil when no heading matches.
function m.section_text(doc, term)
  local sections = m.sections(doc)
  if sections == nil then return nil end
  local terms = type(term) == "table" and term or {term}
  local parts, inside_level = {}, nil
  for _, s in ipairs(sections) do
    if inside_level ~= nil and s.level > inside_level then
      parts[#parts + 1] = s.heading .. "\n" .. s.body
    else
      inside_level = nil
      for _, t in ipairs(terms) do
        if s.heading ~= "" and s.heading:find(t, 1, true) then
          inside_level = s.level
          parts[#parts + 1] = s.heading .. "\n" .. s.body
          break
        end
      end
    end
  end
  if #parts == 0 then return nil end
  return table.concat(parts, "\n")
end

--- The row of a table in `doc` that describes `term` (a role, or a list of its
--- names), as `header：cell` lines for its filled cells: a role described in a
--- table (岗位 | 主要职责 | 权限) reads as a section with 主要职责 and 权限.
--- The role must be a cell of its own (at most 20 characters), not a mention
--- inside another role's text. Nil when no table row describes it.
function m.table_row_text(doc, term)
  local terms = type(term) == "table" and term or {term}
  for _, t in ipairs(ev.tables(doc.id) or {}) do
    local header = t[1] or {}
    for k = 2, #t do
      local row, names_it = t[k], false
      for _, cell in ipairs(row) do
        if utf8.len(cell) ~= nil and utf8.len(cell) <= 20 then
          for _, name in ipairs(terms) do
            if cell:find(name, 1, true) then names_it = true end
          end
        end
      end
      if names_it then
        local lines = {}
        for i, cell in ipairs(row) do
          if cell:find("%S") then lines[#lines + 1] = (header[i] or "") .. "：" .. cell end
        end
        return table.concat(lines, "\n")
      end
    end
  end
  return nil
end

m.title_has = isi.title_has

m.procedures_titled = isi.procedures

--- The organisation-wide appointment documents, and those of them that are
--- signed, in force at the as-of date and name every one of `terms`.
function m.appointments(terms)
  local docs = isi.docs("appointment_document", false)
  local good = isi.filter(docs, function(doc)
    local _, missing = isi.find_terms(doc, terms)
    return isi.signed(doc) and m.dated_by_as_of(doc) and #missing == 0
  end)
  return docs, good
end

--- The staff roster (record table `staff`), or nil and a reason.
function m.staff()
  return isi.rows("staff")
end

--- Whether a staff row holds a certificate valid at the as-of date.
function m.certified(row)
  return row.certificate ~= nil and row.certificate ~= ""
    and row.certificate_valid_until ~= nil and row.certificate_valid_until >= ev.as_of()
end

m.split = isi.split

--- A list as a set.
function m.set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

--- The documents of `docs` whose text can be read; each one that cannot
--- gives an observation naming the document and the reason.
function m.readable(docs)
  local kept = {}
  for _, doc in ipairs(docs) do
    local text, why = isi.text(doc.id)
    if text == nil then
      findings.observation(isi.msgf("文档 %s（%s）无法读取，不作为证据：%s", "document %s (%s) cannot be read and is not counted: %s",
        doc.id, doc.title or "", why or "?"), isi.ref(doc))
    else
      kept[#kept + 1] = doc
    end
  end
  return kept
end

--- A bilingual message whose tail `why` is already bilingual.
function m.because(zh, en, why)
  return zh .. " " .. en .. "：" .. why
end

--- A list of gaps, each given in both languages, for one bilingual message.
local Gaps = {}
Gaps.__index = Gaps

function m.gaps()
  return setmetatable({zh = {}, en = {}}, Gaps)
end

--- Adds a gap; `en` as a format for the same arguments as `zh`.
function Gaps:add(zh, en, ...)
  self.zh[#self.zh + 1] = zh:format(...)
  self.en[#self.en + 1] = en:format(...)
end

function Gaps:count()
  return #self.zh
end

--- The message "<zh head><gaps> <en head><gaps>".
function Gaps:message(zh_head, en_head)
  return zh_head .. table.concat(self.zh, "；") .. " " .. en_head .. table.concat(self.en, "; ")
end

return m
