---@meta evidence
-- LuaLS annotations for the evidence API that every rule gets: `ev`, `dates`,
-- `findings`. This file is never run; it gives editors completion and type
-- checks. Reference and examples: docs/evidence-api.md.
--
-- Dates are "YYYY-MM-DD" strings and date-times "YYYY-MM-DDTHH:MM:SS" strings
-- (local time); both compare correctly as strings. Every call returns fresh
-- tables; lists are in manifest or file order.

---@alias ev.Date string An ISO date, "YYYY-MM-DD".
---@alias ev.DateTime string An ISO date-time, "YYYY-MM-DDTHH:MM:SS" (local time).
---@alias ev.DateLike string A date or a date-time; also "YYYY/M/D" and "YYYY/M/D H:MM" as Excel exports them.
---@alias ev.AssessmentType "initial"|"surveillance"|"recertification"
---@alias ev.DocumentFormat "markdown"|"text"|"docx"|"pdf"|"other"
---@alias ev.ColumnType "string"|"integer"|"decimal"|"date"|"datetime"|"boolean"
---@alias ev.Cell string|integer|number|boolean|nil A typed cell: dates and date-times are strings, decimals numbers (or strings on request).
---@alias findings.Level "nonconformity"|"observation"|"ok"

---@class ev.Organization
---@field name string Registered name (组织名称).
---@field credit_code string Unified social credit code (统一社会信用代码).

---@class ev.Period
---@field from ev.Date First day, included.
---@field to ev.Date Last day, included.

---@class ev.Assessment
---@field scheme string Scheme id, such as "isi".
---@field type ev.AssessmentType
---@field audit_period ev.Period
---@field as_of ev.Date

---@class ev.Bundle
---@field format integer Bundle format version.
---@field organization ev.Organization
---@field assessment ev.Assessment
---@field manifest_sha256 string SHA-256 of bundle.yaml, 64 hex digits.
---@field source_sha256 string? SHA-256 of the .zip; nil for a folder.

---@class ev.Project
---@field id string
---@field name string
---@field customer string
---@field contract_date ev.Date
---@field start_date ev.Date
---@field end_date ev.Date? Nil while the project goes on.
---@field hardware_procured boolean

---@class ev.Document
---@field id string
---@field type string A document type of the rubric.
---@field title string
---@field path string Relative to the bundle root.
---@field format ev.DocumentFormat
---@field project string? Nil for organisation-wide documents.
---@field date ev.Date?
---@field signatories string[] Who signed it (签字人), in manifest order.
---@field sealed boolean? Nil when the manifest does not say.
---@field approved boolean? Nil when the manifest does not say.
---@field version string?
---@field exists boolean Whether the file is in the bundle.
---@field sha256 string? Nil when the file is missing.

---@class ev.Heading
---@field level integer 1 is the top level.
---@field text string

---@class ev.Column
---@field name string
---@field type ev.ColumnType
---@field required boolean

---@class ev.RecordTable
---@field name string
---@field title string?
---@field path string
---@field columns ev.Column[]
---@field exists boolean
---@field sha256 string?

---@class ev.Row
---@field _row integer 1-based row number, as evidence references use it.
---@field [string] ev.Cell

---@class ev.DocumentFilter
---@field type string? Keep documents of this type.
---@field project string|false|nil Keep this project's documents; false: organisation-wide documents only.

---@class ev.RecordOptions
---@field columns string[]? Keep only these columns (and `_row`).
---@field decimals "number"|"string"|nil How decimal cells come: numbers (default) or their exact text.

---@class ev.ColumnOptions
---@field decimals "number"|"string"|nil

---A condition of `ev.query`: `{column, operator, operand...}`, such as
---`{"kind", "==", "功能测试"}`, `{"kind", "in", {"功能测试", "性能测试"}}`,
---`{"measured", "not_null"}`, `{"kind", "contains", "性能"}`,
---`{"date", "between", "2026-01-01", "2026-06-30"}`,
---`{"measured", "<=", {column = "target"}}`,
---`{"opened_at", "working_days", "resolved_at", ">", 5}`, `{"from", "days", "to", ">=", 30}`,
---`{"opened_at", "hours", "first_response_at", "<=", 4}`,
---`{"opened_at", "hours", {value = "2026-09-30T23:59:59"}, ">", 24}`.
---@alias ev.Condition (string|number|boolean|table)[]

