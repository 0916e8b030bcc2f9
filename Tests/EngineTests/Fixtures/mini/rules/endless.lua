-- 1.6: never ends; stopped by the instruction budget.
return function(ctx)
  local n = 0
  while true do n = n + 1 end
end
