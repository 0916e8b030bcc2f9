-- 1.5: returns a score outside [0, 1].
return function(ctx)
  return {score = 1.5}
end
