-- The first schema of ffprobe-api (Postgres). Times are TIMESTAMPTZ
-- (microseconds); NULL where a time is optional. JSON documents are JSONB.
-- IDs that order pages use the "C" collation, so keyset order is byte
-- order. River's job tables are not here yet: they arrive with the worker,
-- in their own migration.

-- +goose Up
CREATE TABLE users (
    id            TEXT    PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL UNIQUE, -- store.UsernameKey(username)
    password_hash TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    disabled      BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT    PRIMARY KEY,
    user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL DEFAULT '',
    prefix       TEXT    NOT NULL UNIQUE,
    hash         TEXT    NOT NULL UNIQUE,
    role         TEXT    NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);

CREATE TABLE sessions (
    id                  TEXT    PRIMARY KEY,
    user_id             TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id           TEXT    NOT NULL,
    token_hash          TEXT    NOT NULL UNIQUE,
    parent_id           TEXT    NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    last_used_at        TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    absolute_expires_at TIMESTAMPTZ NOT NULL,
    revoked_at          TIMESTAMPTZ,
    used_at             TIMESTAMPTZ
);
CREATE INDEX sessions_family ON sessions (family_id);
CREATE INDEX sessions_user ON sessions (user_id, created_at);
CREATE INDEX sessions_absolute_expiry ON sessions (absolute_expires_at);

CREATE TABLE analyses (
    id              TEXT    COLLATE "C" PRIMARY KEY,
    owner_id        TEXT    REFERENCES users (id) ON DELETE CASCADE, -- NULL: the local CLI
    source_kind     TEXT    NOT NULL CHECK (source_kind IN ('upload', 'path', 'url', 'scan')),
    source_key      TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL DEFAULT '',
    options_hash    TEXT    NOT NULL DEFAULT '',
    ffprobe_version TEXT    NOT NULL DEFAULT '',
    file_size       BIGINT  NOT NULL DEFAULT 0,
    file_mod_time   TIMESTAMPTZ,
    status          TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
    error           TEXT    NOT NULL DEFAULT '',
    container       TEXT    NOT NULL DEFAULT '',
    video_codec     TEXT    NOT NULL DEFAULT '',
    audio_codec     TEXT    NOT NULL DEFAULT '',
    duration        DOUBLE PRECISION NOT NULL DEFAULT 0,
    bit_rate        BIGINT  NOT NULL DEFAULT 0,
    summary         JSONB,
    report          JSONB,
    policy_result   JSONB,
    bytes_fetched   BIGINT  NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL
);
-- Keyset pagination, newest first, for everyone and per owner.
CREATE INDEX analyses_created ON analyses (created_at, id);
CREATE INDEX analyses_owner_created ON analyses (owner_id, created_at, id);
-- The CLI scan cache: one row per owner, path and options.
CREATE UNIQUE INDEX analyses_scan_key ON analyses (coalesce(owner_id, ''), source_key, options_hash)
    WHERE source_kind = 'scan';
-- The server's cache: same bytes, same options, same ffprobe.
CREATE INDEX analyses_content ON analyses (content_hash, options_hash, ffprobe_version)
    WHERE content_hash <> '';

CREATE TABLE audit_events (
    id          TEXT COLLATE "C" PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    details     JSONB
);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at, id);
CREATE INDEX audit_events_actor ON audit_events (actor, occurred_at, id);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE analyses;
DROP TABLE sessions;
DROP TABLE api_keys;
DROP TABLE users;
