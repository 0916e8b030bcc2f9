-- 5.7.3 数据安全 (data security):
--   落实数据加密、备份、脱敏措施       -> per project, the security configuration and backup records name
--                                        each measure (param data_measures)
--   严防数据丢失                       -> per project, a backup record with a restore test that succeeded
--   规范数据全生命周期管理             -> a data-security procedure covering every life-cycle stage: titled
--                                        so (policy_keywords), or any procedure with a section of its
--                                        own on data security (policy_concept, by ev.recognize)
--   遵守数据安全、个人信息保护法律法规 -> that procedure cites the laws (param law_terms)
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local measures = care.param(ctx, "data_measures")
  local restore_terms = care.param(ctx, "restore_terms")
  local restore_pass = care.param(ctx, "restore_pass_terms")
  local keywords = care.param(ctx, "policy_keywords")
  local concept = care.param(ctx, "policy_concept")
  local stages = care.param(ctx, "lifecycle_stages")
  local laws = care.param(ctx, "law_terms")
  local w = care.weights(ctx, {"measures", "restore", "policy", "laws"})

  local projects = isi.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未抽样项目，数据安全按项目评价", "no sampled project: data security is judged per project")}
  end
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.merge_refs(isi.docs_of({"security_configuration", "backup_record"}), care.procedures(keywords)))

  -- a) encryption, backup and masking in place
  local share, short = care.per_project(projects, function(p)
    local docs = isi.docs_of({"security_configuration", "backup_record"}, p.id)
    local _, missing, s = care.terms_across(docs, measures)
    return s, #missing > 0 and isi.msg("未见 " .. isi.join(missing), "missing " .. isi.join(missing)) or nil
  end)
  c:check{weight = w.measures, met = share,
    ok = isi.msg("各项目已落实数据加密、备份、脱敏", "encryption, backup and masking in place in every project"),
    miss = isi.msg("数据安全措施不全", "data security measures incomplete") .. "：" .. short,
    evidence = isi.refs(isi.docs_of({"security_configuration", "backup_record"}))}

  -- b) backups with a tested restore
  share, short = care.per_project(projects, function(p)
    local from = isi.project_window(p)
    local docs = isi.filter(isi.docs("backup_record", p.id), function(d) return isi.in_period(d.date, from, ev.as_of()) end)
    if #docs == 0 then return 0, isi.msg("无项目期内的备份记录", "no backup record dated within the project") end
    local _, _, tested = care.terms_across(docs, restore_terms)
    if tested < 1 then return 0.5, isi.msg("备份未做恢复测试", "backups never restored in a test") end
    local _, _, passed = care.terms_across(docs, restore_pass)
    if passed < 1 then return 0.75, isi.msg("恢复测试结果未写明", "restore test result not stated") end
    return 1
  end)
  c:check{weight = w.restore, met = share,
    ok = isi.msg("备份已做恢复测试且成功", "backups restored successfully in tests"),
    miss = isi.msg("备份恢复未经验证", "backup restore not verified") .. "：" .. short,
    evidence = isi.refs(isi.docs("backup_record"))}

  -- c) a data life-cycle policy; d) the laws it follows
  local policies = care.procedures(keywords)
  if #policies == 0 then
    -- Not titled as one: a procedure that treats data security in a section of its own.
    for _, doc in ipairs(isi.docs("procedure")) do
      local found = isi.recognize({doc}, {concept})
      if found[1] and found[1].strength == "section" then
        policies[#policies + 1] = doc
        findings.ok(isi.msgf("《%s》第 %d 行起专章规定数据安全（%s）", "“%s” treats data security in a section of its own (line %d: %s)",
          doc.title, found[1].line, found[1].section, doc.title, found[1].line, found[1].section), {document = doc.id})
      end
    end
  end
  local _, missing, s = care.terms_across(policies, stages)
  c:check{weight = w.policy, met = #policies > 0 and s or 0,
    ok = isi.msg("数据安全管理制度覆盖数据全生命周期", "data security procedure covers the whole data life cycle"),
    miss = #policies == 0
      and isi.msgf("未见数据安全管理制度（标题含 %s）", "no data security procedure (title containing %s)", isi.join(keywords))
      or isi.msgf("数据生命周期管理未覆盖：%s", "data life cycle stages not covered: %s", isi.join(missing)),
    evidence = isi.refs(policies)}
  local _, missing_laws, law_share = care.terms_across(policies, laws)
  c:check{weight = w.laws, met = #policies > 0 and law_share or 0,
    ok = isi.msg("制度明确遵守数据安全与个人信息保护法律法规", "procedure cites the data security and personal information laws"),
    miss = isi.msgf("制度未引用法律法规：%s", "procedure does not cite: %s", isi.join(missing_laws)),
    evidence = isi.refs(policies)}

  return c:result()
end
