-- wrk script: POST one new contact per request for the run's duration.
-- Prints one JSON line with the run's counts and latency percentiles (microseconds).
local token = os.getenv("BENCH_TOKEN") or ""
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("tid", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    sent = 0
    failed = 0
end

function request()
    sent = sent + 1
    local body = string.format(
        '{"first_name":"Bench%d","last_name":"Load%d","email":"bench.%d.%d.%d@example.com","tags":["bench"]}',
        sent, tid, tid, sent, math.random(1, 1000000000))
    return wrk.format("POST", "/api/v1/contacts",
        {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
    if status ~= 201 then failed = failed + 1 end
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