---An aggregate of `ev.query`: `"count"`, or `{function, column[, p]}` with function
---one of count, sum, min, max, mean, percentile (p in 0..100), distinct,
---count_distinct; `{"mean_hours", from, to}`: the mean hours between two
---date-time columns; or `{"rows", n}`: the group's first n row numbers.
---`{compute = <aggregate>, where = {conditions}}` computes it over the group's
---rows that also meet its own conditions (several questions in one query).
---@alias ev.Aggregate "count"|(string|number)[]|{compute: "count"|(string|number)[], where: ev.Condition[]}

---@class ev.QuerySpec
---@field where ev.Condition[]? Conditions that must all hold.
---@field select string[]? The columns of each answer row (and `_row`); default: all.
---@field group_by string|string[]|nil One answer row per distinct value(s), in order of first appearance.
---@field aggregate table<string, ev.Aggregate>? Computed per group (one group of all rows without group_by).
---@field order_by string|string[]|nil Sort keys; "-name" sorts descending. Ties keep file order.
---@field limit integer? At most this many answer rows.
---@field join "projects"|{table: "projects", on: string}|nil Adds `projects.<field>` of each row's project.
---@field derive table<string, string[]>? Computed columns by name: `{"month", column}` (YYYY-MM) or `{"year", column}` of a date or date-time column.
---@field decimals "number"|"string"|nil How decimal cells come.

---The evidence bundle, read-only.
ev = {}

---The organisation, the assessment and the digests.
---@return ev.Bundle
function ev.bundle() end

---The date the assessment is made as of.
---@return ev.Date
function ev.as_of() end

---The period the evidence covers, both ends included.
---@return ev.Period
function ev.audit_period() end

---The rule's parameters from the rubric.
---@return table<string, any>
function ev.params() end

---The sampled projects, in manifest order.
---@return ev.Project[]
function ev.projects() end

---One project, or nil for an unknown id.
---@param id string
---@return ev.Project?
function ev.project(id) end

---Documents in manifest order, filtered by type and/or project.
---@param filter ev.DocumentFilter?
---@return ev.Document[]
function ev.documents(filter) end

---One document's metadata, or nil for an unknown id.
---@param id string
---@return ev.Document?
function ev.document(id) end

---All the text of a document, or nil and the reason it cannot be read.
---Raises an error for an id the manifest does not declare.
---@param id string
---@return string? text
---@return string? why
function ev.text(id) end

---The headings of a document in order, or nil and the reason.
---@param id string
---@return ev.Heading[]? headings
---@return string? why
function ev.headings(id) end

---The paragraphs (not headings, not tables) in order, or nil and the reason.
---@param id string
---@return string[]? paragraphs
---@return string? why
function ev.paragraphs(id) end

---The tables in order, each a list of rows of cell texts, or nil and the reason.
---@param id string
---@return string[][][]? tables
---@return string? why
function ev.tables(id) end

---@class ev.Recognition
---@field label string
---@field found boolean
---@field strength "section"|"mention"|nil A section whose heading names the concept, or a passing mention.
---@field term string? The term found.
---@field section string? The heading the match lies under.
---@field line integer? The line of ev.text (1-based).
---@field excerpt string? The line's text.
---@field looked_for string[] The terms looked for.

---Whether, and where, a document treats each concept (a string, a list of
---strings, or {label = ..., terms = {...}}), matched after normalising width,
---spacing, punctuation and numbering; nil and the reason when unreadable.
---@param id string
---@param concepts (string|string[]|{label: string, terms: string[]?})[]
---@return ev.Recognition[]? recognitions
---@return string? why
function ev.recognize(id, concepts) end

---@class ev.Substance
---@field hollow boolean
---@field reasons ("placeholder"|"too_little_text"|"empty_sections")[]
---@field characters integer Characters of substantive text.
---@field minimum integer Characters the document's type needs (rubric `substance`).
---@field placeholders {marker: string, line: integer, excerpt: string}[]
---@field sections integer
---@field empty_sections string[]

---Whether a document has substance under the rubric's `substance` data; nil
---and the reason when unreadable.
---@param id string
---@return ev.Substance? substance
---@return string? why
function ev.substance(id) end

---The SHA-256 of a document's file (64 hex digits), or nil when it is missing.
---@param id string
---@return string?
function ev.sha256(id) end

---Whether a document's file is in the bundle.
---@param id string
---@return boolean
function ev.exists(id) end

---The declared record tables, in manifest order.
---@return ev.RecordTable[]
function ev.record_tables() end

---One declared record table, as `ev.record_tables()` lists it; nil when the
---bundle does not declare it.
---@param name string
---@return ev.RecordTable?
function ev.record_table(name) end

---The rows of a record table in file order, every cell typed, with `_row`.
---Raises an error for an unknown table or column, or an error in the file.
---@param name string
---@param options ev.RecordOptions?
---@return ev.Row[]
function ev.records(name, options) end

