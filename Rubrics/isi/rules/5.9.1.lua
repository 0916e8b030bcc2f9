-- 5.9.1 文档完整性 (completeness of the project archive), per sampled project. Reads each
-- project's archive index (document `archive_index`) and its entries (table `archive_items`,
-- one row per archived document):
--   项目全流程形成完整档案资料 -> the entries cover every life-cycle document type (param
--                                 lifecycle_documents; post_end_documents only once the project ended)
--   全程留痕、数据准确         -> every entry matches a document of that type in the bundle
--   内容规范                   -> an archive index per project, signed by whoever keeps it
--   符合归档与查阅要求         -> every entry has a filing date inside the project's window and a location
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local lifecycle = care.param(ctx, "lifecycle_documents")
  local post_end = care.param(ctx, "post_end_documents")
  local w = care.weights(ctx, {"index", "coverage", "accuracy", "filing"})

  local projects = isi.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未抽样项目，档案完整性按项目评价", "no sampled project: archive completeness is judged per project")}
  end
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs("archive_index"))
  local is_post = {}
  for _, t in ipairs(post_end) do is_post[t] = true end

  -- a) an archive index per project, signed
  local share, short = care.per_project(projects, function(p)
    local docs = isi.docs("archive_index", p.id)
    if #docs == 0 then return 0, isi.msg("无档案目录", "no archive index") end
    if isi.count(docs, function(d) return isi.signed(d) end) == 0 then
      return 0.5, isi.msg("档案目录未签字", "archive index not signed")
    end
    return 1
  end)
  c:check{weight = w.index, met = share,
    ok = isi.msg("各项目均建立档案目录并签字", "every project has a signed archive index"),
    miss = isi.msg("档案目录缺失或不规范", "archive index missing or informal") .. "：" .. short,
    evidence = isi.refs(isi.docs("archive_index"))}

  local rows, why = isi.rows("archive_items")
  if rows == nil then
    c:check{weight = w.coverage + w.accuracy + w.filing, met = false,
      miss = isi.msg("无法核对档案条目：", "archive entries cannot be checked: ") .. why,
      evidence = isi.record_table("archive_items") and {record = "archive_items"} or nil}
    return c:result()
  end

  -- b) every life-cycle document archived
  local gaps, wrong, unfiled = {}, {}, {}
  share, short = care.per_project(projects, function(p)
    local mine = care.rows_of(rows, p)
    local listed = {}
    for _, r in ipairs(mine) do listed[r.doc_type] = true end
    local due, done, missing = 0, 0, {}
    for _, t in ipairs(lifecycle) do
      if not is_post[t] or care.finished(p) then
        due = due + 1
        if listed[t] then done = done + 1 else missing[#missing + 1] = t end
      end
    end
    if #mine == 0 then gaps[#gaps + 1] = p.id end
    return isi.share(done, due), isi.msg("未归档 " .. isi.join(missing), "not archived: " .. isi.join(missing))
  end)
  c:check{weight = w.coverage, met = share,
    ok = isi.msg("各项目全生命周期文档均已归档", "every life-cycle document of every project archived"),
    miss = isi.msg("项目档案不完整", "project archives incomplete") .. "：" .. short,
    evidence = care.row_refs("archive_items", rows)}

  -- c) entries match the bundle (accurate, traceable)
  share, short = care.per_project(projects, function(p)
    local mine = care.rows_of(rows, p)
    if #mine == 0 then return 0, isi.msg("无档案条目", "no entries") end
    local held = {}
    for _, d in ipairs(isi.docs_of_project(p.id)) do held[d.type] = true end
    local ok, bad = 0, {}
    for _, r in ipairs(mine) do
      if held[r.doc_type] then ok = ok + 1 else bad[#bad + 1] = r.doc_type; wrong[#wrong + 1] = r end
    end
    return ok / #mine, isi.msg("证据包中无对应文档：" .. isi.join(bad), "no such document in the bundle: " .. isi.join(bad))
  end)
  c:check{weight = w.accuracy, met = share,
    ok = isi.msg("档案条目与证据包中的文档一一对应", "every archive entry matches a document in the bundle"),
    miss = isi.msg("档案条目与实际文档不符", "archive entries without a matching document") .. "：" .. short,
    evidence = care.row_refs("archive_items", #wrong > 0 and wrong or rows)}

  -- d) filed with a date and a location
  share, short = care.per_project(projects, function(p)
    local mine = care.rows_of(rows, p)
    if #mine == 0 then return 0, isi.msg("无档案条目", "no entries") end
    local from = isi.project_window(p)
    local ok = 0
    for _, r in ipairs(mine) do
      if r.filed_date and isi.in_period(r.filed_date, from, ev.as_of()) and r.location and r.location ~= "" then
        ok = ok + 1
      else
        unfiled[#unfiled + 1] = r
      end
    end
    return ok / #mine, isi.msgf("%d 条缺归档日期或存放位置", "%d entries without filing date or location", #mine - ok)
  end)
  c:check{weight = w.filing, met = share,
    ok = isi.msg("档案均登记归档日期与存放位置，便于查阅", "every entry has a filing date and a location for retrieval"),
    miss = isi.msg("归档登记不全", "filing records incomplete") .. "：" .. short,
    evidence = care.row_refs("archive_items", #unfiled > 0 and unfiled or rows)}

  return c:result()
end
