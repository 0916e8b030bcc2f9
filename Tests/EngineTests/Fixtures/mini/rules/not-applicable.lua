-- 1.2: does not apply to this bundle.
return function(ctx)
  return {not_applicable = true, reason = "no hardware was procured"}
end