---A question about a record table, answered in the host: only the answer's
---rows reach the rule; the work is charged to the rule's instruction budget.
---Raises an error for an unknown table, column, operator or field, and for an
---answer of more than 100,000 rows (add a limit or aggregate).
---
---```lua
----- per project, the kinds of test executed
---for _, g in ipairs(ev.query("test_results", {group_by = "project",
---    aggregate = {kinds = {"distinct", "kind"}, n = "count"}})) do
---  print(g.project, g.n, table.concat(g.kinds, "、"))
---end
----- the five slowest answers, cited by row
---local slow = ev.query("tickets", {where = {{"hours", "not_null"}},
---  select = {"ticket_id", "hours"}, order_by = "-hours", limit = 5})
---findings.observation("响应慢 slow answers", {record = "tickets", row = slow[1]._row})
---```
---@param name string
---@param spec ev.QuerySpec?
---@return table[] rows Each a table of its values by column or aggregate name; grouped rows carry the group's columns.
function ev.query(name, spec) end

---The rows that meet `spec`'s conditions one at a time, for a generic `for`:
---each a fresh table of its values and `_row`, so a rule holds only the rows
---it keeps. `spec` takes where, select, join, derive and decimals.
---
---```lua
---for t in ev.each("service_tickets", {where = {{"severity", "==", "紧急"}}, select = {"ticket_id"}}) do
---  print(t._row, t.ticket_id)
---end
---```
---@param name string
---@param spec ev.QuerySpec?
---@return fun(): table? next The next row, or nil after the last.
function ev.each(name, spec) end

---One column's values in row order (nil for empty cells) and the row count.
---@param name string
---@param column string
---@param options ev.ColumnOptions?
---@return ev.Cell[] values
---@return integer n
function ev.column(name, column, options) end

---Date helpers, with mainland-China working days.
dates = {}

---The ISO form of a date or date-time, or nil when the text is neither.
---@param text string
---@return (ev.Date|ev.DateTime)?
function dates.parse(text) end

---Compares two dates or date-times (a date counts as its midnight).
---@param a ev.DateLike
---@param b ev.DateLike
---@return -1|0|1
function dates.compare(a, b) end

---The date or date-time `n` calendar days later (earlier when negative).
---@param d ev.DateLike
---@param n integer
---@return ev.Date|ev.DateTime
function dates.add_days(d, n) end

---Calendar days from a's date to b's date (negative when b is earlier).
---@param a ev.DateLike
---@param b ev.DateLike
---@return integer
function dates.days_between(a, b) end

---Hours from a to b, with fractions (90 minutes is 1.5).
---@param a ev.DateLike
---@param b ev.DateLike
---@return number
function dates.hours_between(a, b) end

---Working days from a's date to b's date, both included (2026-09-28 to 2026-10-12: 7).
---Raises an error for a year the calendar does not cover.
---@param a ev.DateLike
---@param b ev.DateLike
---@return integer
function dates.working_days(a, b) end

---The date `n` working days after d's date, not counting d (before it when negative).
---@param d ev.DateLike
---@param n integer
---@return ev.Date
function dates.add_working_days(d, n) end

---Whether d's date is a working day.
---@param d ev.DateLike
---@return boolean
function dates.is_working_day(d) end

---@class findings.DocumentReference
---@field document string A document id.

---@class findings.RecordReference
---@field record string A record table name.
---@field row integer? A 1-based row number (`_row`); nil refers to the whole table.

---@alias findings.Reference findings.DocumentReference|findings.RecordReference
---@alias findings.Evidence findings.Reference|findings.Reference[]

---@class findings.Finding
---@field level findings.Level
---@field message string
---@field evidence findings.Evidence?

---The findings builder: what the rule concludes, with the evidence it rests on.
findings = {}

---不符合: the requirement is not met.
---@param message string
---@param evidence findings.Evidence?
function findings.nonconformity(message, evidence) end

---观察项: met, with a weakness worth noting.
---@param message string
---@param evidence findings.Evidence?
function findings.observation(message, evidence) end

---符合: met.
---@param message string
---@param evidence findings.Evidence?
function findings.ok(message, evidence) end

---Adds a finding given as a table.
---@param finding findings.Finding
function findings.add(finding) end

---The sandbox's deterministic `pairs`: keys in sorted order (numbers, in numeric
---order, before strings, in byte order), so a rule's output never depends on hash order.
---@generic K, V
---@param t table<K, V>
---@return fun(t: table<K, V>, k: K?): K, V
---@return table<K, V>
function sortedpairs(t) end
