-- A role timeline is summed up in SQL, post by post (`parley.store.timelines`), instead of reading every
-- statement of the person: at 50,000 reports a head of state has ~30,000, and reading them took ~0.5 s of
-- an actor page after every write. Each figure of a post is now an index-only walk (the visibility map
-- allowing), `id` included where "first stated" orders:
-- its wordings, first stated first, and its organization, the most stated, in one walk, which makes
-- roles_post_of redundant;
DROP INDEX IF EXISTS roles_post_title_length;  -- nothing reads the longest title by index any more
DROP INDEX IF EXISTS roles_post_of;
CREATE INDEX roles_post_title ON roles (actor_id, title_key, title, of_id NULLS FIRST) INCLUDE (id);
-- its dates as current and as former, and how many reports state it (report_id added);
DROP INDEX IF EXISTS roles_post_former;
CREATE INDEX roles_post_former ON roles (actor_id, title_key, former, published NULLS FIRST, report_id);
-- its first and latest statements, in evidence order (id added).
DROP INDEX IF EXISTS roles_post_published;
CREATE INDEX roles_post_published ON roles (actor_id, title_key, published NULLS FIRST, report_id, id);
-- The other holders of a post: each one's first date stated current is a seek (published before of_id).
DROP INDEX IF EXISTS roles_post_holders;
CREATE INDEX roles_post_holders ON roles (title_key, former, actor_id, published NULLS FIRST, of_id NULLS FIRST);
