-- parley's knowledge base. Every fact row points at the report and character span it came from.
-- Portable SQL where possible (PostgreSQL-ready); FTS5 tables are SQLite-only and live in 0002.

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,          -- SHA-256 of the normalized text: one row per report
    doc         TEXT NOT NULL,                 -- file name or source id, as exported in records
    url         TEXT,
    title       TEXT,
    published   TEXT,                          -- YYYY-MM-DD where the report states it
    est_start   TEXT,                          -- estimated window for undated reports
    est_end     TEXT,
    origin      TEXT,                          -- path (and line) it was read from
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX reports_published ON reports (published);
CREATE INDEX reports_doc ON reports (doc);

CREATE TABLE report_sources (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    source    TEXT NOT NULL,
    PRIMARY KEY (report_id, source)
);
CREATE INDEX report_sources_source ON report_sources (source);

CREATE TABLE actors (
    id        TEXT PRIMARY KEY,                -- readable, stable: rustem-umerov
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'country')),
    country   TEXT,                            -- the country id the actor belongs to, where known
    name_key  TEXT NOT NULL,                   -- transliteration-folded key of the canonical name
    registry  INTEGER NOT NULL DEFAULT 0       -- 1 when the actor comes from the registry
);
CREATE INDEX actors_kind ON actors (kind);
CREATE INDEX actors_name_key ON actors (name_key);

CREATE TABLE aliases (
    actor_id  TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX aliases_key ON aliases (alias_key);

-- The actors of one report in the order it names them, with the name it uses for each.
CREATE TABLE report_actors (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    actor_id  TEXT NOT NULL REFERENCES actors (id),
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (report_id, ord)
);
CREATE INDEX report_actors_actor ON report_actors (actor_id);

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX mentions_actor ON mentions (actor_id, report_id);
CREATE INDEX mentions_report ON mentions (report_id);

CREATE TABLE roles (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id   TEXT NOT NULL REFERENCES actors (id),
    title      TEXT NOT NULL,
    title_key  TEXT NOT NULL,                  -- normalized title: the same post however worded
    of_id      TEXT REFERENCES actors (id),
    former     INTEGER NOT NULL DEFAULT 0,
    fact_key   TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX roles_actor ON roles (actor_id);
CREATE INDEX roles_report ON roles (report_id);
CREATE INDEX roles_fact ON roles (fact_key);

CREATE TABLE quotes (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    speaker_id TEXT NOT NULL REFERENCES actors (id),
    text       TEXT NOT NULL,
    fact_key   TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
CREATE INDEX quotes_report ON quotes (report_id);
CREATE INDEX quotes_fact ON quotes (fact_key);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    date       TEXT,                           -- YYYY-MM-DD, YYYY-MM or YYYY
    place      TEXT,
    cue        TEXT NOT NULL,
    fact_key   TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX events_type_date ON events (type, date);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_report ON events (report_id);
CREATE INDEX events_fact ON events (fact_key);

CREATE TABLE event_participants (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors (id),
    part     TEXT NOT NULL CHECK (part IN ('actor', 'target')),
    ord      INTEGER NOT NULL,
    PRIMARY KEY (event_id, part, ord)
);
CREATE INDEX event_participants_actor ON event_participants (actor_id, event_id);

CREATE TABLE positions (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    holder_id  TEXT NOT NULL REFERENCES actors (id),
    issue      TEXT NOT NULL,
    stance     TEXT NOT NULL CHECK (stance IN ('support', 'oppose')),
    fact_key   TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX positions_issue ON positions (issue, stance);
CREATE INDEX positions_holder ON positions (holder_id);
CREATE INDEX positions_report ON positions (report_id);
CREATE INDEX positions_fact ON positions (fact_key);
