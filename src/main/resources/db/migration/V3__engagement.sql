-- Engagement of posts on their networks: every reading of a post's counts (a time series, not only
-- the latest), and where each post's automatic fetching stands.

-- One reading. A NULL count is one the network does not tell (Hacker News has no shares), not zero.
-- source is 'fetch' (from the network's API) or 'manual' (entered by the owner).
CREATE TABLE engagement_snapshots (
    id       ${id_pk},
    post_id  BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    taken_at BIGINT NOT NULL,
    comments BIGINT,
    shares   BIGINT,
    likes    BIGINT,
    source   TEXT   NOT NULL
);
CREATE INDEX engagement_snapshots_post ON engagement_snapshots (post_id, taken_at);

-- Fetching of a post on a network with an open API. next_fetch_at NULL: no more automatic fetches
-- (past its 30 days, stopped, or deleted on the network). failures counts failures in a row; a node
-- takes a due post by moving next_fetch_at forward (a lease), so nodes never fetch a post twice.
CREATE TABLE engagement_state (
    post_id       BIGINT  PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    next_fetch_at BIGINT,
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    last_error_at BIGINT,
    last_read_at  BIGINT,
    deleted_at    BIGINT
);
CREATE INDEX engagement_state_due ON engagement_state (next_fetch_at);
