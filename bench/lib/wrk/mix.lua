-- The bench mix (bench/lib/mix.ts) for wrk, one thread (`wrk -t1`), closed loop. Driven by
-- bench/lib/wrk-load.ts, which passes everything after `--`:
--   mode        "reference" (stateful: prepared slots, dependent steps) or "stateless" (bare, Prism)
--   token apiKey slotsFile firstPhone
--   then for each kind (initialize completeWrong completeRight getVerified resend): method before after
--   (the operation's method and its path around its one parameter, read from the spec by the driver).
-- wrk hands out a request whenever a connection is free and tells the answer without saying to
-- which request it belongs, so a step that depends on an earlier answer (complete the phone just
-- initialized, get the phone just verified) is fed from a queue that the answers fill: each request
-- carries `X-Request-ID: <kind>:<key>` (20-200 bytes: the reference echoes it, CONTRACT.md).
-- `done` prints one line `WRK-JSON {…}` after wrk's own summary: wrk's figures and the counters.

local KINDS = { "initialize", "completeWrong", "completeRight", "getVerified", "resend" }
local WRONG_CODE = 1000

local mode, token, apiKey, nextPhone
local routes = {}
local slots = {}
local nextSlot, nextResend = 1, 1
local turn = 0
-- Queues of keys whose answer arrived: phones initialized, slot indices verified.
local initialized, verified = { head = 1, tail = 0 }, { head = 1, tail = 0 }
local counts = {}
local sampleList = {}
-- Globals, which `done` reads from each thread's Lua state with thread:get: numbers and strings
-- only (wrk 4.1 crashes copying nested tables).
unexpected, expectedNon2xx, poolExhausted, samples = 0, 0, 0, ""

local function push(q, v)
  q.tail = q.tail + 1
  q[q.tail] = v
end

local function pop(q)
  if q.head > q.tail then return nil end
  local v = q[q.head]
  q[q.head] = nil
  q.head = q.head + 1
  return v
end

local function fresh()
  nextPhone = nextPhone + 1
  return string.format("+380%09d", nextPhone - 1)
end

function init(args)
  mode, token, apiKey = args[1], args[2], args[3]
  local slotsFile = args[4]
  nextPhone = tonumber(args[5])
  for i, kind in ipairs(KINDS) do
    local at = 5 + (i - 1) * 3
    routes[kind] = { method = args[at + 1], before = args[at + 2], after = args[at + 3] }
    counts[kind] = {}
  end
  if mode == "reference" then
    for line in io.lines(slotsFile) do
      local phone, code, pr = line:match("^(%S+) (%d+) (%S+)$")
      if phone ~= nil then slots[#slots + 1] = { phone = phone, code = code, pr = pr } end
    end
  end
end

local function format(kind, param, body, id)
  local r = routes[kind]
  local headers = { ["Authorization"] = "Bearer " .. token, ["api-key"] = apiKey }
  if body ~= nil then headers["Content-Type"] = "application/json" end
  if id ~= nil then headers["X-Request-ID"] = id end
  return wrk.format(r.method, r.before .. (param or "") .. r.after, headers, body)
end

local function slot()
  local s = slots[nextSlot]
  if s == nil then
    poolExhausted = poolExhausted + 1
    return nil
  end
  nextSlot = nextSlot + 1
  return nextSlot - 1
end

local function initialize()
  local phone = fresh()
  return format("initialize", nil, '{"phone_number":"' .. phone .. '"}', "initialize:" .. phone)
end

local function stateful(kind)
  if kind == "initialize" then return initialize() end
  if kind == "completeWrong" then
    local phone = pop(initialized)
    if phone == nil then return initialize() end
    return format(kind, phone, '{"code":' .. WRONG_CODE .. "}", "completeWrong:" .. phone)
  end
  if kind == "completeRight" then
    local i = slot()
    if i == nil then return initialize() end
    return format(kind, slots[i].phone, '{"code":' .. slots[i].code .. "}", "completeRight:" .. i .. ":padpadpad")
  end
  if kind == "getVerified" then
    local i = pop(verified)
    if i == nil then return initialize() end
    return format(kind, slots[i].phone, nil, "getVerified:" .. i .. ":padpadpadpad")
  end
  -- resend: each prepared slot once, so each person request (one per 5 slots) gets 5 resends.
  local s = slots[nextResend]
  if s == nil then
    poolExhausted = poolExhausted + 1
    return initialize()
  end
  nextResend = nextResend + 1
  return format(kind, s.pr, nil, "resend:" .. (nextResend - 1) .. ":padpadpadpadpad")
end

local function stateless(kind)
  local phone = fresh()
  if kind == "initialize" then return format(kind, nil, '{"phone_number":"' .. phone .. '"}') end
  if kind == "completeWrong" or kind == "completeRight" then return format(kind, phone, '{"code":1234}') end
  if kind == "getVerified" then return format(kind, phone) end
  return format(kind, "00000000-0000-4000-8000-000000000001")
end

function request()
  turn = turn % #KINDS + 1
  if mode == "reference" then return stateful(KINDS[turn]) end
  return stateless(KINDS[turn])
end

local EXPECTED = { initialize = 200, completeWrong = 403, completeRight = 200, getVerified = 200, resend = 200 }

local function count(kind, status, body)
  local byStatus = counts[kind]
  byStatus[status] = (byStatus[status] or 0) + 1
  local expected = 200
  if mode == "reference" then expected = EXPECTED[kind] end
  if status == expected then
    if status >= 300 then expectedNon2xx = expectedNon2xx + 1 end
    return true
  end
  unexpected = unexpected + 1
  if #sampleList < 5 then
    sampleList[#sampleList + 1] = kind .. " -> " .. status .. " " .. (body or ""):sub(1, 200)
    samples = table.concat(sampleList, "\n")
  end
  return false
end

function response(status, headers, body)
  if mode ~= "reference" then
    count("any", status, body)
    return
  end
  local id = headers["x-request-id"] or headers["X-Request-ID"] or ""
  local kind, key = id:match("^(%a+):([^:]+)")
  if kind == nil or counts[kind] == nil then
    count("unknown", status, body)
    return
  end
  if count(kind, status, body) then
    if kind == "initialize" then push(initialized, key) end
    if kind == "completeRight" then push(verified, tonumber(key)) end
  end
end
counts.any, counts.unknown = {}, {}

-- Each thread's counters, read back in `done` (which runs in wrk's main Lua state).
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function json(v)
  if type(v) == "table" then
    local parts = {}
    if #v > 0 then
      for _, x in ipairs(v) do parts[#parts + 1] = json(x) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    for k, x in pairs(v) do parts[#parts + 1] = quote(tostring(k)) .. ":" .. json(x) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  if type(v) == "string" then return quote(v) end
  return tostring(v)
end

function done(summary, latency, _requests)
  local out = {
    requests = summary.requests,
    durationUs = summary.duration,
    connectErrors = summary.errors.connect,
    readErrors = summary.errors.read,
    writeErrors = summary.errors.write,
    timeouts = summary.errors.timeout,
    nonHttpStatus = summary.errors.status,
    p50Us = latency:percentile(50),
    p99Us = latency:percentile(99),
    maxUs = latency.max,
    -- CPU seconds of the whole wrk process (every thread), for its CPU per request.
    cpuSeconds = os.clock(),
    threads = {},
  }
  for i, thread in ipairs(threads) do
    out.threads[i] = {
      unexpected = thread:get("unexpected"),
      expectedNon2xx = thread:get("expectedNon2xx"),
      poolExhausted = thread:get("poolExhausted"),
      samples = thread:get("samples"),
    }
  end
  io.write("WRK-JSON " .. json(out) .. "\n")
end
