-- 5.8.3 投诉处理 (complaint handling). Reads the complaints procedure and table `complaints`
-- (one row per complaint):
--   建立服务投诉机制   -> a procedure whose title names complaints (param procedure_keywords)
--                         and that treats them (care.treating_procedures)
--   准确记录客户投诉   -> every complaint row has the fields of record_fields filled
--   及时反馈           -> a first response within max_response_hours
--   及时处理           -> resolved within max_resolution_days
--   有效解决           -> the customer's feedback on the resolution is one of accepted_feedback
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local keywords = care.param(ctx, "procedure_keywords")
  local fields = care.param(ctx, "record_fields")
  local max_hours = care.param(ctx, "max_response_hours")
  local max_days = care.param(ctx, "max_resolution_days")
  local accepted = care.param(ctx, "accepted_feedback")
  local w = care.weights(ctx, {"procedure", "recorded", "response", "resolution", "effective"})
  local c = isi.checklist(ctx)
  care.report_unreadable(care.procedures(keywords))
  local period = isi.period()

  local procs = care.treating_procedures(ctx, keywords, "投诉处理", "complaint process")
  c:check{weight = w.procedure, met = #procs > 0,
    ok = isi.msg("已建立服务投诉处理制度", "complaint handling procedure established"),
    miss = isi.msgf("未见投诉处理制度（标题含 %s）", "no complaint procedure (title containing %s)", isi.join(keywords)),
    evidence = isi.refs(procs)}

  local rows, why = isi.rows("complaints")
  if rows == nil then
    c:check{weight = w.recorded + w.response + w.resolution + w.effective, met = false,
      miss = isi.msg("无法评价投诉记录与处理：", "complaint records cannot be judged: ") .. why,
      evidence = isi.record_table("complaints") and {record = "complaints"} or nil}
    return c:result()
  end
  local complaints = isi.filter(rows, function(r) return isi.in_period(r.received_at, period.from, ev.as_of()) end)
  if #complaints == 0 then
    findings.ok(isi.msg("审核期内无客户投诉，投诉登记表已建立", "no complaint in the audit period; the complaint log exists"), {record = "complaints"})
    c:note(isi.msg("审核期内无投诉", "no complaint in the audit period"))
    return c:result()
  end

  local function check_rows(weight, test, ok, miss_zh, miss_en)
    local bad = isi.filter(complaints, function(r) return not test(r) end)
    c:check{weight = weight, met = isi.share(#complaints - #bad, #complaints),
      ok = ok, miss = isi.msgf(miss_zh, miss_en, #bad, #complaints),
      evidence = care.row_refs("complaints", #bad > 0 and bad or complaints)}
  end
  check_rows(w.recorded, function(r)
    for _, f in ipairs(fields) do
      if r[f] == nil or r[f] == "" then return false end
    end
    return true
  end, isi.msgf("%d 条投诉记录要素完整", "%d complaints fully recorded", #complaints),
    "%d/%d 条投诉记录要素不全（" .. isi.join(fields) .. "）", "%d of %d complaints incompletely recorded (" .. isi.join(fields, ", ") .. ")")
  check_rows(w.response, function(r)
    return r.response_at ~= nil and dates.hours_between(r.received_at, r.response_at) <= max_hours
  end, isi.msgf("投诉均在 %s 小时内响应反馈", "every complaint answered within %s hours", isi.num(max_hours)),
    "%d/%d 条投诉未在 " .. isi.num(max_hours) .. " 小时内响应", "%d of %d complaints not answered within " .. isi.num(max_hours) .. " hours")
  check_rows(w.resolution, function(r)
    return r.resolved_at ~= nil and dates.days_between(r.received_at, r.resolved_at) <= max_days
  end, isi.msgf("投诉均在 %d 天内处理完毕", "every complaint resolved within %d days", max_days),
    "%d/%d 条投诉未在 " .. max_days .. " 天内处理完毕", "%d of %d complaints not resolved within " .. max_days .. " days")
  local ok_feedback = {}
  for _, v in ipairs(accepted) do ok_feedback[v] = true end
  check_rows(w.effective, function(r)
    return r.resolved_at ~= nil and ok_feedback[r.customer_feedback or ""] == true
  end, isi.msg("客户对投诉处理结果均表示满意", "the customer accepted every resolution"),
    "%d/%d 条投诉未获客户认可解决", "%d of %d complaints not resolved to the customer's satisfaction")
  return c:result()
end
