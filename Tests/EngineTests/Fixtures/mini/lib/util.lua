-- Helpers the mini rubric's rules share.
local util = {}

--- How many items of `list` satisfy `predicate`.
function util.count(list, predicate)
  local n = 0
  for _, item in ipairs(list) do
    if predicate(item) then n = n + 1 end
  end
  return n
end

return util
