-- parley's knowledge base on PostgreSQL: the schema SQLite reaches after its migrations 0001-0013, in one
-- file (there were no PostgreSQL databases before it). Later changes come as numbered files beside this
-- one, numbered as SQLite's; parley.store.postgres applies them under an advisory lock and records the
-- version in `schema_version`.
--
-- Differences from SQLite's schema, and why:
-- * Text columns collate "C": ORDER BY and comparisons go by code point, as SQLite's BINARY, whatever the
--   database's default collation is.
-- * Tables SQLite orders by insertion with its implicit `rowid` (report_sources, actors, aliases,
--   report_actors, copy_sources, instruments, instrument_aliases) have an explicit `rowid bigserial`: the
--   same queries work on both.
-- * Full-text search is a generated `search tsvector` column with a GIN index on reports and quotes,
--   not FTS5 tables and triggers (configuration 'simple': no stemming or stop words, like FTS5's default
--   tokenizer).
-- * Indexes on nullable columns sort NULL first, as SQLite does: the store's ORDER BY clauses say so
--   explicitly on PostgreSQL (parley.store.postgres.sqlite_null_order), and these indexes serve them.
-- * A SQLite index ends with the row id, so (date) orders by (date, id) for free: the PostgreSQL
--   indexes the store's `ORDER BY date, id` walks name `id` explicitly.
-- * Dates copied onto facts and the date precision are kept by PL/pgSQL triggers.

CREATE TABLE reports (
    id             BIGSERIAL PRIMARY KEY,
    key            TEXT COLLATE "C" NOT NULL UNIQUE,
    doc            TEXT COLLATE "C" NOT NULL,
    url            TEXT COLLATE "C",
    title          TEXT COLLATE "C",
    published      TEXT COLLATE "C",
    est_start      TEXT COLLATE "C",
    est_end        TEXT COLLATE "C",
    origin         TEXT COLLATE "C",
    text           TEXT COLLATE "C" NOT NULL,
    ingested_at    TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
    date_precision TEXT COLLATE "C",
    -- Indexed text capped at 1,000,000 characters: a tsvector holds at most 1 MB.
    search         tsvector GENERATED ALWAYS AS
                   (to_tsvector('simple', coalesce(title, '') || ' ' || left(text, 1000000))) STORED
);
CREATE INDEX reports_published ON reports (published NULLS FIRST, id);
CREATE INDEX reports_doc ON reports (doc);
CREATE INDEX reports_search ON reports USING gin (search);
CREATE INDEX reports_ingested_at ON reports (ingested_at);

CREATE TABLE report_sources (
    rowid     BIGSERIAL NOT NULL,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    source    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (report_id, source)
);
CREATE INDEX report_sources_source ON report_sources (source);
CREATE INDEX report_sources_order ON report_sources (report_id, rowid);

