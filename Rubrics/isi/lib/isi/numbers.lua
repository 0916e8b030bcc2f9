-- The ISI library's numbers: periodicity (gaps between events), medians,
-- means and trends. Loaded by lib/isi.lua the first time a rule uses one of
-- these functions; rules call them as `isi.<name>`.

local isi = require("isi")

--- The longest stretch in days without an event inside `from`..`to`: gaps
--- between the window's start, each event, and its end. Events outside the
--- window are ignored. Returns the gap in days and the date it ends on
--- (`to` when the longest gap is the trailing one). With no event at all the
--- whole window is one gap.
function isi.max_gap(event_dates, from, to)
  local days = {}
  for _, value in ipairs(event_dates) do
    if isi.in_period(value, from, to) then days[#days + 1] = isi.day(value) end
  end
  table.sort(days)
  local longest, ends_on, previous = 0, nil, from
  for _, day in ipairs(days) do
    local gap = dates.days_between(previous, day)
    if gap > longest then longest, ends_on = gap, day end
    previous = day
  end
  local tail = dates.days_between(previous, to)
  if tail > longest then longest, ends_on = tail, to end
  return longest, ends_on
end

--- Whether events recur at least every `max_days` across `from`..`to`
--- (`isi.max_gap` no longer than `max_days`). Also returns the gap found.
function isi.periodic(event_dates, max_days, from, to)
  local gap, ends_on = isi.max_gap(event_dates, from, to)
  return gap <= max_days, gap, ends_on
end

--- The number of calendar days in a number of months, for frequency params
--- given in months (a month counts 31 days, so "every 12 months" allows a
--- survey on the same date a year later).
function isi.months_to_days(months)
  return math.floor(months * 31 + 0.5)
end

--- The median of a list of numbers (nil for an empty list).
function isi.median(values)
  if #values == 0 then return nil end
  local sorted = {}
  for i, v in ipairs(values) do sorted[i] = v end
  table.sort(sorted)
  local middle = (#sorted + 1) // 2
  if #sorted % 2 == 1 then return sorted[middle] end
  return (sorted[middle] + sorted[middle + 1]) / 2
end

--- The mean of a list of numbers (nil for an empty list).
function isi.mean(values)
  if #values == 0 then return nil end
  local sum = 0
  for _, v in ipairs(values) do sum = sum + v end
  return sum / #values
end

--- The trend of a series of `{date = "YYYY-MM-DD", value = number}` points:
--- the least-squares slope per 365 days, and a direction: "up" or "down" when
--- the slope's size exceeds `tolerance` (per year; 0 by default), else "flat".
--- Fewer than two points, or all on one date, give no trend (nil).
function isi.trend(points, tolerance)
  if #points < 2 then return nil end
  local origin = points[1].date
  for _, p in ipairs(points) do
    if p.date < origin then origin = p.date end
  end
  local xs, ys = {}, {}
  for i, p in ipairs(points) do
    xs[i] = dates.days_between(origin, p.date)
    ys[i] = p.value
  end
  local mx, my = isi.mean(xs), isi.mean(ys)
  local sxx, sxy = 0, 0
  for i = 1, #xs do
    sxx = sxx + (xs[i] - mx) ^ 2
    sxy = sxy + (xs[i] - mx) * (ys[i] - my)
  end
  if sxx == 0 then return nil end
  local slope = sxy / sxx * 365
  local limit = tolerance or 0
  local direction = "flat"
  if slope > limit then direction = "up" elseif slope < -limit then direction = "down" end
  return {slope = slope, direction = direction, first = ys[1], last = ys[#ys]}
end

return isi
