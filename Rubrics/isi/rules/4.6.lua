-- 4.6 不符合与纠正措施 (nonconformity and corrective action).
-- Checks: a procedure for nonconformities; the nonconformity log (record table
-- `nonconformities`) with, for every nonconformity found in the audit period,
-- its nature (性质), a) the reaction (control and correction) and the service remedy, b) the
-- review, the root cause and the check for similar cases, c) the action taken,
-- d) the review of its effectiveness; and the results: the closure rate against
-- a target and no open item older than a maximum age.
-- Not applicable only when nothing in the bundle shows a nonconformity in the
-- audit period (the clause applies 当发生不符合时; NOTES.md): not the log, not an
-- internal audit or supervision report of the period that reports
-- nonconformities (不符合 N 项, N > 0), not a complaint received in the period.
-- Critical demand `corrective_action` (c): a corrective action for every
-- nonconformity.

local isi = require("isi")
local control = require("isi.control")

local TABLE = "nonconformities"

local NUMERALS = {["一"] = 1, ["二"] = 2, ["两"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6, ["七"] = 7,
  ["八"] = 8, ["九"] = 9, ["十"] = 10}

local UNITS = {"项", "个", "条"}

--- The number of nonconformities a report's text states (不符合3项, 一般不符合两项,
--- 不符合项 2 个): the largest count written within a few characters after
--- 不符合, 0 when none is stated (未发现不符合).
local function stated_count(text)
  local most = 0
  for line in text:gmatch("[^\n]+") do
    local from = 1
    while true do
      local _, stop = line:find("不符合", from, true)
      if stop == nil then break end
      local rest = line:sub(stop + 1, stop + 24)
      local digits
      for _, unit in ipairs(UNITS) do
        digits = digits or rest:match("^[^%d]-(%d+)%s*" .. unit)
      end
      if digits then
        most = math.max(most, tonumber(digits))
      else
        for numeral, value in pairs(NUMERALS) do
          for _, unit in ipairs(UNITS) do
            if rest:find(numeral .. unit, 1, true) then most = math.max(most, value) end
          end
        end
      end
      from = stop + 1
    end
  end
  return most
end

