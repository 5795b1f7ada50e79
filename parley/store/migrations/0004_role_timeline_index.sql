-- The role timeline groups an actor's roles by post in SQL.
CREATE INDEX roles_actor_title ON roles (actor_id, title_key);
