-- The ISI library's record tables: rows read tolerantly, references to rows,
-- list cells and groups. Loaded by lib/isi.lua the first time a rule uses one
-- of these functions; rules call them as `isi.<name>`.

local isi = require("isi")

--- The declared record table `name`, or nil.
---@rubric reads-table name
function isi.record_table(name)
  return isi.remember("record_table\0" .. name, function() return ev.record_table(name) end)
end

--- `read(name, argument)` for a record table the bundle declares and holds,
--- or nil and a bilingual reason: not declared, its file missing, or the read
--- failing (an error of the table, or a column it lacks).
local function read_declared(name, read, argument)
  local declared = isi.record_table(name)
  if declared == nil then
    return nil, isi.msgf("未提供记录表 %s", "record table %s not provided", name)
  end
  if not declared.exists then
    return nil, isi.msgf("记录表 %s 的文件缺失", "the file of record table %s is missing", name)
  end
  local ok, answer = pcall(read, name, argument)
  if not ok then
    return nil, isi.msgf("记录表 %s 无法读取：%s", "record table %s cannot be read: %s", name, tostring(answer))
  end
  return answer
end

--- The rows of record table `name`, or nil and a bilingual reason when the
--- bundle does not declare it, its file is missing, or it has errors
--- (missing or malformed evidence is a finding for the rule, not a failure
--- of the rule). `options` as for `ev.records`; asking for a column the table
--- lacks is a reason too.
---@rubric reads-table name
function isi.rows(name, options)
  return read_declared(name, ev.records, options)
end

--- The rows of record table `name` as `isi.rows` gives them; when they
--- cannot be read, the reason is also a finding of `level` ("nonconformity"
--- by default), citing the table where the bundle declares it.
---@rubric reads-table name
function isi.rows_or_finding(name, options, level)
  local rows, why = isi.rows(name, options)
  if rows == nil then findings[level or "nonconformity"](why, isi.row_ref(name)) end
  return rows, why
end

--- The evidence reference of a record table, or of one of its rows; an
--- empty list (no reference) when the bundle does not declare the table, since
--- a finding may cite only what the bundle holds.
---@rubric reads-table name
function isi.row_ref(name, row)
  if isi.record_table(name) == nil then return {} end
  if row == nil then return {record = name} end
  return {record = name, row = row._row or row}
end

--- References to rows of a table (at most `limit`, 10 by default); the
--- table itself when there are no rows, and nothing when the bundle does not
--- declare it.
---@rubric reads-table name
function isi.row_refs(name, rows, limit)
  if isi.record_table(name) == nil then return {} end
  local refs = {}
  for i, row in ipairs(rows or {}) do
    if i > (limit or 10) then break end
    refs[#refs + 1] = {record = name, row = row._row}
  end
  if #refs == 0 then refs[1] = {record = name} end
  return refs
end

--- The answer of `ev.query(name, spec)`, computed in the host so that a rule
--- never holds a whole table (see docs/evidence-api.md), or nil and a
--- bilingual reason as `isi.rows` gives them.
---@rubric reads-table name
function isi.query(name, spec)
  return read_declared(name, ev.query, spec)
end

--- `isi.query`, with the reason also a finding of `level` ("nonconformity" by
--- default) when the table cannot be read, as `isi.rows_or_finding`.
---@rubric reads-table name
function isi.query_or_finding(name, spec, level)
  local answer, why = isi.query(name, spec)
  if answer == nil then findings[level or "nonconformity"](why, isi.row_ref(name)) end
  return answer, why
end

--- The rows of an answer by the value of their `field` (rows without one are
--- left out); each value keeps one row, the answer being grouped by `field`.
function isi.keyed(answer, field)
  local map = {}
  for _, row in ipairs(answer or {}) do
    if row[field] ~= nil then map[row[field]] = row end
  end
  return map
end

--- The rows whose `project` column is the project's id.
function isi.rows_of(rows, project)
  return isi.filter(rows or {}, function(row) return row.project == project.id end)
end

--- Splits a list cell ("进度;质量、成本") into its trimmed items. Separators
--- are replaced as whole UTF-8 sequences (a Lua character class would cut
--- the bytes of Chinese characters).
function isi.split(cell)
  local items = {}
  if cell == nil then return items end
  local text = tostring(cell)
  for _, separator in ipairs({"、", "，", "；", "／", ";", "/", "|", ","}) do
    text = text:gsub(separator:gsub("%p", "%%%0"), "\0")
  end
  for item in text:gmatch("[^\0]+") do
    item = item:gsub("^%s+", ""):gsub("%s+$", "")
    if item ~= "" then items[#items + 1] = item end
  end
  return items
end

--- Rows grouped by the value of `field` (for example `project`), keeping file
--- order inside each group.
function isi.group(rows, field)
  local groups = {}
  for _, row in ipairs(rows) do
    local key = row[field]
    if key ~= nil then
      groups[key] = groups[key] or {}
      table.insert(groups[key], row)
    end
  end
  return groups
end

return isi
