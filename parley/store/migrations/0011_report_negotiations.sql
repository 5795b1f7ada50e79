-- The negotiations each report attaches to (parley/data/negotiations.toml), with the evidence that attached
-- it. Derived data: recomputed from the stored reports whenever the negotiations data changes
-- (`negotiation_data` holds the fingerprint of the data the rows were computed from).
CREATE TABLE report_negotiations (
    negotiation_id TEXT NOT NULL,
    report_id      INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    score          INTEGER NOT NULL,          -- pieces of evidence: parties, aliases and own issues named
    reason         TEXT NOT NULL,             -- "parties russia, ukraine; alias Istanbul talks"
    PRIMARY KEY (negotiation_id, report_id)
);
CREATE INDEX report_negotiations_report ON report_negotiations (report_id);

CREATE TABLE negotiation_data (
    fingerprint TEXT NOT NULL
);
