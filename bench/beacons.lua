-- wrk script for bench/ingest.sh: posts realistic, varied beacons.
--
-- Traffic shape: a steady stream of new visitors, each making a visit of three beacons (a
-- pageview, an engagement event, a second pageview or a purchase), spread over the run the way
-- real visits are: between a visitor's beacons come thousands of other visitors' beacons, so the
-- server must find the open visit again. Pages, referrers, UTM tags, click ids and user agents
-- vary. Requests are built once at start; per request only the visitor's address (the trusted
-- X-Forwarded-For) is filled in, so wrk spends its time sending, not formatting.

local site = os.getenv("BENCH_SITE") or "bench.example"
local SLOTS = 3000        -- visitors in flight at once
local PHASES = 3          -- beacons per visit

local uas = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/441.0.0.33.113]",
  "Mozilla/5.0 (Linux; Android 13; SM-S911B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Mobile Safari/537.36 Instagram 309.1.0.41.113 Android",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
}
local referrers = {
  "", "", "", "https://t.co/", "https://l.facebook.com/", "https://www.google.com/", "https://www.reddit.com/",
  "https://news.ycombinator.com/", "https://www.linkedin.com/", "https://chatgpt.com/", "https://duckduckgo.com/",
  "https://mastodon.social/", "https://bsky.app/", "https://some-blog.example/post/1", "android-app://com.reddit.frontpage/",
}
local queries = {
  "", "", "", "?utm_source=fb&utm_medium=social&utm_campaign=launch", "?utm_source=newsletter&utm_medium=email",
  "?fbclid=IwAR0abcdef", "?gclid=Cj0KCQ", "?utm_source=chatgpt.com", "?ref=hn", "?utm_source=x&utm_content=thread-1",
}

local function body(phase, slot)
  local page = "/blog/post-" .. math.random(1, 300)
  if phase == 1 then
    return string.format('{"site":"%s","name":"pageview","url":"https://%s%s%s","referrer":"%s","title":"Post %d","screen_width":%d}',
      site, site, page, queries[math.random(#queries)], referrers[math.random(#referrers)], slot,
      ({390, 1280, 1440, 1920, 768})[math.random(5)])
  elseif phase == 2 then
    return string.format('{"site":"%s","name":"engagement","url":"https://%s%s","engaged_ms":%d,"scroll_depth":%d}',
      site, site, page, math.random(500, 120000), math.random(0, 100))
  elseif math.random() < 0.15 then
    return string.format('{"site":"%s","name":"purchase","url":"https://%s/checkout/done","props":{"plan":"pro"},"revenue":{"amount":"%d.90","currency":"EUR"}}',
      site, site, math.random(5, 99))
  end
  return string.format('{"site":"%s","name":"pageview","url":"https://%s/pricing","referrer":"https://%s%s","title":"Pricing","screen_width":1280}',
    site, site, site, page)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  -- Each thread gets its own visitor numbers, so two threads never share a visitor.
  base = math.random(0, 1000) * 1000000
  parts = {}
  for phase = 1, PHASES do
    parts[phase] = {}
    for slot = 1, SLOTS do
      local req = wrk.format("POST", "/api/event", {
        ["Content-Type"] = "text/plain;charset=UTF-8",
        ["User-Agent"] = uas[(slot % #uas) + 1],
        ["X-Forwarded-For"] = "@IP@",
      }, body(phase, slot))
      local at = req:find("@IP@", 1, true)
      parts[phase][slot] = {req:sub(1, at - 1), req:sub(at + 4)}
    end
  end
  n = 0
end

function request()
  local slot = n % SLOTS
  local round = math.floor(n / SLOTS)
  local phase = round % PHASES
  -- The same slot keeps its visitor for PHASES rounds, then a new visitor takes it.
  local visitor = base + slot + SLOTS * math.floor(round / PHASES)
  n = n + 1
  local ip = string.format("10.%d.%d.%d", math.floor(visitor / 62500) % 250, math.floor(visitor / 250) % 250, visitor % 250 + 1)
  local p = parts[phase + 1][slot + 1]
  return p[1] .. ip .. p[2]
end

-- No response() callback: it would make wrk parse every body in Lua and take CPU from the server
-- on this shared machine. Every answer that is not a 2xx is counted by wrk as a status error; the
-- script's caller reads the server's own accepted count and checks it against what was stored.
function done(summary, latency, requests)
  local a = summary.requests - summary.errors.status
  local secs = summary.duration / 1e6
  io.write(string.format("BENCH accepted=%d rejected=%d seconds=%.1f accepted_per_s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    a, summary.errors.status, secs, a / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
