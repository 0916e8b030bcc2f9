-- 1.1: the share of the required document types present.
return function(ctx)
  local present = 0
  for _, type in ipairs(ctx.params.required) do
    if #ev.documents{type = type} > 0 then
      present = present + 1
    else
      findings.nonconformity("缺少文档 missing document: " .. type)
    end
  end
  return {score = present / #ctx.params.required}
end
