-- bench/load/mix.lua - one wrk client of bench/load/mix.sh: MODE (from the
-- environment) chooses what it asks, and every answer's status is counted so
-- the summary can tell rate limits (429) from errors.
--   public  the public pages: a district pack, the front door, /crime, /figures
--   staff   a staff session's pages: the front door, a list, a record
--   write   staff writes: API PATCH and form saves of one person, API creates
--   signin  signing in (the form post, from one anonymous cookie)
local mode = os.getenv("MODE") or "public"
local pack = os.getenv("PACK") or "/crime/pack/E07000129"
local session = os.getenv("STAFF_COOKIE") or ""
local token = os.getenv("STAFF_TOKEN") or ""
local person = os.getenv("PERSON_ID") or "1"
local form_csrf = os.getenv("FORM_CSRF") or ""
local anon = os.getenv("ANON_COOKIE") or ""
local anon_csrf = os.getenv("ANON_CSRF") or ""
local account = os.getenv("SIGNIN_NAME") or "bench"
local password = os.getenv("SIGNIN_PASSWORD") or ""

local threads = {}
function setup(thread)
    table.insert(threads, thread)
end

local n = 0
c2, c3, c4xx, c429, c5 = 0, 0, 0, 0, 0

local function enc(s)
    return (s:gsub("[^%w%-%._~]", function(ch) return string.format("%%%02X", string.byte(ch)) end))
end

function request()
    n = n + 1
    if mode == "public" then
        local k = n % 10
        if k < 5 then return wrk.format("GET", pack) end
        if k < 7 then return wrk.format("GET", "/") end
        if k < 9 then return wrk.format("GET", "/crime") end
        return wrk.format("GET", "/figures")
    elseif mode == "staff" then
        local h = {["Cookie"] = session}
        local k = n % 4
        if k == 0 then return wrk.format("GET", "/", h) end
        if k == 1 then return wrk.format("GET", "/records/person", h) end
        if k == 2 then return wrk.format("GET", "/records/person/" .. person, h) end
        return wrk.format("GET", "/crime/pack/E07000129", h)
    elseif mode == "write" then
        local k = n % 4
        if k == 0 or k == 1 then
            return wrk.format("PATCH", "/api/v1/person/" .. person,
                {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
                '{"role": "Load test ' .. n .. '"}')
        elseif k == 2 then
            return wrk.format("POST", "/records/person/" .. person,
                {["Cookie"] = session, ["Content-Type"] = "application/x-www-form-urlencoded"},
                "csrf=" .. enc(form_csrf) .. "&name=Load+Person&role=" .. enc("Form save " .. n))
        end
        return wrk.format("POST", "/api/v1/person",
            {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"},
            '{"name": "Load person ' .. n .. '-' .. math.random(1e9) .. '", "role": "Created"}')
    end
    return wrk.format("POST", "/signin",
        {["Cookie"] = anon, ["Content-Type"] = "application/x-www-form-urlencoded"},
        "csrf=" .. enc(anon_csrf) .. "&name=" .. enc(account) .. "&password=" .. enc(password))
end

function response(status, headers, body)
    if status == 429 then c429 = c429 + 1
    elseif status >= 500 then c5 = c5 + 1
    elseif status >= 400 then c4xx = c4xx + 1
    elseif status >= 300 then c3 = c3 + 1
    else c2 = c2 + 1 end
end

function done(summary, latency, requests)
    local t = {c2 = 0, c3 = 0, c4xx = 0, c429 = 0, c5 = 0}
    for _, th in ipairs(threads) do
        for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
    end
    io.write(string.format("STATUS %s 2xx=%d 3xx=%d 4xx=%d 429=%d 5xx=%d p50=%.2fms p99=%.2fms "
        .. "max=%.2fms\n", mode, t.c2, t.c3, t.c4xx, t.c429, t.c5,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
