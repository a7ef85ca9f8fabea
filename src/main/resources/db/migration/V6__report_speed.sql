-- Report speed. What reports group visits by lives on the visit itself (no lookup of the entry
-- event per visit), and days are summed up ahead into rollup rows that the query engine adds up
-- (dev.outpost.report.query.Rollups explains the rows and why they are exact).

-- The entry event's User-Agent parts, written by the writer when it starts the visit.
ALTER TABLE sessions ADD COLUMN browser TEXT;
ALTER TABLE sessions ADD COLUMN os TEXT;
ALTER TABLE sessions ADD COLUMN device TEXT;

-- Existing visits take them from their entry event, exactly as reports looked them up until now.
UPDATE sessions SET
    browser = (SELECT e.browser FROM events e WHERE e.site_id = sessions.site_id AND e.ts = sessions.started_at
               AND e.session_id = sessions.id ORDER BY e.id LIMIT 1),
    os      = (SELECT e.os FROM events e WHERE e.site_id = sessions.site_id AND e.ts = sessions.started_at
               AND e.session_id = sessions.id ORDER BY e.id LIMIT 1),
    device  = (SELECT e.device FROM events e WHERE e.site_id = sessions.site_id AND e.ts = sessions.started_at
               AND e.session_id = sessions.id ORDER BY e.id LIMIT 1);

-- How far a site's rollup rows reach. Rows cover the visits that started before built_to (epoch
-- ms); the days are the site's days in the time zone they were built for. The writer lowers
-- valid_to when it changes a visit that started before built_to (a late event): rows from that
-- visit's day on are then not used until rebuilt. dirty_from is the earliest start of a visit the
-- writer changed since the builder last reset it, so a build that read stale visits is thrown away.
-- generation counts the restarts: what was computed from the visits of an earlier generation
-- (cached conversion credit) is not used again.
CREATE TABLE rollup_state (
    site_id    BIGINT PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    timezone   TEXT   NOT NULL,
    built_to   BIGINT NOT NULL,
    valid_to   BIGINT NOT NULL,
    dirty_from BIGINT NOT NULL,
    generation BIGINT NOT NULL
);

-- Visits summed by site, dimension, value and day. dim is '' for the totals, a visit dimension
-- ('channel', 'network', ..., 'device') or 'page'. day is the visit's start day and day2 the day
-- the row's pageviews happened (the same day but for pages viewed after midnight), both as days
-- since 1970-01-01 in the site's zone. prev is the start day of the same visitor's previous visit
-- with the same value (-1: none): a visitor counts in a range where prev falls before the range.
CREATE TABLE rollup_rows (
    site_id    BIGINT  NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    dim        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    day        INTEGER NOT NULL,
    day2       INTEGER NOT NULL,
    prev       INTEGER NOT NULL,
    visitors   BIGINT  NOT NULL,
    visits     BIGINT  NOT NULL,
    pageviews  BIGINT  NOT NULL,
    bounces    BIGINT  NOT NULL,
    engaged_ms BIGINT  NOT NULL,
    -- Visits the rows cannot count exactly (a page viewed before its visit began, say): a range
    -- that includes one is counted from the visits themselves.
    irregular  BIGINT  NOT NULL
);
CREATE INDEX rollup_rows_day ON rollup_rows (site_id, dim, day);
