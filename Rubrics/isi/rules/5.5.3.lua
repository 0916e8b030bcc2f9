-- 5.5.3 交付内容 Deliverables: 软硬件设备、配件、合格证书、质保卡等实物；全套技术文档
-- （需求调研记录、实施方案、测试报告、验收报告、拓扑图、配置清单、操作手册、运维手册、
-- 培训资料等）；系统账号、权限、软件授权、技术接口等核心信息。
-- Per finished sampled project, from its handover record (the signed list of
-- what was handed over): dated on or after acceptance and signed by both
-- parties; the physical items (params.physical_items) where hardware was
-- procured; every document of params.required_documents (named by
-- params.document_labels) and the media (纸质版/电子版); the core information
-- of params.core_items.
local isi = require("isi")
local acc = require("isi.acceptance")

return function(ctx)
  local required = acc.param(ctx, "required_documents")
  local labels = acc.param(ctx, "document_labels")
  local physical = acc.param(ctx, "physical_items")
  local core = acc.param(ctx, "core_items")
  local media = acc.param(ctx, "media_terms")
  local min_signatories = acc.param(ctx, "min_signatories")
  local pass_terms = acc.param(ctx, "acceptance_pass_terms")
  local fail_terms = acc.param(ctx, "acceptance_fail_terms")
  local projects = acc.finished_projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("无已完工的抽样项目，尚无交付", "no sampled project has finished; nothing delivered yet")}
  end
  local doc_terms = {}
  for i, type in ipairs(required) do
    local label = labels[type]
    if label == nil then error(("leaf %s: params.document_labels lacks '%s'"):format(ctx.leaf.id, type)) end
    doc_terms[i] = label
  end
  local c = isi.checklist(ctx)
  local handovers = {}
  for _, p in ipairs(projects) do handovers[p.id] = isi.latest(isi.docs("handover_record", p.id)) end
  local evidence = isi.refs(isi.docs("handover_record"))

  -- A signed handover record after acceptance.
  local share, gaps = acc.per_project(projects, function(p)
    local doc = handovers[p.id]
    if doc == nil then return 0, isi.msg("无交付移交清单", "no handover record") end
    local accepted = acc.acceptance_date(p, pass_terms, fail_terms)
    local t = acc.parts()
    t:add(doc.date and accepted and doc.date >= accepted, isi.msg("验收后移交", "dated on or after acceptance"))
    t:add(isi.signed(doc, min_signatories),
      isi.msgf("双方签收（≥%d人）", "signed by both parties (at least %d)", min_signatories))
    local _, _, unreadable = isi.find_terms(doc, {})
    t:add(unreadable == nil, isi.msg("可读文本", "readable text"))
    return t:result(doc.id)
  end)
  c:check{weight = acc.weight(ctx, "handover"), met = share,
    ok = isi.msg("验收后签署交付移交清单", "handover records signed after acceptance"),
    miss = acc.gap_msg(isi.msg("交付移交清单缺失或不规范", "handover records missing or incomplete"), gaps),
    evidence = evidence}

  -- Physical items, where hardware was procured.
  local hardware = isi.filter(projects, function(p) return p.hardware_procured end)
  if #hardware > 0 then
    share, gaps = acc.per_project(hardware, function(p)
      local doc = handovers[p.id]
      if doc == nil then return 0, isi.msg("无交付移交清单", "no handover record") end
      local _, missing = isi.find_terms(doc, physical)
      if #missing == 0 then return 1 end
      return (#physical - #missing) / #physical, isi.msg("未移交", "not handed over") .. " " .. isi.join(missing)
    end)
    c:check{weight = acc.weight(ctx, "physical"), met = share,
      ok = isi.msg("设备、配件、合格证、质保卡等实物已移交", "equipment, spares, certificates and warranty cards handed over"),
      miss = acc.gap_msg(isi.msg("实物移交不全", "physical items not all handed over"), gaps),
      evidence = evidence}
  end

  -- The full document set, on paper and/or electronically.
  share, gaps = acc.per_project(projects, function(p)
    local doc = handovers[p.id]
    if doc == nil then return 0, isi.msg("无交付移交清单", "no handover record") end
    local _, missing = isi.find_terms(doc, doc_terms)
    local total, have = #doc_terms + 1, #doc_terms - #missing
    if #isi.find_terms(doc, {media}) > 0 then have = have + 1 else missing[#missing + 1] = isi.msg("纸质版/电子版", "paper/electronic copies") end
    if have == total then return 1 end
    return have / total, isi.msg("未移交", "not handed over") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "document_set"), met = share,
    ok = isi.msg("全套技术文档已移交", "the full set of technical documents handed over"),
    miss = acc.gap_msg(isi.msg("技术文档移交不全", "technical documents not all handed over"), gaps),
    evidence = evidence}

  -- Accounts, permissions, licences, interfaces.
  share, gaps = acc.per_project(projects, function(p)
    local doc = handovers[p.id]
    if doc == nil then return 0, isi.msg("无交付移交清单", "no handover record") end
    local _, missing = isi.find_terms(doc, core)
    if #missing == 0 then return 1 end
    return (#core - #missing) / #core, isi.msg("未移交", "not handed over") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "core_info"), met = share,
    ok = isi.msg("账号、权限、软件授权、技术接口已移交", "accounts, permissions, licences and interfaces handed over"),
    miss = acc.gap_msg(isi.msg("核心信息移交不全", "core information not all handed over"), gaps),
    evidence = evidence}

  return c:result()
end
