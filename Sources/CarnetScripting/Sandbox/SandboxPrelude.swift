/// The Lua half of the sandbox, run once per state over the full standard library.
///
/// It receives the globals, the coroutine registry (track, untrack), the guard factory,
/// the pattern pricing, the clock and the real `crm` table, and returns the metatable of every run's fresh
/// `_ENV`: `__index` is the frozen base, `__metatable` hides it. Library tables are
/// read-only proxies, so a run cannot leave anything in them for the next.
enum SandboxPrelude {
    static let source = #"""
local G, track, untrack, guarded, check_pattern, now, host = ...

local error, next, pcall, rawget, select, setmetatable, tonumber, type =
  G.error, G.next, G.pcall, G.rawget, G.select, G.setmetatable, G.tonumber, G.type
local string, table, math, coroutine, os = G.string, G.table, G.math, G.coroutine, G.os
local maxinteger, mathtype, tointeger, min = math.maxinteger, math.type, math.tointeger, math.min

-- `guarded(guard, f)` calls guard(...) before the library function f (see guarded.c):
-- guard returns true and results to answer instead of f, false and arguments to call f
-- with those, or nothing to call f as is. Its errors use level 3: the caller's line.

-- Read-only proxies ----------------------------------------------------------

local frozen = {}

local function refuse_write()
  error("attempt to modify a read-only table", 2)
end

local function freeze(t)
  for k, v in next, t do
    if type(v) == "table" then t[k] = freeze(v) end
  end
  local proxy = setmetatable({}, {
    __index = t,
    __newindex = refuse_write,
    __pairs = function() return function(_, k) return next(t, k) end, nil, nil end,
    __metatable = false,
  })
  frozen[proxy] = true
  return proxy
end

-- The conversion luaL_checkinteger makes, or nil.
local function integer(v)
  return tointeger(v) or (type(v) == "string" and tointeger(tonumber(v))) or nil
end

-- string: the matcher runs in C, out of the hook's reach, so each call is priced first.

-- Each pricer remembers, for up to 256 patterns, the longest subject on which the pattern
-- is always cheap, and does not ask the host again for a subject no longer than that.
local function priced(name)
  local cheap, remembered = {}, 0
  return function(s, pattern, init, plain)
    if type(s) == "string" and type(pattern) == "string" and not plain then
      local limit = cheap[pattern]
      if limit and #s <= limit then return end
    end
    local refusal, limit = check_pattern(name, s, pattern, init, plain)
    if refusal then error(refusal, 3) end
    if limit and not plain and remembered < 256 and cheap[pattern] == nil then
      cheap[pattern] = limit
      remembered = remembered + 1
    end
  end
end

string.dump = nil
string.find = guarded(priced("find"), string.find)
string.match = guarded(priced("match"), string.match)
string.gmatch = guarded(priced("gmatch"), string.gmatch)
local price_gsub = priced("gsub")
string.gsub = guarded(function(s, pattern) return price_gsub(s, pattern) end, string.gsub)
-- Repeating the empty string loops n times in C without allocating.
string.rep = guarded(function(s, n, sep)
  if s == "" and (sep == nil or sep == "") and integer(n) then return true, "" end
end, string.rep)
G.getmetatable("").__metatable = false

-- table: a length can be huge without memory (t[2^k] for each k gives #t = 2^62), and
-- the C functions shift or move that many slots. Long shifts and moves run in Lua,
-- where the budgets apply.

local SHIFT = 1024

table.insert = guarded(function(t, ...)
  if select("#", ...) == 2 and type(t) == "table" then
    local pos, value = ...
    local p, e = integer(pos), #t + 1
    if p and p >= 1 and e - p > SHIFT then
      for i = e, p + 1, -1 do t[i] = t[i - 1] end
      t[p] = value
      return true
    end
  end
end, table.insert)

table.remove = guarded(function(t, pos)
  if type(t) == "table" then
    local size = #t
    local p = pos == nil and size or integer(pos)
    if mathtype(size) == "integer" and p and p >= 1 and size - p > SHIFT then
      local value = t[p]
      for i = p, size - 1 do t[i] = t[i + 1] end
      t[size] = nil
      return true, value
    end
  end
end, table.remove)

local move = table.move
table.move = guarded(function(a1, f, e, t, a2)
  local fi, ei, ti = integer(f), integer(e), integer(t)
  local dest = a2 == nil and a1 or a2
  if type(a1) == "table" and type(dest) == "table" and fi and ei and ti and ei >= fi
      and (fi > 0 or ei < maxinteger + fi) then
    local n = ei - fi
    if n >= SHIFT and ti <= maxinteger - n then
      if ti > ei or ti <= fi or (a2 ~= nil and a1 ~= dest) then
        for lo = fi, ei, SHIFT do
          move(a1, lo, lo + min(ei - lo, SHIFT - 1), ti + (lo - fi), dest)
        end
      else
        local hi, lo = ei
        repeat
          lo = hi - min(hi - fi, SHIFT - 1)
          move(a1, lo, hi, ti + (lo - fi), dest)
          hi = lo - 1
        until lo == fi
      end
      return true, dest
    end
  end
end, move)

-- coroutine: hooks belong to one Lua thread, so the watchdog must know every coroutine.

local co_create, co_resume, co_status, co_close = coroutine.create, coroutine.resume, coroutine.status, coroutine.close

local function settle(co, ...)
  if co_status(co) == "dead" then untrack(co) end
  return ...
end

local function unwrap(co, ok, ...)
  if co_status(co) == "dead" then untrack(co) end
  if ok then return ... end
  error((...), 0)
end

local function create(f)
  local co = co_create(f)
  track(co)
  return co
end

local sandbox_coroutine = {
  create = guarded(function(f)
    if type(f) == "function" then return true, create(f) end
  end, co_create),
  resume = guarded(function(co, ...)
    if type(co) == "thread" then return true, settle(co, co_resume(co, ...)) end
  end, co_resume),
  wrap = guarded(function(f)
    if type(f) == "function" then
      local co = create(f)
      return true, function(...) return unwrap(co, co_resume(co, ...)) end
    end
  end, coroutine.wrap),
  close = guarded(function(co)
    if type(co) == "thread" and co_status(co) ~= "running" and co_status(co) ~= "normal" then
      return true, settle(co, co_close(co))
    end
  end, co_close),
  isyieldable = coroutine.isyieldable,
  running = coroutine.running,
  status = co_status,
  yield = coroutine.yield,
}

-- os: the clock is the host's, so tests can travel in time.

local sandbox_os = {
  clock = os.clock,
  time = guarded(function(t)
    if t == nil then return true, now() end
  end, os.time),
  date = guarded(function(format, t)
    if t == nil then return false, format, now() end
  end, os.date),
}

-- base: no load, loadstring, dofile, loadfile, require, collectgarbage, print, warn.

local function finish_xpcall(handler, ok, ...)
  if ok then return true, ... end
  local _, result = pcall(handler, (...))
  return false, result
end

local base = {
  _VERSION = G._VERSION,
  assert = G.assert,
  error = error,
  getmetatable = G.getmetatable,
  ipairs = G.ipairs,
  next = next,
  pairs = G.pairs,
  pcall = pcall,
  rawequal = G.rawequal,
  rawget = rawget,
  rawlen = G.rawlen,
  select = select,
  tonumber = tonumber,
  tostring = G.tostring,
  type = type,
  rawset = guarded(function(t)
    if frozen[t] then error("rawset: the table is read-only", 3) end
  end, G.rawset),
  -- __gc metamethods run inside the collector with hooks disabled: out of every budget.
  setmetatable = guarded(function(_, mt)
    if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
      error("setmetatable: __gc metamethods are not allowed in plugins", 3)
    end
  end, setmetatable),
  -- A message handler runs with hooks disabled when a budget error unwinds, so the
  -- handler is called after unwinding instead; it gets the error object, no traceback.
  xpcall = function(f, handler, ...)
    return finish_xpcall(handler, pcall(f, ...))
  end,
  coroutine = freeze(sandbox_coroutine),
  crm = freeze(host),
  math = freeze(math),
  os = freeze(sandbox_os),
  string = freeze(string),
  table = freeze(table),
  utf8 = freeze(G.utf8),
}

return { __index = base, __metatable = false }
"""#
}
