-- An actor's events newest first (its page, `/api/events?actor=`, `/api/timeline?actor=`) were found by
-- walking every event in date order until the actor's turned up, or, past a time budget, by sorting all of
-- the actor's events: fine for a head of state in the news every day, slow for a body whose events are old
-- or undated (at 50,000 reports, ~70 ms for a ministry whose events carry no date). Each participation now
-- keeps its event's date, written with it (events never change date), so the order is a walk of one index
-- that stops after the page.
ALTER TABLE event_participants ADD COLUMN date TEXT COLLATE "C";  -- events.date of the event
UPDATE event_participants p SET date = e.date FROM events e WHERE e.id = p.event_id;
CREATE INDEX event_participants_actor_date ON event_participants (actor_id, date NULLS FIRST, event_id);
