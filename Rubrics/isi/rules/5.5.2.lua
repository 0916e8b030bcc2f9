-- 5.5.2 验收流程 Acceptance procedure: 服务方提交验收申请及全套验收资料，客户按标准组织
-- 验收；双方共同现场核验、功能演示、资料核查，确认验收结果；验收合格，签署项目验收报告，
-- 项目正式交付；验收不合格，服务方限期整改，直至复验合格。
-- Per finished sampled project: an acceptance application with its materials,
-- signed and dated before acceptance; an acceptance report recording the joint
-- verification (params.verification_terms); the report concluding 合格, signed
-- by both parties and sealed; where a round of the record table
-- acceptance_rounds failed (its result mentions params.round_fail_terms), rectification by its deadline (with a rectification
-- record) and a later passing round.
local isi = require("isi")
local acc = require("isi.acceptance")

return function(ctx)
  local material_terms = acc.param(ctx, "application_material_terms")
  local verification = acc.param(ctx, "verification_terms")
  local pass_terms = acc.param(ctx, "acceptance_pass_terms")
  local fail_terms = acc.param(ctx, "acceptance_fail_terms")
  local min_signatories = acc.param(ctx, "min_signatories")
  local require_seal = acc.param(ctx, "require_seal")
  local round_fail = acc.param(ctx, "round_fail_terms")
  local projects = acc.finished_projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("无已完工的抽样项目，尚无验收", "no sampled project has finished; none is up for acceptance")}
  end
  local c = isi.checklist(ctx)
  local rounds = isi.rows_or_finding("acceptance_rounds")

  local accepted, passing = {}, {}
  for _, p in ipairs(projects) do accepted[p.id], passing[p.id] = acc.acceptance_date(p, pass_terms, fail_terms) end

  -- Application with the full materials.
  local share, gaps = acc.per_project(projects, function(p)
    local doc = isi.latest(isi.docs("acceptance_application", p.id))
    if doc == nil then return 0, isi.msg("无验收申请", "no acceptance application") end
    local t = acc.parts()
    t:add(#isi.find_terms(doc, {material_terms}) > 0, isi.msg("验收资料清单", "list of materials"))
    t:add(isi.signed(doc), isi.msg("签字", "signature"))
    t:add(doc.date and accepted[p.id] and doc.date <= accepted[p.id], isi.msg("验收前提交", "submitted before acceptance"))
    return t:result(doc.id)
  end)
  c:check{weight = acc.weight(ctx, "application"), met = share,
    ok = isi.msg("提交验收申请及全套验收资料", "acceptance applications submitted with their materials"),
    miss = acc.gap_msg(isi.msg("验收申请不完整", "acceptance applications incomplete"), gaps),
    evidence = isi.refs(isi.docs("acceptance_application"))}

  -- Joint verification: on-site check, demonstration, document review.
  share, gaps = acc.per_project(projects, function(p)
    local doc = passing[p.id] or isi.latest(isi.docs("acceptance_report", p.id))
    if doc == nil then return 0, isi.msg("无验收报告", "no acceptance report") end
    local _, missing = isi.find_terms(doc, verification)
    if #missing == 0 then return 1 end
    return (#verification - #missing) / #verification, doc.id .. " " .. isi.msg("未记录", "does not record") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "joint_verification"), met = share,
    ok = isi.msg("双方共同现场核验、功能演示、资料核查", "joint on-site verification, demonstration and document review recorded"),
    miss = acc.gap_msg(isi.msg("共同核验记录不全", "joint verification not fully recorded"), gaps),
    evidence = isi.refs(isi.docs("acceptance_report"))}

  -- A passing acceptance report, signed by both parties and sealed.
  share, gaps = acc.per_project(projects, function(p)
    local doc = passing[p.id]
    if doc == nil then return 0, isi.msg("无验收合格的验收报告", "no acceptance report concluding a pass") end
    local t = acc.parts()
    t:add(true) -- the passing report itself
    t:add(isi.signed(doc, min_signatories),
      isi.msgf("双方签字（≥%d人）", "signatures of both parties (at least %d)", min_signatories))
    t:add(not require_seal or doc.sealed, isi.msg("盖章", "seal"))
    return t:result(doc.id)
  end)
  c:check{weight = acc.weight(ctx, "signed_report"), met = share,
    ok = isi.msg("验收合格并签署验收报告", "acceptance passed and the report signed and sealed"),
    miss = acc.gap_msg(isi.msg("验收报告未规范签署", "acceptance reports not properly signed"), gaps),
    evidence = isi.refs(isi.docs("acceptance_report"))}

  -- Failed acceptance: rectified by its deadline, re-accepted.
  local cited = {}
  share, gaps = acc.per_project(projects, function(p)
    if rounds == nil then return 0, isi.msg("无验收轮次记录", "no acceptance rounds") end
    local rows = acc.rows_of(rounds, p)
    if #rows == 0 then return 0, isi.msg("无验收轮次记录", "no acceptance rounds") end
    local failed, fine, missing = 0, 0, {}
    for _, r in ipairs(rows) do
      if acc.mentions(r.result, round_fail) then
        failed = failed + 1
        cited[#cited + 1] = r
        local later = isi.filter(rows, function(o)
          return o.date > r.date and not acc.mentions(o.result, round_fail)
        end)
        local in_time = r.rectified_on ~= nil and r.rectification_deadline ~= nil and r.rectified_on <= r.rectification_deadline
        local recorded = #isi.docs("rectification_record", p.id) > 0
        if in_time and #later > 0 and recorded then fine = fine + 1
        else
          if not in_time then missing[#missing + 1] = isi.msgf("第%s轮未按期整改", "round %s not rectified by its deadline", tostring(r.round)) end
          if #later == 0 then missing[#missing + 1] = isi.msg("无复验合格", "no passing re-acceptance") end
          if not recorded then missing[#missing + 1] = isi.msg("无整改记录", "no rectification record") end
        end
      end
    end
    if failed == 0 or fine == failed then return 1 end
    return fine / failed, isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "rectification"), met = share,
    ok = isi.msg("验收不合格项均限期整改并复验合格（或一次验收合格）", "failed acceptances rectified in time and re-accepted (or passed first time)"),
    miss = acc.gap_msg(isi.msg("验收不合格后整改复验不到位", "failed acceptance not rectified and re-accepted in time"), gaps),
    evidence = #cited > 0 and acc.row_refs("acceptance_rounds", cited) or (rounds and {record = "acceptance_rounds"} or nil)}

  return c:result()
end
