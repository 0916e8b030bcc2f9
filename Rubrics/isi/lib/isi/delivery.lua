-- Shared logic of the delivery rules 5.1.1–5.3.3 (需求、方案、实施): params that
-- must be present, demands checked project by project, the parties who signed
-- a document, and the periodic coverage of dated events in a project window.
--
--   local D = require("isi.delivery")
--   local w = D.weights(ctx, {"research_record", "scope"})
--   D.per_project(c, w.scope, projects, function(p) return {met = ..., ok = ..., miss = ...} end)

local isi = require("isi")

local D = {}

D.param = isi.param

D.weights = isi.weights

--- Checks one demand once per project: `judge(project)` returns the demand
--- table of `c:check` without weight (`met`, `ok`, `miss`, `level`,
--- `evidence`); each project carries `weight / #projects`, and its label
--- prefixes the messages. A `judge` returning nil skips the project (the
--- demand's weight is then shared by the others).
--- Returns the number of projects judged and the outcome of the demand across
--- them, as a critical demand reports it (`isi.outcome` of the share of
--- projects that meet it in full).
function D.per_project(c, weight, projects, judge)
  local results, full = {}, 0
  for _, p in ipairs(projects) do
    local r = judge(p)
    if r ~= nil then results[#results + 1] = {p = p, r = r} end
  end
  for _, item in ipairs(results) do
    local label = "[" .. isi.project_label(item.p) .. "] "
    local r = item.r
    if r.met == true or (type(r.met) == "number" and r.met >= 1) then full = full + 1 end
    c:check{
      weight = weight / #results,
      met = r.met,
      level = r.level,
      ok = r.ok and label .. r.ok or nil,
      miss = label .. (r.miss or r.ok or "demand not met"),
      evidence = r.evidence,
    }
  end
  return #results, isi.outcome(isi.share(full, #results, 0))
end

--- Which signatories of a document stand for each party: a signatory counts
--- for the customer when a line of the document's text names them together
--- with one of `customer_markers` (a signature block such as
--- "客户方代表：李娜"), for the provider likewise with `provider_markers`.
--- Returns two lists of names (customer, provider).
function D.parties(doc, customer_markers, provider_markers)
  local customer, provider = {}, {}
  local text = isi.searchable(doc)
  if text == nil then return customer, provider end
  local function marked(line, markers)
    for _, m in ipairs(markers) do
      if line:find(m, 1, true) then return true end
    end
    return false
  end
  for _, name in ipairs(doc.signatories or {}) do
    local is_customer, is_provider = false, false
    for line in text:gmatch("[^\n]+") do
      if line:find(name, 1, true) then
        if marked(line, customer_markers) then is_customer = true end
        if marked(line, provider_markers) then is_provider = true end
      end
    end
    if is_customer then customer[#customer + 1] = name end
    if is_provider then provider[#provider + 1] = name end
  end
  return customer, provider
end

--- Whether a document is signed by both parties: at least `min` signatories,
--- one of them the customer's and one the provider's. Returns met and a
--- bilingual reason when not.
function D.signed_by_both(doc, ctx)
  local min = D.param(ctx, "min_signatories")
  local customer, provider = D.parties(doc, D.param(ctx, "customer_markers"), D.param(ctx, "provider_markers"))
  local n = #(doc.signatories or {})
  if n < min then
    return false, isi.msgf("签字人 %d 名（至少 %d 名）", "%d signatories (at least %d)", n, min)
  end
  if #customer == 0 and #provider == 0 then
    return false, isi.msg("签字人未标明服务方与客户方", "the signatories are not marked as provider and customer")
  end
  if #customer == 0 then
    return false, isi.msg("缺少客户方签字", "no customer signatory")
  end
  if #provider == 0 then
    return false, isi.msg("缺少服务方签字", "no provider signatory")
  end
  return true
end

D.concat = isi.concat

D.joined_text = isi.joined_text

--- Share of `terms` found in `text`, and the missing labels.
function D.term_share(text, terms)
  local found, missing = isi.terms_in(text, terms)
  return isi.share(#found, #terms, 1), missing, found
end

--- The periodic coverage of dated events over `from`..`to`: the window cut
--- into consecutive slices of `every` calendar days (a shorter rest joins the last),
--- the share of slices holding at least one event. Returns share, slices
--- covered, slices.
function D.coverage(event_dates, every, from, to)
  local days = dates.days_between(from, to) + 1
  if days <= 0 then return 1, 0, 0 end
  -- a last slice shorter than `every` joins the one before it
  local slices = math.max(1, days // every)
  local hit = {}
  for _, d in ipairs(event_dates) do
    local day = isi.day(d)
    if day >= from and day <= to then
      hit[math.min(slices, dates.days_between(from, day) // every + 1)] = true
    end
  end
  local covered = 0
  for i = 1, slices do if hit[i] then covered = covered + 1 end end
  return covered / slices, covered, slices
end

--- A project's documents of one type, and a bilingual "none found" reason.
function D.project_docs(type, p)
  return isi.docs(type, p.id)
end

--- The earliest date of a list of documents (nil if none is dated).
function D.earliest(docs)
  local best
  for _, doc in ipairs(docs) do
    if doc.date and (best == nil or doc.date < best) then best = doc.date end
  end
  return best
end

--- The presence of a project's documents of one kind, as the demand of
--- `c:check` (without weight): not met when there are none, met when a listed
--- file is in the bundle, `partial` (the leaf's param partial_credit) when the
--- manifest lists only missing files.
function D.presence(docs, ok, none_zh, none_en, partial)
  if #docs == 0 then return {met = false, miss = isi.msg(none_zh, none_en)} end
  local present, missing = {}, {}
  for _, d in ipairs(docs) do
    if d.exists then present[#present + 1] = d else missing[#missing + 1] = d.id end
  end
  if #present == 0 then
    return {met = partial, evidence = isi.refs(docs),
      miss = isi.msg("清单列出的文件缺失", "the files the manifest lists are missing") .. ": " .. isi.join(missing)}
  end
  return {met = true, evidence = isi.refs(present), ok = ok}
end

--- The leaf's param partial_credit: the share a demand earns when its evidence
--- is there but flawed (a listed file missing, undated, unsigned, late).
function D.partial(ctx)
  local value = D.param(ctx, "partial_credit")
  assert(type(value) == "number" and value >= 0 and value <= 1,
    ("leaf %s: param partial_credit must be a number in [0, 1]"):format(ctx.leaf.id))
  return value
end

--- The not-applicable return when there is no sampled project.
function D.no_projects()
  return {not_applicable = true,
    reason = isi.msg("证据包未列出抽样项目，本指标按项目评价", "the bundle lists no sampled project; this leaf is judged per project")}
end

return D
