-- 5.9.2 文档移交与留存 (handover and retention), per sampled project that has ended:
--   项目验收后向客户移交           -> a handover record dated on or after the acceptance (acceptance
--                                     report's date, else the project's end date)
--   (移交经客户签收)               -> signed by both sides, naming the customer or its signing for receipt
--   纸质版 + 电子版全套文档        -> every format of handover_formats named (handover_format_terms)
--   服务方同步建立项目档案并长期留存 -> an archive index, and archive entries kept at least
--                                     min_retention_years (or permanently)
local isi = require("isi")
local care = require("isi.care")

local function retention_ok(value, min_years, permanent)
  if value == nil then return false end
  for _, t in ipairs(permanent) do
    if value:find(t, 1, true) then return true end
  end
  local years = tonumber(value:match("%d+"))
  return years ~= nil and years >= min_years
end

return function(ctx)
  local formats = care.param(ctx, "handover_formats")
  local format_terms = care.param(ctx, "handover_format_terms")
  local sign_terms = care.param(ctx, "customer_sign_terms")
  local min_years = care.param(ctx, "min_retention_years")
  local permanent = care.param(ctx, "permanent_terms")
  local w = care.weights(ctx, {"handover", "customer_signed", "formats", "retention"})

  local projects = isi.filter(isi.projects(), care.finished)
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("抽样项目均未验收完工，无文档移交可评价", "no sampled project has ended: no handover to judge")}
  end
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs_of({"handover_record", "archive_index"}))
  local terms = {}
  for i, f in ipairs(formats) do
    terms[i] = assert(format_terms[f], "rule 5.9.2: handover_format_terms lacks the format " .. tostring(f))
  end

  local function handovers(p)
    local acceptance = isi.latest(isi.docs("acceptance_report", p.id))
    local since = acceptance and acceptance.date or p.end_date
    return isi.filter(isi.docs("handover_record", p.id), function(d) return d.date ~= nil and d.date >= since end), since
  end

  -- a) handed over after acceptance
  local share, short = care.per_project(projects, function(p)
    local docs, since = handovers(p)
    if #docs == 0 then
      return 0, isi.msgf("无 %s 验收后的移交记录", "no handover record dated on or after the acceptance on %s", since)
    end
    return 1
  end)
  c:check{weight = w.handover, met = share,
    ok = isi.msg("各项目验收后均完成文档移交", "documents handed over after acceptance in every project"),
    miss = isi.msg("验收后文档未移交", "documents not handed over after acceptance") .. "：" .. short,
    evidence = isi.refs(isi.docs("handover_record"))}

  -- b) signed for receipt by the customer
  share, short = care.per_project(projects, function(p)
    local docs = handovers(p)
    local ok = isi.count(docs, function(d)
      local text = isi.searchable(d) or ""
      local names_customer = text:find(p.customer, 1, true) ~= nil
      local _, _, s = care.terms_across({d}, {sign_terms})
      return isi.signed(d, 2) and (names_customer or s == 1)
    end)
    return ok > 0, isi.msg("移交记录无客户签收", "no customer signature on the handover")
  end)
  c:check{weight = w.customer_signed, met = share,
    ok = isi.msg("移交清单经双方签字、客户签收", "handover signed by both sides, received by the customer"),
    miss = isi.msg("移交未经客户签收", "handover not signed for by the customer") .. "：" .. short,
    evidence = isi.refs(isi.docs("handover_record"))}

  -- c) paper and electronic sets; 纸质版 + 电子版 is the clause's explicit demand, a
  -- critical one (rubric.yaml): a project whose handover names both meets it.
  local both = 0
  share, short = care.per_project(projects, function(p)
    local docs = handovers(p)
    if #docs == 0 then return 0 end
    local _, missing, s = care.terms_across(docs, terms)
    if s >= 1 then both = both + 1 end
    return s, isi.msg("未写明 " .. isi.join(missing), "does not name " .. isi.join(missing))
  end)
  c:critical("paper_and_electronic", isi.share(both, #projects, 0))
  c:check{weight = w.formats, met = share,
    ok = isi.msg("已移交纸质版与电子版全套文档", "full paper and electronic sets handed over"),
    miss = isi.msg("移交形式不全", "handover formats incomplete") .. "：" .. short,
    evidence = isi.refs(isi.docs("handover_record"))}

  -- d) the provider's own archive, kept long enough
  local rows, why = isi.rows("archive_items")
  local short_kept = {}
  share, short = care.per_project(projects, function(p)
    if #isi.docs("archive_index", p.id) == 0 then return 0, isi.msg("未建立项目档案", "no project archive") end
    local mine = care.rows_of(rows, p)
    if #mine == 0 then return 0.5, isi.msg("档案无保管期限登记", "no retention recorded") end
    local ok = 0
    for _, r in ipairs(mine) do
      if retention_ok(r.retention, min_years, permanent) then ok = ok + 1 else short_kept[#short_kept + 1] = r end
    end
    return 0.5 + 0.5 * ok / #mine, isi.msgf("%d 条保管期限不足 %d 年", "%d entries kept less than %d years", #mine - ok, min_years)
  end)
  c:check{weight = w.retention, met = share,
    ok = isi.msgf("服务方已建立项目档案，保管期限不少于 %d 年", "the provider keeps a project archive for at least %d years", min_years),
    miss = isi.msg("服务方档案留存不足", "the provider's archive falls short") .. "：" .. short .. (rows and "" or "；" .. why),
    evidence = isi.merge_refs(isi.refs(isi.docs("archive_index")),
      rows and care.row_refs("archive_items", #short_kept > 0 and short_kept or rows) or {})}

  return c:result()
end
