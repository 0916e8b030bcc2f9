-- The ISI library's text search: documents' text and headings, terms and
-- sections found in them. Loaded by lib/isi.lua the first time a rule uses one
-- of these functions; rules call them as `isi.<name>`.

local isi = require("isi")

--- A document's text for searching: the title, the headings and the body,
--- one per line. Returns nil and the reason when the file cannot be read.
function isi.searchable(doc)
  local text, why = isi.text(doc.id)
  if text == nil then return nil, why end
  return (doc.title or "") .. "\n" .. text
end

--- A document's text (`ev.text`), read once per rule run: the text, or nil
--- and the reason it cannot be read.
function isi.text(id)
  return isi.remember("text\0" .. id, function() return ev.text(id) end)
end

--- A document's headings (`ev.headings`), read once per rule run.
function isi.headings(id)
  return isi.remember("headings\0" .. id, function() return ev.headings(id) end)
end

--- The text of several documents joined (title and text of each; unreadable
--- ones add nothing), and a list of `id: reason` for those that could not be read.
function isi.joined_text(docs)
  local parts, problems = {}, {}
  for _, doc in ipairs(docs) do
    local text, why = isi.searchable(doc)
    if text then parts[#parts + 1] = text else problems[#problems + 1] = doc.id .. ": " .. tostring(why) end
  end
  return table.concat(parts, "\n"), problems
end

--- Documents whose title, headings or text mention one of `terms`.
function isi.docs_mentioning(docs, terms)
  return isi.filter(docs, function(doc)
    local found = isi.find_terms(doc, terms)
    return #found > 0
  end)
end

local function term_label(term)
  return type(term) == "table" and term[1] or term
end

--- Which of `terms` occur in `text`: found and missing lists of the terms'
--- labels (a synonym list is labelled by its first entry).
function isi.terms_in(text, terms)
  local found, missing = {}, {}
  for _, term in ipairs(terms) do
    local hit = false
    if type(term) == "table" then
      for _, synonym in ipairs(term) do
        if text:find(synonym, 1, true) then hit = true; break end
      end
    else
      hit = text:find(term, 1, true) ~= nil
    end
    if hit then found[#found + 1] = term_label(term) else missing[#missing + 1] = term_label(term) end
  end
  return found, missing
end

--- Which of `terms` a document mentions (plain substring search of its title
--- and text), as two lists: found and missing, each in `terms` order.
--- A term may be a list of synonyms (`{"审批", "批准"}`): found when any is.
--- When the text cannot be read, every term is missing and the reason is the
--- third result.
function isi.find_terms(doc, terms)
  local text, why = isi.searchable(doc)
  local found, missing = isi.terms_in(text or "", terms)
  return found, missing, why
end

-- Chinese numerals are several bytes each, so they are matched as whole
-- strings, never inside a Lua character class (which works byte by byte).
local NUMERALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"}

-- The position after the Chinese numerals at `position` of `line`.
local function skip_numerals(line, position)
  local moved = true
  while moved do
    moved = false
    for _, numeral in ipairs(NUMERALS) do
      if line:sub(position, position + #numeral - 1) == numeral then
        position, moved = position + #numeral, true
      end
    end
  end
  return position
end

-- Whether `line` has `mark` at `position`.
local function at(line, position, mark)
  return line:sub(position, position + #mark - 1) == mark
end

--- A line without the numbering that opens it ("3.2 ", "第三章 ", "二、",
--- "（一）", "(1)"), for matching section names at the start of a line.
function isi.strip_numbering(line)
  local position = 1
  while true do
    local before = position
    position = position + #(line:match("^[%s%d%.]*", position))
    if at(line, position, "第") then
      local after = skip_numerals(line, position + #"第")
      after = after + #(line:match("^%d*", after))
      for _, unit in ipairs({"章", "节", "条", "部分"}) do
        if at(line, after, unit) then position = after + #unit; break end
      end
    end
    for _, pair in ipairs({{"（", "）"}, {"(", ")"}}) do
      if at(line, position, pair[1]) then
        local after = skip_numerals(line, position + #pair[1])
        after = after + #(line:match("^%d*", after))
        if after > position + #pair[1] and at(line, after, pair[2]) then position = after + #pair[2] end
      end
    end
    local after = skip_numerals(line, position)
    if after > position then
      for _, mark in ipairs({"、", "．", "."}) do
        if at(line, after, mark) then position = after + #mark; break end
      end
    end
    if at(line, position, "、") then position = position + #"、" end
    if position == before then break end
  end
  return line:sub(position)
end

--- Which of `sections` a document has as headings (a heading containing the
--- section's name counts). Documents without headings (PDF, plain text) are
--- searched line by line instead: a line that starts with the name, after
--- any numbering, counts. Returns found, missing, and the reason when the
--- document cannot be read.
function isi.find_sections(doc, sections)
  local headings, why = isi.headings(doc.id)
  if headings == nil then
    local missing = {}
    for i, section in ipairs(sections) do missing[i] = term_label(section) end
    return {}, missing, why
  end
  if #headings > 0 then
    local lines = {}
    for i, heading in ipairs(headings) do lines[i] = heading.text end
    return isi.terms_in(table.concat(lines, "\n"), sections)
  end
  -- No headings: "\n" + each line without its numbering, so that "\n" .. name
  -- finds a line that starts with the name.
  local lines = {""}
  for line in (isi.text(doc.id) or ""):gmatch("[^\n]+") do
    lines[#lines + 1] = isi.strip_numbering(line)
  end
  local starts = {}
  for i, section in ipairs(sections) do
    if type(section) == "table" then
      starts[i] = {}
      for j, synonym in ipairs(section) do starts[i][j] = "\n" .. synonym end
    else
      starts[i] = "\n" .. section
    end
  end
  local found, missing = isi.terms_in(table.concat(lines, "\n"), starts)
  local function unmark(list)
    for i, label in ipairs(list) do list[i] = label:sub(2) end
    return list
  end
  return unmark(found), unmark(missing)
end

return isi
