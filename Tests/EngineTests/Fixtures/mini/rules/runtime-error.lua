-- 1.4: fails at run time.
return function(ctx)
  findings.observation("checked before failing")
  error("trial run table is missing")
end
