-- Who may use the report pages and the API: users, their sign-in sessions, API keys and shared
-- dashboard links. Secrets (session cookies, API keys, share tokens) are kept only as SHA-256 hex,
-- so a copy of the database lets nobody sign in, call the API or open a shared dashboard.

-- Passwords are PBKDF2 strings that name their own algorithm and work factor (see access.Passwords).
CREATE TABLE users (
    id            ${id_pk},
    email         TEXT   NOT NULL UNIQUE,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);

-- The first admin claims the server exactly once: the one allowed key (id = 1) makes a second setup
-- racing the first fail on insert, on any node.
CREATE TABLE setup_claim (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    user_id    BIGINT  NOT NULL REFERENCES users (id),
    claimed_at BIGINT  NOT NULL
);

-- Sign-in sessions (not visits: those are the sessions table). csrf is the token the session's forms carry.
CREATE TABLE login_sessions (
    token_hash TEXT   PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);
CREATE INDEX login_sessions_expiry ON login_sessions (expires_at);

-- scope is 'read' or 'admin'; prefix is the key's first characters, to tell keys apart in lists.
CREATE TABLE api_keys (
    id           ${id_pk},
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL,
    key_hash     TEXT   NOT NULL UNIQUE,
    scope        TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

-- Read-only links to one site's dashboard, for people without a sign-in.
CREATE TABLE share_links (
    id         ${id_pk},
    site_id    BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    prefix     TEXT   NOT NULL,
    token_hash TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX share_links_site ON share_links (site_id);
