-- wrk script for bench/ingest.sh: posts realistic, varied beacons and counts what was accepted.
-- Each thread pre-builds 2,000 requests (pages, referrers, UTM tags, click ids, user agents,
-- custom events with revenue) and cycles through them, so the server sees real variety and
-- wrk spends its time sending, not formatting.

local site = os.getenv("BENCH_SITE") or "bench.example"

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

function init(args)
  reqs = {}
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  for i = 1, 2000 do
    local path = "/blog/post-" .. math.random(1, 300) .. queries[math.random(#queries)]
    local body
    if math.random() < 0.1 then
      body = string.format('{"site":"%s","name":"purchase","url":"https://%s/checkout/done","props":{"plan":"pro"},"revenue":{"amount":"%d.90","currency":"EUR"}}',
        site, site, math.random(5, 99))
    else
      body = string.format('{"site":"%s","name":"pageview","url":"https://%s%s","referrer":"%s","title":"Post %d","screen_width":%d}',
        site, site, path, referrers[math.random(#referrers)], i, ({390, 1280, 1440, 1920, 768})[math.random(5)])
    end
    local headers = {
      ["Content-Type"] = "text/plain;charset=UTF-8",
      ["User-Agent"] = uas[math.random(#uas)],
      -- Many visitors: the trusted proxy header gives each request one of 50,000 client IPs.
      ["X-Forwarded-For"] = string.format("198.51.%d.%d", math.random(0, 195), math.random(1, 254)),
    }
    reqs[i] = wrk.format("POST", "/api/event", headers, body)
  end
  n = 0
end

function request()
  n = n + 1
  if n > #reqs then n = 1 end
  return reqs[n]
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
