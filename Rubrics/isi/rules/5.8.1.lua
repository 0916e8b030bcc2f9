-- 5.8.1 服务回访 (return visits):
--   建立服务回访制度                 -> a procedure whose title names return visits (param procedure_keywords)
--                                       and that treats them (care.treating_procedures)
--   对项目全生命周期阶段的服务及时回访 -> table `return_visits`: per project, a visit at every life-cycle
--                                       stage reached (param visit_stages; post_end_stages once it ended)
--   及时跟踪处理回访发现的问题       -> every issue closed within issue_close_days
--   及时反馈                         -> the customer told of the outcome within max_feedback_days after closing
local isi = require("isi")
local care = require("isi.care")

local function has_issue(r)
  return r.issues ~= nil and r.issues ~= "" and r.issues ~= "无"
end

return function(ctx)
  local keywords = care.param(ctx, "procedure_keywords")
  local stages = care.param(ctx, "visit_stages")
  local post_end = care.param(ctx, "post_end_stages")
  local close_days = care.param(ctx, "issue_close_days")
  local feedback_days = care.param(ctx, "max_feedback_days")
  local w = care.weights(ctx, {"procedure", "stages", "closure", "feedback"})
  local c = isi.checklist(ctx)
  care.report_unreadable(care.procedures(keywords))

  -- a) the procedure
  local procs = care.treating_procedures(ctx, keywords, "服务回访", "return-visit process")
  c:check{weight = w.procedure, met = #procs > 0,
    ok = isi.msg("已建立服务回访制度", "return-visit procedure established"),
    miss = isi.msgf("未见服务回访制度（标题含 %s）", "no return-visit procedure (title containing %s)", isi.join(keywords)),
    evidence = isi.refs(procs)}

  local rows, why = isi.rows("return_visits")
  local projects = isi.projects()
  if rows == nil then
    c:check{weight = w.stages + w.closure + w.feedback, met = false,
      miss = isi.msg("无法评价回访：", "return visits cannot be judged: ") .. why,
      evidence = isi.record_table("return_visits") and {record = "return_visits"} or nil}
    return c:result()
  end

  -- b) visits at every life-cycle stage reached
  local is_post = {}
  for _, s in ipairs(post_end) do is_post[s] = true end
  if #projects > 0 then
    local share, short = care.per_project(projects, function(p)
      local from = isi.project_window(p)
      local mine = isi.filter(care.rows_of(rows, p), function(r) return isi.in_period(r.date, from, ev.as_of()) end)
      local due, done, missing = 0, 0, {}
      for _, stage in ipairs(stages) do
        if not is_post[stage] or care.finished(p) then
          due = due + 1
          local hit = isi.count(mine, function(r) return r.stage:find(stage, 1, true) ~= nil end) > 0
          if hit then done = done + 1 else missing[#missing + 1] = stage end
        end
      end
      return isi.share(done, due), isi.msg("缺 " .. isi.join(missing) .. " 阶段回访", "no visit at " .. isi.join(missing))
    end)
    c:check{weight = w.stages, met = share,
      ok = isi.msg("各项目在全生命周期各阶段均有回访", "every project visited at each life-cycle stage"),
      miss = isi.msg("回访未覆盖项目全生命周期", "visits do not cover the life cycle") .. "：" .. short,
      evidence = care.row_refs("return_visits", rows)}
  else
    c:check{weight = w.stages, met = #rows > 0,
      ok = isi.msg("有服务回访记录", "return visits recorded"),
      miss = isi.msg("无服务回访记录", "no return visit recorded"), evidence = {record = "return_visits"}}
  end

  -- c) issues tracked to closure in time; d) feedback to the customer
  local issues = isi.filter(rows, has_issue)
  local late, unfed = {}, {}
  for _, r in ipairs(issues) do
    local closed = r.closed_date ~= nil and dates.days_between(r.date, r.closed_date) <= close_days
    if not closed then late[#late + 1] = r end
    local fed = r.feedback_date ~= nil and r.closed_date ~= nil
      and r.feedback_date >= r.closed_date and dates.days_between(r.closed_date, r.feedback_date) <= feedback_days
    if not fed then unfed[#unfed + 1] = r end
  end
  c:check{weight = w.closure, met = isi.share(#issues - #late, #issues),
    ok = isi.msgf("回访发现的 %d 个问题均在 %d 天内处理关闭", "all %d issues from visits closed within %d days", #issues, close_days),
    miss = isi.msgf("%d/%d 个回访问题未在 %d 天内关闭", "%d of %d issues from visits not closed within %d days", #late, #issues, close_days),
    evidence = care.row_refs("return_visits", #late > 0 and late or issues)}
  c:check{weight = w.feedback, met = isi.share(#issues - #unfed, #issues),
    ok = isi.msg("问题处理结果均已及时反馈客户", "the customer was told of every outcome in time"),
    miss = isi.msgf("%d/%d 个回访问题未在关闭后 %d 天内反馈客户", "%d of %d issues not fed back within %d days of closing", #unfed, #issues, feedback_days),
    evidence = care.row_refs("return_visits", #unfed > 0 and unfed or issues)}

  return c:result()
end
