-- Following the news as it happens (issue 11): syndicated copies folded into one report, the MinHash
-- signature of every stored report (so a later run finds copies of earlier reports), and what a feed
-- watcher has already seen (so a restart neither repeats nor misses an item).
-- `reports.ingested_at` (0001) already records when parley learned each report: "what changed" reads it.

-- A report whose text is a near-copy of a stored one (the same wire story under another headline, trimmed
-- or with a paragraph added) is not extracted again: it is a row here, pointing at the canonical report.
CREATE TABLE copies (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,  -- the canonical report
    key         TEXT NOT NULL UNIQUE,          -- SHA-256 of the copy's normalized text
    doc         TEXT NOT NULL,
    url         TEXT,
    title       TEXT,
    outlet      TEXT,                          -- who republished it: the site's name, else its host
    published   TEXT,
    origin      TEXT,
    similarity  REAL NOT NULL,                 -- estimated Jaccard similarity of word shingles
    ingested_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX copies_report ON copies (report_id);

-- Credited sources ("Reuters", "Ukrinform") named in a copy's text.
CREATE TABLE copy_sources (
    copy_id INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    source  TEXT NOT NULL,
    PRIMARY KEY (copy_id, source)
);

-- The MinHash signature of each stored report's word shingles (little-endian uint32 hash values).
CREATE TABLE report_signatures (
    report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    num_perm  INTEGER NOT NULL,
    signature BLOB NOT NULL,
    shingles  INTEGER NOT NULL,                -- distinct word shingles the signature was built from
    words     INTEGER NOT NULL
);

-- One row per watched feed: the validators of its last complete poll, for conditional requests.
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,            -- the feed's URL or file path, as given
    etag          TEXT,
    last_modified TEXT,
    title         TEXT,
    polled_at     TEXT,
    items_seen    INTEGER NOT NULL DEFAULT 0
);

-- Every feed item handled (stored, folded as a copy, already known, or given up on), by its id.
CREATE TABLE feed_items (
    feed      TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    item      TEXT NOT NULL,                   -- the entry's id, else its link, else a hash of its text
    link      TEXT,
    outcome   TEXT NOT NULL,                   -- new, copy, known, failed
    attempts  INTEGER NOT NULL DEFAULT 1,      -- a failed item is tried again on later polls, a few times
    report_id INTEGER REFERENCES reports (id) ON DELETE SET NULL,
    seen_at   TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (feed, item)
);
