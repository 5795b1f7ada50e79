-- Two indexes on roles that longer ones begin with: every (actor_id) and (actor_id, title_key) lookup is
-- served as well by roles_post_report (actor_id, title_key, report_id), and each index is one more B-tree
-- to write for every role stored (ten per row before this). Queries that order by rowid within an actor
-- would have needed roles_actor; none does.
DROP INDEX IF EXISTS roles_actor;
DROP INDEX IF EXISTS roles_actor_title;
