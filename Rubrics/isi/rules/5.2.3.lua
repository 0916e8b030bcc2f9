-- 5.2.3 方案评审与确认 Plan review and confirmation.
-- Per sampled project: an internal technical review of the plan (plan_review, signed,
-- dated before the plan went to the customer); the customer's confirmation of the plan
-- (plan_confirmation) signed by both parties and sealed; both on or before the
-- project's start date (the formal plan is the only basis of implementation) and in
-- order: review, then confirmation.
-- Critical demand `signed_and_sealed` (双方签字盖章): every sampled project's confirmation.
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"internal_review", "confirmation", "timing"})
  local review_required = D.param(ctx, "internal_review_required")
  local both = D.param(ctx, "signed_and_sealed_by_both_parties")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  local reviews, confirmations = {}, {}
  for _, p in ipairs(projects) do
    reviews[p.id] = isi.docs("plan_review", p.id)
    confirmations[p.id] = isi.docs("plan_confirmation", p.id)
  end

  if review_required then
    D.per_project(c, w.internal_review, projects, function(p)
      local docs = reviews[p.id]
      if #docs == 0 then
        return {met = false, miss = isi.msg("未见方案内部技术评审记录", "no internal technical review of the plan found")}
      end
      local signed = isi.filter(docs, function(d) return isi.signed(d) and d.date ~= nil end)
      if #signed == 0 then
        return {met = partial, evidence = isi.refs(docs),
          miss = isi.msg("内部评审记录未签字或未注明日期", "internal review unsigned or undated")}
      end
      return {met = true, evidence = isi.refs(signed), ok = isi.msg("已开展方案内部技术评审", "internal technical review held")}
    end)
  end

  local _, sign_outcome = D.per_project(c, w.confirmation, projects, function(p)
    local docs = confirmations[p.id]
    if #docs == 0 then
      return {met = false, miss = isi.msg("未见客户对实施方案的确认", "no customer confirmation of the plan found")}
    end
    local reasons = {}
    for _, d in ipairs(docs) do
      local ok, why
      if both then ok, why = D.signed_by_both(d, ctx) else ok = isi.signed(d) end
      if ok and d.sealed then
        return {met = true, evidence = isi.ref(d), ok = isi.msg("实施方案经双方签字盖章确认", "plan confirmed, signed and sealed by both parties")}
      end
      if not ok then reasons[#reasons + 1] = d.id .. ": " .. (why or isi.msg("未签字", "unsigned")) end
      if not d.sealed then reasons[#reasons + 1] = d.id .. ": " .. isi.msg("未盖章", "not sealed") end
    end
    return {met = partial, evidence = isi.refs(docs), level = "nonconformity",
      miss = isi.msg("方案确认未经双方签字盖章", "plan confirmation not signed and sealed by both parties") .. " (" .. table.concat(reasons, "; ") .. ")"}
  end)

  D.per_project(c, w.timing, projects, function(p)
    local review = D.earliest(reviews[p.id])
    local confirmed = D.earliest(confirmations[p.id])
    local refs = isi.merge_refs(isi.refs(reviews[p.id]), isi.refs(confirmations[p.id]))
    if confirmed == nil then
      return {met = false, evidence = refs, miss = isi.msg("无带日期的方案确认，无法证明先确认后实施", "no dated confirmation to show the plan was agreed before implementation")}
    end
    local problems = {}
    if confirmed > p.start_date then
      problems[#problems + 1] = isi.msgf("方案确认（%s）晚于开工（%s）", "plan confirmed (%s) after the start (%s)", confirmed, p.start_date, confirmed, p.start_date)
    end
    if review_required and (review == nil or review > confirmed) then
      problems[#problems + 1] = isi.msg("内部评审缺失或晚于提交客户", "internal review missing or after the submission to the customer")
    end
    if #problems == 0 then
      return {met = true, evidence = refs, ok = isi.msg("先评审、后确认、再实施", "reviewed, then confirmed, before implementation")}
    end
    return {met = false, evidence = refs, miss = table.concat(problems, "; ")}
  end)

  c:critical("signed_and_sealed", sign_outcome)
  return c:result()
end
