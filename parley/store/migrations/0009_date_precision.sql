-- How precise each report's date is: 'day' (a header, dateline, byline or the source's metadata gives the
-- day), 'estimated' (no date given; est_start..est_end is a window estimated from what the report tells),
-- or NULL (undated, no estimate). Facts take their report's date and precision; an estimate is shown as one
-- ("~June 2025"), never as a day. Kept by triggers so every writer of reports gets it.
ALTER TABLE reports ADD COLUMN date_precision TEXT;

UPDATE reports SET date_precision = CASE WHEN published IS NOT NULL THEN 'day'
                                         WHEN est_end IS NOT NULL THEN 'estimated' END;

CREATE TRIGGER reports_date_precision_insert AFTER INSERT ON reports BEGIN
    UPDATE reports SET date_precision = CASE WHEN new.published IS NOT NULL THEN 'day'
                                             WHEN new.est_end IS NOT NULL THEN 'estimated' END
    WHERE id = new.id;
END;
CREATE TRIGGER reports_date_precision_update AFTER UPDATE OF published, est_start, est_end ON reports BEGIN
    UPDATE reports SET date_precision = CASE WHEN new.published IS NOT NULL THEN 'day'
                                             WHEN new.est_end IS NOT NULL THEN 'estimated' END
    WHERE id = new.id;
END;

-- Role timelines end a term when someone else holds the same post (parley.store.timelines): the other
-- holders of a post are summed up per person from this index alone (title key, then who, for whom, when).
CREATE INDEX roles_post_holders ON roles (title_key, former, actor_id, of_id, published);
