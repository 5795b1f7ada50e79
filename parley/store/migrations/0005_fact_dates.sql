-- An actor page sums up every statement of the actor's posts and stances: first and last report dates,
-- report counts, the earliest reports. The dates live on `reports`, so each of those figures joined one
-- report row per statement: 35,000 joins for the most-stated actor of a 50,000-report base. Roles and
-- positions now keep their report's date, copied by a trigger, so the indexes below answer each figure
-- with a seek, or a walk over index entries alone (measured at 50,000 reports: the busiest role timeline
-- 176 ms -> 6 ms, the busiest holder's positions 179 ms -> 15 ms; uncached actor pages p95 139 -> 20 ms).

ALTER TABLE roles ADD COLUMN published TEXT;        -- reports.published of the stating report
ALTER TABLE positions ADD COLUMN published TEXT;    -- reports.published of the stating report

UPDATE roles SET published = (SELECT r.published FROM reports r WHERE r.id = roles.report_id);
UPDATE positions SET published = (SELECT r.published FROM reports r WHERE r.id = positions.report_id);

-- A report is written before its facts (one transaction), so the triggers find its date. They leave alone
-- a row whose writer gave the date already, and the rows of undated reports (nothing to copy).
CREATE TRIGGER roles_published AFTER INSERT ON roles
WHEN new.published IS NULL AND (SELECT r.published FROM reports r WHERE r.id = new.report_id) IS NOT NULL BEGIN
    UPDATE roles SET published = (SELECT r.published FROM reports r WHERE r.id = new.report_id) WHERE id = new.id;
END;
CREATE TRIGGER positions_published AFTER INSERT ON positions
WHEN new.published IS NULL AND (SELECT r.published FROM reports r WHERE r.id = new.report_id) IS NOT NULL BEGIN
    UPDATE positions SET published = (SELECT r.published FROM reports r WHERE r.id = new.report_id)
    WHERE id = new.id;
END;
-- parley never changes a stored report's date; should anything do so, the copies follow.
CREATE TRIGGER reports_published_copies AFTER UPDATE OF published ON reports BEGIN
    UPDATE roles SET published = new.published WHERE report_id = new.id;
    UPDATE positions SET published = new.published WHERE report_id = new.id;
END;

-- One post of one actor (actor_id, title_key):
-- first and last dates (min/max seeks), the earliest reports (a walk in date order);
CREATE INDEX roles_post_published ON roles (actor_id, title_key, published, report_id);
-- how many reports state it (an ordered count, no sort), whether one report states two posts (a seek);
CREATE INDEX roles_post_report ON roles (actor_id, title_key, report_id);
-- the longest title, first stated (one seek);
CREATE INDEX roles_post_title_length ON roles (actor_id, title_key, length(title) DESC);
-- the organization (a max seek);
CREATE INDEX roles_post_of ON roles (actor_id, title_key, of_id);
-- whether reports call it former, and the last dates they state it as current and as former (seeks).
CREATE INDEX roles_post_former ON roles (actor_id, title_key, former, published);

-- One stance of one holder (holder_id, issue, stance): first/last dates, and how many reports state it.
CREATE INDEX positions_stance_published ON positions (holder_id, issue, stance, published);
CREATE INDEX positions_stance_report ON positions (holder_id, issue, stance, report_id);
