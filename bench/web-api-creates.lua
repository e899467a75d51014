-- wrk script for bench/web-api.sh: creates of an email with 3 parties at full speed, the same document as
-- WebApiLoad.java's creates, each with a subject of its own. Every call carries the bearer token in $TOKEN.
-- An answer other than 204 is counted and printed at the end (wrk itself only counts non-2xx/3xx answers).

local threads = {}
-- Globals, so that done() can read each thread's count with thread:get.
counter = 0
wrong = 0

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
    counter = counter + 1
    local body = string.format('{"subject":"Benchmark %d-%d","description":"<p>Load</p>",'
        .. '"email_activity_parties":['
        .. '{"participationtypemask":1,"addressused":"sender@mailroom.local"},'
        .. '{"participationtypemask":2,"addressused":"to@example.com"},'
        .. '{"participationtypemask":3,"addressused":"cc@example.com"}]}', id, counter)
    return wrk.format(nil, "/api/data/v9.2/emails", nil, body)
end

function response(status, headers, body)
    if status ~= 204 then
        wrong = wrong + 1
        if wrong == 1 then
            io.stderr:write("create answered " .. status .. ": " .. body .. "\n")
        end
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("wrong")
    end
    io.write(string.format("answers other than 204: %d\n", total))
end
