-- 1.3: left to the auditor.
return function(ctx)
  return {manual = true, reason = "needs a site visit"}
end
