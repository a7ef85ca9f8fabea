-- One history for SQLite and PostgreSQL. Where the dialects differ, a placeholder set by
-- dev.outpost.store.Database fills in the dialect's words: ${id_pk} is the auto-numbered key.
-- Times are epoch milliseconds (UTC) in BIGINT: the same in both databases, cheap to compare.

CREATE TABLE sites (
    id         ${id_pk},
    domain     TEXT   NOT NULL UNIQUE,
    name       TEXT   NOT NULL,
    timezone   TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

-- Every host that counts as the site: its domain and its aliases.
CREATE TABLE site_hosts (
    host     TEXT   PRIMARY KEY,
    site_id  BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    is_alias BOOLEAN NOT NULL
);
CREATE INDEX site_hosts_site ON site_hosts (site_id);

-- The daily random salt of visitor ids, shared by all nodes. Rows older than a day are deleted,
-- so yesterday's ids cannot be recomputed.
CREATE TABLE salts (
    day  TEXT PRIMARY KEY,
    salt TEXT NOT NULL
);

CREATE TABLE events (
    id             ${id_pk},
    site_id        BIGINT  NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    ts             BIGINT  NOT NULL,
    name           TEXT    NOT NULL,
    host           TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    title          TEXT,
    referrer       TEXT,
    referrer_host  TEXT,
    channel        TEXT    NOT NULL,
    network        TEXT,
    source         TEXT,
    utm_source     TEXT,
    utm_medium     TEXT,
    utm_campaign   TEXT,
    utm_content    TEXT,
    utm_term       TEXT,
    click_id       TEXT,
    browser        TEXT,
    os             TEXT,
    device         TEXT,
    screen_width   INTEGER,
    visitor_id     TEXT    NOT NULL,
    props          TEXT,
    -- Money is exact: millionths of the currency unit, never a float.
    revenue_micros BIGINT,
    revenue_currency TEXT,
    engaged_ms     INTEGER,
    scroll_depth   INTEGER
);
CREATE INDEX events_site_ts ON events (site_id, ts);

-- What the bot filter dropped, per site, day and reason, so the owner can see why.
CREATE TABLE drops (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    day     TEXT   NOT NULL,
    reason  TEXT   NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (site_id, day, reason)
);
