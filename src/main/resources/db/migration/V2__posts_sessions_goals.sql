-- Posts on the owner's outposts, their tracked links and clicks; visits (sessions) with the post
-- that brought them; goals and server-side conversions.

CREATE TABLE posts (
    id              ${id_pk},
    site_id         BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    network         TEXT   NOT NULL,
    network_post_id TEXT,
    url             TEXT   NOT NULL,
    title           TEXT,
    published_at    BIGINT NOT NULL,
    campaign        TEXT,
    slug            TEXT   NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL
);
CREATE INDEX posts_site ON posts (site_id, published_at);

-- The landing URLs on the owner's site a post links to; path is the URL's path, for matching.
CREATE TABLE post_targets (
    post_id  BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT    NOT NULL,
    path     TEXT    NOT NULL,
    PRIMARY KEY (post_id, position)
);

-- Follows of a tracked link /go/{slug} by people (bots, HEAD and link-preview fetches are not clicks).
CREATE TABLE clicks (
    id            ${id_pk},
    post_id       BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    ts            BIGINT NOT NULL,
    visitor_id    TEXT   NOT NULL,
    referrer_host TEXT
);
CREATE INDEX clicks_post ON clicks (post_id, ts);

-- A visit: one visitor's events with gaps under 30 minutes. Its source is its entry's.
CREATE TABLE sessions (
    id           ${id_pk},
    site_id      BIGINT  NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    visitor_id   TEXT    NOT NULL,
    started_at   BIGINT  NOT NULL,
    last_seen    BIGINT  NOT NULL,
    entry_path   TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    network      TEXT,
    source       TEXT,
    utm_source   TEXT,
    utm_medium   TEXT,
    utm_campaign TEXT,
    utm_content  TEXT,
    utm_term     TEXT,
    post_id      BIGINT,
    post_match   TEXT,
    pageviews    INTEGER NOT NULL,
    events       INTEGER NOT NULL,
    engaged_ms   BIGINT  NOT NULL
);
-- Without last_seen: a visit's last_seen changes with every event, and an index on it would too.
CREATE INDEX sessions_visitor ON sessions (site_id, visitor_id);
CREATE INDEX sessions_site_start ON sessions (site_id, started_at);

ALTER TABLE events ADD COLUMN session_id BIGINT;
ALTER TABLE events ADD COLUMN post_id BIGINT;
ALTER TABLE events ADD COLUMN post_match TEXT;

-- A goal: an event name, or a pageview path pattern ('*' wildcard), with an optional fixed value.
CREATE TABLE goals (
    id           ${id_pk},
    site_id      BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    event_name   TEXT,
    path_pattern TEXT,
    value_micros BIGINT,
    currency     TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (site_id, name)
);

-- Server-side conversions already counted, by the caller's idempotency key (e.g. an order id).
CREATE TABLE conversion_keys (
    site_id  BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    idem_key TEXT   NOT NULL,
    event_ts BIGINT NOT NULL,
    PRIMARY KEY (site_id, idem_key)
);
