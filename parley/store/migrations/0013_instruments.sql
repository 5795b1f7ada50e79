-- Instruments: the agreements, memoranda, plans, proposals, declarations, lists and programmes a
-- negotiation turns around, with their mentions, lifecycle steps and provisions. Every row that comes from
-- a report keeps the report and character span, like the other facts.

CREATE TABLE instruments (
    id        TEXT PRIMARY KEY,                -- readable, stable: russia-memorandum, build-with-ukraine
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL,                   -- agreement, memorandum, plan, proposal, declaration, list, programme, initiative
    owner_id  TEXT REFERENCES actors (id),     -- whose it is, where a report says ("Russia's memorandum")
    proper    TEXT,                            -- its proper name, where it has one
    topic     TEXT,                            -- what it is about: children, prisoners, bodies
    figure    TEXT,                            -- an exchange's figure: 1000, all-for-all ('' not yet known)
    first_date TEXT,                           -- earliest date stated: exchanges named without a figure bind to it
    parties    TEXT                            -- the sides of the talks its reports tell of: 'russia ukraine'
);
CREATE INDEX instruments_kind ON instruments (kind);
CREATE INDEX instruments_owner ON instruments (owner_id);

CREATE TABLE instrument_aliases (
    instrument_id TEXT NOT NULL REFERENCES instruments (id) ON DELETE CASCADE,
    alias         TEXT NOT NULL,
    PRIMARY KEY (instrument_id, alias)
);

CREATE TABLE instrument_mentions (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES instruments (id),
    text          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_mentions_instrument ON instrument_mentions (instrument_id, report_id);
CREATE INDEX instrument_mentions_report ON instrument_mentions (report_id);

CREATE TABLE instrument_steps (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES instruments (id),
    type          TEXT NOT NULL,               -- propose, hand_over, discuss, amend, agree, accept, reject, sign, implement, suspend
    date          TEXT,
    cue           TEXT NOT NULL,
    detail        TEXT,                        -- a stage's figures: "first stage: 390 for 390"
    fact_key      TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_steps_instrument ON instrument_steps (instrument_id, date);
CREATE INDEX instrument_steps_report ON instrument_steps (report_id);
CREATE INDEX instrument_steps_fact ON instrument_steps (fact_key);

CREATE TABLE instrument_step_actors (
    step_id  INTEGER NOT NULL REFERENCES instrument_steps (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors (id),
    part     TEXT NOT NULL CHECK (part IN ('actor', 'target')),
    ord      INTEGER NOT NULL,
    PRIMARY KEY (step_id, part, ord)
);
CREATE INDEX instrument_step_actors_actor ON instrument_step_actors (actor_id);

CREATE TABLE instrument_provisions (
    id            INTEGER PRIMARY KEY,
    report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL REFERENCES instruments (id),
    text          TEXT NOT NULL,
    issue         TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    sent_start    INTEGER NOT NULL,
    sent_end      INTEGER NOT NULL
);
CREATE INDEX instrument_provisions_instrument ON instrument_provisions (instrument_id);
CREATE INDEX instrument_provisions_report ON instrument_provisions (report_id);

-- Events that act on an instrument: the event's sentence names it.
CREATE TABLE instrument_events (
    instrument_id TEXT NOT NULL REFERENCES instruments (id),
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (instrument_id, event_id)
);
CREATE INDEX instrument_events_event ON instrument_events (event_id);
