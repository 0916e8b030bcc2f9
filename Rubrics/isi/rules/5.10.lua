-- 5.10 项目成员意识水平 (awareness of project members). Reads table `awareness_sessions` (one row
-- per awareness activity: date, topics, attendees, whether attendees were assessed), table
-- `project_members` (the sampled projects' rosters) and the awareness training documents:
--   定期进行意识水平提升活动   -> sessions at least every max_months_between_sessions over the audit period,
--                                 under a documented plan (awareness_training documents)
--   合规、规范、安全、环保、服务、沟通、团队意识 -> every topic of awareness_topics covered
--   确保参与项目实施的项目组成员 -> every roster member of each sampled project attended a session
--                                 (roster: table project_members, else the project's team_roster documents)
--   广泛深刻                   -> sessions end with an assessment (assessed = true)
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local topics = care.param(ctx, "awareness_topics")
  local max_months = care.param(ctx, "max_months_between_sessions")
  local name_headers = care.param(ctx, "roster_name_headers")
  local w = care.weights(ctx, {"plan", "periodic", "topics", "reach", "assessed"})
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs("awareness_training"))
  local period = isi.period()

  -- a) a documented programme
  local plans = isi.filter(isi.docs("awareness_training"), function(d) return isi.in_period(d.date, period.from, ev.as_of()) end)
  c:check{weight = w.plan, met = #plans > 0,
    ok = isi.msg("有审核期内的意识提升计划与资料", "awareness programme documented in the audit period"),
    miss = isi.msg("审核期内无意识提升活动计划或资料", "no awareness programme documented in the audit period"),
    evidence = isi.refs(isi.docs("awareness_training"))}

  local rows, why = isi.rows("awareness_sessions")
  if rows == nil then
    -- 定期进行意识水平提升活动 (critical, rubric.yaml): no session is shown at all.
    c:critical("regular_activities", "missed_throughout")
    c:check{weight = w.periodic + w.topics + w.reach + w.assessed, met = false,
      miss = isi.msg("无法评价意识提升活动：", "awareness sessions cannot be judged: ") .. why,
      evidence = isi.record_table("awareness_sessions") and {record = "awareness_sessions"} or nil}
    return c:result()
  end
  local sessions = isi.filter(rows, function(r) return isi.in_period(r.date, period.from, ev.as_of()) end)
  local refs = care.row_refs("awareness_sessions", sessions)

  -- b) periodic
  local days = {}
  for i, r in ipairs(sessions) do days[i] = r.date end
  local max_days = isi.months_to_days(max_months)
  local periodic, gap, ends_on = isi.periodic(days, max_days, period.from, period.to)
  -- 定期 (critical, rubric.yaml): met when no gap exceeds the interval; missed throughout
  -- when no session was held in the period.
  c:critical("regular_activities", periodic and "met" or #sessions == 0 and "missed_throughout" or "missed_somewhere")
  c:check{weight = w.periodic, met = periodic or (gap > 0 and max_days / gap or 0),
    ok = isi.msgf("审核期内 %d 次意识提升活动，间隔不超过 %d 个月", "%d awareness sessions, none more than %d months apart", #sessions, max_months),
    miss = isi.msgf("意识提升活动间隔 %d 天（至 %s），超过 %d 个月", "%d days without an awareness session (to %s), more than %d months", gap, tostring(ends_on), max_months),
    evidence = refs}

  -- c) every topic covered
  local text = {}
  for _, r in ipairs(sessions) do text[#text + 1] = r.topics or "" end
  local _, missing = isi.terms_in(table.concat(text, "\n"), topics)
  c:check{weight = w.topics, met = isi.share(#topics - #missing, #topics, 0),
    ok = isi.msg("活动覆盖全部意识主题", "sessions cover every awareness topic"),
    miss = isi.msgf("活动未覆盖：%s", "topics not covered: %s", isi.join(missing)),
    evidence = refs}

  -- d) every roster member reached: the roster is table `project_members`, or, for a project
  -- without rows there, the name column (param roster_name_headers) of its team_roster documents
  local members, mwhy = isi.rows("project_members")
  local attended = {}
  for _, r in ipairs(sessions) do
    for _, name in ipairs(care.split(r.attendees)) do attended[name] = true end
  end
  local function roster(p)
    local names, roster_refs = {}, {}
    for _, r in ipairs(care.rows_of(members, p)) do
      names[#names + 1] = r.name
      roster_refs[#roster_refs + 1] = {record = "project_members", row = r._row}
    end
    if #names == 0 then
      for _, d in ipairs(isi.docs("team_roster", p.id)) do
        for _, t in ipairs(ev.tables(d.id) or {}) do
          local col
          for i, cell in ipairs(t[1] or {}) do
            for _, h in ipairs(name_headers) do
              if col == nil and cell:find(h, 1, true) then col = i end
            end
          end
          for k = 2, #t do
            if col and t[k][col] and t[k][col] ~= "" then names[#names + 1] = t[k][col] end
          end
        end
        roster_refs[#roster_refs + 1] = {document = d.id}
      end
    end
    return names, roster_refs
  end
  local projects = isi.projects()
  if #projects == 0 then
    c:check{weight = w.reach, met = false,
      miss = isi.msg("无抽样项目，无法核对成员覆盖", "no sampled project: reach cannot be checked"), evidence = refs}
  else
    if members == nil then findings.observation(mwhy, isi.record_table("project_members") and {record = "project_members"} or nil) end
    local looked = {}
    local share, short = care.per_project(projects, function(p)
      local names, prefs = roster(p)
      for _, r in ipairs(prefs) do looked[#looked + 1] = r end
      if #names == 0 then return 0, isi.msg("无成员名单", "no roster") end
      local missed = {}
      for _, name in ipairs(names) do
        if not attended[name] then missed[#missed + 1] = name end
      end
      return (#names - #missed) / #names, isi.msg("未参加：" .. isi.join(missed), "absent: " .. isi.join(missed))
    end)
    c:check{weight = w.reach, met = share,
      ok = isi.msg("抽样项目组成员均参加了意识提升活动", "every member of the sampled project teams attended"),
      miss = isi.msg("项目组成员未全覆盖", "not every project member reached") .. "：" .. short,
      evidence = #looked > 0 and looked or refs}
  end

  -- e) assessed
  local assessed = isi.filter(sessions, function(r) return r.assessed == true end)
  c:check{weight = w.assessed, met = #sessions > 0 and isi.share(#assessed, #sessions) or 0,
    ok = isi.msg("每次活动均有考核", "every session assessed its attendees"),
    miss = isi.msgf("%d/%d 次活动无考核", "%d of %d sessions without an assessment", #sessions - #assessed, #sessions),
    evidence = refs}

  return c:result()
end
