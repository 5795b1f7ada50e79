-- Quotations list latest first by their report's date (issue 8), not in the order they were stored.
-- Sorting every quote by a date that lives on `reports` would join one report per quote; like roles and
-- positions (0005), each quote keeps a copy of its report's date, and the indexes below give the order
-- without a sort: a page of the latest quotes, or of one speaker's, is a walk from the index's end.

ALTER TABLE quotes ADD COLUMN published TEXT;       -- reports.published of the quoting report

UPDATE quotes SET published = (SELECT r.published FROM reports r WHERE r.id = quotes.report_id);

CREATE TRIGGER quotes_published AFTER INSERT ON quotes
WHEN new.published IS NULL AND (SELECT r.published FROM reports r WHERE r.id = new.report_id) IS NOT NULL BEGIN
    UPDATE quotes SET published = (SELECT r.published FROM reports r WHERE r.id = new.report_id) WHERE id = new.id;
END;
CREATE TRIGGER reports_published_quotes AFTER UPDATE OF published ON reports BEGIN
    UPDATE quotes SET published = new.published WHERE report_id = new.id;
END;

CREATE INDEX quotes_published ON quotes (published, id);
CREATE INDEX quotes_speaker_published ON quotes (speaker_id, published, id);