CREATE TABLE actors (
    rowid     BIGSERIAL NOT NULL UNIQUE,
    id        TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    kind      TEXT COLLATE "C" NOT NULL CHECK (kind IN ('person', 'organization', 'country')),
    country   TEXT COLLATE "C",
    name_key  TEXT COLLATE "C" NOT NULL,
    registry  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actors_kind ON actors (kind);
CREATE INDEX actors_name_key ON actors (name_key);

CREATE TABLE aliases (
    rowid     BIGSERIAL NOT NULL UNIQUE,
    actor_id  TEXT COLLATE "C" NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    alias     TEXT COLLATE "C" NOT NULL,
    alias_key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX aliases_key ON aliases (alias_key);

CREATE TABLE report_actors (
    rowid     BIGSERIAL NOT NULL,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    actor_id  TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    kind      TEXT COLLATE "C" NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (report_id, ord)
);
CREATE INDEX report_actors_actor ON report_actors (actor_id, rowid);
CREATE INDEX report_actors_actor_report ON report_actors (actor_id, report_id);

CREATE TABLE mentions (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id   TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    text       TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX mentions_actor ON mentions (actor_id, report_id);
CREATE INDEX mentions_report ON mentions (report_id);

CREATE TABLE roles (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor_id   TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    title      TEXT COLLATE "C" NOT NULL,
    title_key  TEXT COLLATE "C" NOT NULL,
    of_id      TEXT COLLATE "C" REFERENCES actors (id),
    former     INTEGER NOT NULL DEFAULT 0,
    fact_key   TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL,
    published  TEXT COLLATE "C"
);
CREATE INDEX roles_actor ON roles (actor_id);
CREATE INDEX roles_report ON roles (report_id);
CREATE INDEX roles_fact ON roles (fact_key);
CREATE INDEX roles_actor_title ON roles (actor_id, title_key);
CREATE INDEX roles_post_published ON roles (actor_id, title_key, published NULLS FIRST, report_id);
CREATE INDEX roles_post_report ON roles (actor_id, title_key, report_id);
CREATE INDEX roles_post_title_length ON roles (actor_id, title_key, length(title) DESC);
CREATE INDEX roles_post_of ON roles (actor_id, title_key, of_id NULLS FIRST);
CREATE INDEX roles_post_former ON roles (actor_id, title_key, former, published NULLS FIRST);
CREATE INDEX roles_post_holders ON roles (title_key, former, actor_id, of_id NULLS FIRST, published NULLS FIRST);

CREATE TABLE quotes (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    speaker_id TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    text       TEXT COLLATE "C" NOT NULL,
    fact_key   TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL,
    published  TEXT COLLATE "C",
    search     tsvector GENERATED ALWAYS AS (to_tsvector('simple', left(text, 1000000))) STORED
);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
CREATE INDEX quotes_report ON quotes (report_id);
CREATE INDEX quotes_fact ON quotes (fact_key);
CREATE INDEX quotes_published ON quotes (published NULLS FIRST, id);
CREATE INDEX quotes_speaker_published ON quotes (speaker_id, published NULLS FIRST, id);
CREATE INDEX quotes_search ON quotes USING gin (search);

CREATE TABLE events (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    type       TEXT COLLATE "C" NOT NULL,
    date       TEXT COLLATE "C",
    place      TEXT COLLATE "C",
    cue        TEXT COLLATE "C" NOT NULL,
    fact_key   TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL
);
CREATE INDEX events_type_date ON events (type, date NULLS FIRST, id);
CREATE INDEX events_date ON events (date NULLS FIRST, id);
CREATE INDEX events_report ON events (report_id);
CREATE INDEX events_fact ON events (fact_key);
CREATE INDEX events_fact_report ON events (fact_key, report_id);

CREATE TABLE event_participants (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    actor_id TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    part     TEXT COLLATE "C" NOT NULL CHECK (part IN ('actor', 'target')),
    ord      INTEGER NOT NULL,
    PRIMARY KEY (event_id, part, ord)
);
CREATE INDEX event_participants_actor ON event_participants (actor_id, event_id);

CREATE TABLE positions (
    id         BIGSERIAL PRIMARY KEY,
    report_id  BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    holder_id  TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    issue      TEXT COLLATE "C" NOT NULL,
    stance     TEXT COLLATE "C" NOT NULL CHECK (stance IN ('support', 'oppose')),
    fact_key   TEXT COLLATE "C" NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    sent_start INTEGER NOT NULL,
    sent_end   INTEGER NOT NULL,
    published  TEXT COLLATE "C"
);
CREATE INDEX positions_issue ON positions (issue, stance);
CREATE INDEX positions_holder ON positions (holder_id);
CREATE INDEX positions_report ON positions (report_id);
CREATE INDEX positions_fact ON positions (fact_key);
CREATE INDEX positions_stance_published ON positions (holder_id, issue, stance, published NULLS FIRST);
CREATE INDEX positions_stance_report ON positions (holder_id, issue, stance, report_id);

-- Facts keep their report's date (SQLite's 0005 and 0010); the report's date precision (0009).
CREATE FUNCTION parley_fact_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.published IS NULL THEN
        NEW.published := (SELECT r.published FROM reports r WHERE r.id = NEW.report_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER roles_published BEFORE INSERT ON roles
    FOR EACH ROW EXECUTE FUNCTION parley_fact_published();
CREATE TRIGGER positions_published BEFORE INSERT ON positions
    FOR EACH ROW EXECUTE FUNCTION parley_fact_published();
CREATE TRIGGER quotes_published BEFORE INSERT ON quotes
    FOR EACH ROW EXECUTE FUNCTION parley_fact_published();

CREATE FUNCTION parley_report_published_copies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE roles SET published = NEW.published WHERE report_id = NEW.id;
    UPDATE positions SET published = NEW.published WHERE report_id = NEW.id;
    UPDATE quotes SET published = NEW.published WHERE report_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER reports_published_copies AFTER UPDATE OF published ON reports
    FOR EACH ROW WHEN (NEW.published IS DISTINCT FROM OLD.published)
    EXECUTE FUNCTION parley_report_published_copies();

CREATE FUNCTION parley_date_precision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.date_precision := CASE WHEN NEW.published IS NOT NULL THEN 'day'
                               WHEN NEW.est_end IS NOT NULL THEN 'estimated' END;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_date_precision BEFORE INSERT OR UPDATE OF published, est_start, est_end ON reports
    FOR EACH ROW EXECUTE FUNCTION parley_date_precision();

CREATE TABLE report_negotiations (
    negotiation_id TEXT COLLATE "C" NOT NULL,
    report_id      BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    score          INTEGER NOT NULL,
    reason         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (negotiation_id, report_id)
);
CREATE INDEX report_negotiations_report ON report_negotiations (report_id);

CREATE TABLE negotiation_data (
    fingerprint TEXT COLLATE "C" NOT NULL
);

CREATE TABLE copies (
    id          BIGSERIAL PRIMARY KEY,
    report_id   BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key         TEXT COLLATE "C" NOT NULL UNIQUE,
    doc         TEXT COLLATE "C" NOT NULL,
    url         TEXT COLLATE "C",
    title       TEXT COLLATE "C",
    outlet      TEXT COLLATE "C",
    published   TEXT COLLATE "C",
    origin      TEXT COLLATE "C",
    similarity  DOUBLE PRECISION NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
);
CREATE INDEX copies_report ON copies (report_id);

CREATE TABLE copy_sources (
    rowid   BIGSERIAL NOT NULL,
    copy_id BIGINT NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    source  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (copy_id, source)
);

CREATE TABLE report_signatures (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    num_perm  INTEGER NOT NULL,
    signature BYTEA NOT NULL,
    shingles  INTEGER NOT NULL,
    words     INTEGER NOT NULL
);

CREATE TABLE feeds (
    url           TEXT COLLATE "C" PRIMARY KEY,
    etag          TEXT COLLATE "C",
    last_modified TEXT COLLATE "C",
    title         TEXT COLLATE "C",
    polled_at     TEXT COLLATE "C",
    items_seen    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
    feed      TEXT COLLATE "C" NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    item      TEXT COLLATE "C" NOT NULL,
    link      TEXT COLLATE "C",
    outcome   TEXT COLLATE "C" NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 1,
    report_id BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    seen_at   TEXT COLLATE "C" NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
    PRIMARY KEY (feed, item)
);

CREATE TABLE instruments (
    rowid      BIGSERIAL NOT NULL UNIQUE,
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    owner_id   TEXT COLLATE "C" REFERENCES actors (id),
    proper     TEXT COLLATE "C",
    topic      TEXT COLLATE "C",
    figure     TEXT COLLATE "C",
    first_date TEXT COLLATE "C",
    parties    TEXT COLLATE "C"
);
CREATE INDEX instruments_kind ON instruments (kind);
CREATE INDEX instruments_owner ON instruments (owner_id);

CREATE TABLE instrument_aliases (
    rowid         BIGSERIAL NOT NULL,
    instrument_id TEXT COLLATE "C" NOT NULL REFERENCES instruments (id) ON DELETE CASCADE,
    alias         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instrument_id, alias)
);

CREATE TABLE instrument_mentions (
    id            BIGSERIAL PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT COLLATE "C" NOT NULL REFERENCES instruments (id),
    text          TEXT COLLATE "C" NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_mentions_instrument ON instrument_mentions (instrument_id, report_id);
CREATE INDEX instrument_mentions_report ON instrument_mentions (report_id);

CREATE TABLE instrument_steps (
    id            BIGSERIAL PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT COLLATE "C" NOT NULL REFERENCES instruments (id),
    type          TEXT COLLATE "C" NOT NULL,
    date          TEXT COLLATE "C",
    cue           TEXT COLLATE "C" NOT NULL,
    detail        TEXT COLLATE "C",
    fact_key      TEXT COLLATE "C" NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_steps_instrument ON instrument_steps (instrument_id, date NULLS FIRST);
CREATE INDEX instrument_steps_report ON instrument_steps (report_id);
CREATE INDEX instrument_steps_fact ON instrument_steps (fact_key);

CREATE TABLE instrument_step_actors (
    step_id  BIGINT NOT NULL REFERENCES instrument_steps (id) ON DELETE CASCADE,
    actor_id TEXT COLLATE "C" NOT NULL REFERENCES actors (id),
    part     TEXT COLLATE "C" NOT NULL CHECK (part IN ('actor', 'target')),
    ord      INTEGER NOT NULL,
    PRIMARY KEY (step_id, part, ord)
);
CREATE INDEX instrument_step_actors_actor ON instrument_step_actors (actor_id);

CREATE TABLE instrument_provisions (
    id            BIGSERIAL PRIMARY KEY,
    report_id     BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT COLLATE "C" NOT NULL REFERENCES instruments (id),
    text          TEXT COLLATE "C" NOT NULL,
    issue         TEXT COLLATE "C",
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_provisions_instrument ON instrument_provisions (instrument_id);
CREATE INDEX instrument_provisions_report ON instrument_provisions (report_id);

CREATE TABLE instrument_events (
    instrument_id TEXT COLLATE "C" NOT NULL REFERENCES instruments (id),
    event_id      BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (instrument_id, event_id)
);
CREATE INDEX instrument_events_event ON instrument_events (event_id);
