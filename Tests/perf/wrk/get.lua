-- wrk script: GET a path (BENCH_PATH), or a contact search by a random two-letter prefix
-- from BENCH_PREFIXES (comma-separated) when that is set. Prints one JSON line of results.
local token = os.getenv("BENCH_TOKEN") or ""
local path = os.getenv("BENCH_PATH") or "/health"
local prefixes = {}
for prefix in string.gmatch(os.getenv("BENCH_PREFIXES") or "", "[^,]+") do table.insert(prefixes, prefix) end
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    failed = 0
end

function request()
    local target = path
    if #prefixes > 0 then
        target = "/api/v1/contacts?limit=50&q=" .. prefixes[math.random(1, #prefixes)]
    end
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    return wrk.format("GET", target, headers)
end

function response(status, headers, body)
    if status ~= 200 then failed = failed + 1 end
end

function done(summary, latency, requests)
    local failures = 0
    for _, thread in ipairs(threads) do failures = failures + (thread:get("failed") or 0) end
    io.write(string.format(
        '{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\n',
        summary.requests, summary.duration, failures,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
