-- 1.1: every required document type is present; the score is the share present.
local util = require("util")

return function(ctx)
  local required = ctx.params.required
  assert(#ev.params().required == #required, "ev.params() and ctx.params disagree")
  local present = util.count(required, function(type)
    local docs = ev.documents{type = type}
    if #docs == 0 then
      findings.nonconformity("缺少文档 missing document: " .. type)
      return false
    end
    return true
  end)
  print("present " .. present .. " of " .. #required)
  return {
    score = present / #required,
    summary = ctx.leaf.id .. ": " .. present .. " of " .. #required .. " document types present",
    findings = {
      {level = "ok", message = "实施方案齐全 implementation plan present", evidence = {document = "D01"}},
    },
  }
end