--- What outside the log shows nonconformities in the audit period: the
--- reports (types `p.source_documents`) that state some, and the complaints
--- (record table `p.complaints_table`) received in the period. A list of
--- {label, evidence} entries.
local function other_signs(p)
  local signs = {}
  for _, type in ipairs(p.source_documents) do
    for _, doc in ipairs(isi.docs(type)) do
      local text = isi.in_period(doc.date) and isi.searchable(doc) or nil
      local count = text and stated_count(text) or 0
      if count > 0 then
        signs[#signs + 1] = {zh = ("《%s》记载不符合 %d 项"):format(doc.title, count),
          en = ("“%s” reports %d nonconformities"):format(doc.title, count), evidence = isi.ref(doc)}
      end
    end
  end
  local declared = isi.record_table(p.complaints_table)
  if declared ~= nil and declared.exists then
    local ok, rows = pcall(ev.records, p.complaints_table)
    local received = ok and isi.filter(rows, function(r) return isi.in_period(r.received_at) end) or {}
    if #received > 0 then
      signs[#signs + 1] = {zh = ("审核期内客户投诉 %d 起"):format(#received),
        en = ("%d customer complaints in the period"):format(#received), evidence = {record = p.complaints_table}}
    end
  end
  return signs
end

return function(ctx)
  local p = control.params(ctx, {"procedure_terms", "target_closure_rate", "max_open_age_days",
    "source_documents", "complaints_table"})
  local w = control.weights(ctx, {"procedure", "nature", "reaction", "remedy", "review_cause", "similar",
    "action", "effectiveness", "closure", "open_age"})
  local c = isi.checklist(ctx)
  local as_of = ev.as_of()

  local all = control.load(TABLE, "不符合记录", "the nonconformity log")
  local rows = all and isi.filter(all, function(r) return isi.in_period(r.found_date) end) or {}
  local signs = #rows == 0 and other_signs(p) or {}
  if all and #rows == 0 and #signs == 0 then
    return {not_applicable = true,
      reason = isi.msgf("审核期内未发生不符合（不符合记录共 %d 条，均不在审核期内；内审、监督报告与客户投诉亦未显示不符合）",
        "no nonconformity occurred in the audit period (the log's %d rows all fall outside it; no internal audit, "
          .. "supervision report or complaint shows one)", #all)}
  end
  if #rows == 0 then
    -- No credit for nothing: the nonconformities shown elsewhere have no entry in the log.
    local zh, en, refs = {}, {}, {}
    for _, sign in ipairs(signs) do
      zh[#zh + 1] = sign.zh
      en[#en + 1] = sign.en
      refs[#refs + 1] = sign.evidence
    end
    if #signs > 0 then
      findings.nonconformity(isi.msg("审核期内发生了不符合，但不符合记录中没有相应条目：" .. isi.join(zh),
        "nonconformities arose in the audit period but the log holds no entry for them: " .. isi.join(en, "; ")), refs)
    end
  end

  control.check_procedure(c, w.procedure, p.procedure_terms, "不符合与纠正措施控制程序",
    "nonconformity and corrective action procedure")

  local function demand(weight, test, ok, miss)
    if all == nil then
      return c:check{weight = weight, met = false, miss = miss}
    end
    return control.check_rows(c, {rows = rows, table = TABLE, id = "nc_id", weight = weight,
      test = test, ok = ok, miss = miss})
  end

  -- documented information a): the nature of each nonconformity
  demand(w.nature, function(r) return control.filled(r.nature) end,
    isi.msg("不符合的性质均已记录", "the nature of every nonconformity recorded"),
    isi.msg("未记录不符合的性质", "nonconformities whose nature is not recorded"))
  -- a) 1) reaction: control and correction
  demand(w.reaction, function(r) return control.filled(r.reaction) end,
    isi.msg("每项不符合均已采取控制和纠正措施", "every nonconformity was controlled and corrected"),
    isi.msg("不符合未记录控制和纠正措施", "nonconformities without a recorded control and correction"))
  -- a) 2) service remedy of adverse consequences
  demand(w.remedy, function(r) return control.filled(r.remedy) end,
    isi.msg("不良后果均已记录服务补救（或不适用）", "service remedy recorded (or not applicable) for every nonconformity"),
    isi.msg("未记录对不良后果的服务补救", "no service remedy recorded for adverse consequences"))
  -- b) 1) review, 2) root cause
  demand(w.review_cause, function(r) return control.filled(r.review) and control.filled(r.root_cause) end,
    isi.msg("不符合均经评审并确定原因", "every nonconformity reviewed and its root cause determined"),
    isi.msg("不符合未评审或未确定原因", "nonconformities not reviewed or without a root cause"))
  -- b) 3) similar nonconformities elsewhere
  demand(w.similar, function(r) return control.filled(r.similar_check) end,
    isi.msg("均已确定类似不符合是否存在或可能发生", "every nonconformity checked for similar cases"),
    isi.msg("未确定类似不符合是否存在或可能发生", "no check for similar nonconformities"))
  -- c) the action taken (critical: a corrective action for every nonconformity)
  local acted = demand(w.action, function(r) return control.filled(r.action) and r.action_date ~= nil end,
    isi.msg("纠正措施均已实施并注明日期", "corrective actions implemented and dated"),
    isi.msg("纠正措施未实施或未注明实施日期", "corrective actions missing or undated"))
  -- d) effectiveness review after the action
  demand(w.effectiveness, function(r)
      return control.filled(r.effectiveness) and r.verified_date ~= nil
        and (r.action_date == nil or r.verified_date >= r.action_date)
    end,
    isi.msg("纠正措施有效性均已评审验证", "effectiveness of every corrective action reviewed"),
    isi.msg("纠正措施有效性未评审验证", "effectiveness of corrective actions not reviewed"))

  -- results: closure rate against the target
  if all ~= nil and #rows == 0 then
    c:check{weight = w.closure, met = false,
      miss = isi.msg("不符合记录中无审核期内的条目，无从关闭", "no entry of the period in the log, so nothing was closed"),
      evidence = control.tref(TABLE)}
    c:check{weight = w.open_age, met = false,
      miss = isi.msg("不符合未登记，无法核查处理时限", "nonconformities not logged, so their age cannot be checked"),
      evidence = control.tref(TABLE)}
  elseif all ~= nil then
    local closed = isi.count(rows, function(r) return r.closed_date ~= nil and r.closed_date <= as_of end)
    local rate = closed / #rows
    local target = p.target_closure_rate
    c:check{weight = w.closure, met = rate >= target and 1 or rate / target,
      ok = isi.msgf("不符合关闭率 %s（目标 %s）", "closure rate %s (target %s)", isi.pct(rate), isi.pct(target)),
      miss = isi.msgf("不符合关闭率 %s 低于目标 %s", "closure rate %s below the target %s", isi.pct(rate), isi.pct(target)),
      evidence = control.tref(TABLE)}
    c:note(isi.msgf("关闭率 %s", "closure rate %s", isi.pct(rate)))

    -- results: age of the open items
    local open = isi.filter(rows, function(r) return r.closed_date == nil or r.closed_date > as_of end)
    local max_age = p.max_open_age_days
    local overdue = isi.filter(open, function(r) return dates.days_between(r.found_date, as_of) > max_age end)
    if #overdue == 0 then
      c:check{weight = w.open_age, met = true,
        ok = isi.msgf("未关闭不符合 %d 项，均未超过 %d 天", "%d open nonconformities, none older than %d days", #open, max_age),
        evidence = control.tref(TABLE)}
    else
      c:check{weight = w.open_age, met = 1 - #overdue / #open,
        miss = isi.msgf("不符合超过 %d 天未关闭：%s", "nonconformities open longer than %d days: %s",
          max_age, control.ids(overdue, "nc_id")),
        evidence = control.row_refs(TABLE, overdue)}
    end
  else
    c:check{weight = w.closure, met = false,
      miss = isi.msg("无法计算不符合关闭率", "the closure rate cannot be computed")}
    c:check{weight = w.open_age, met = false,
      miss = isi.msg("无法核查未关闭不符合的时限", "the age of open nonconformities cannot be checked")}
  end
  c:critical("corrective_action", acted)
  c:note(isi.msgf("审核期内不符合 %d 项", "%d nonconformities in the period", #rows))
  return c:result()
end
