-- A post's visits and visitors are looked up by post (GET /api/v1/posts/{id}, engagement ratios).
CREATE INDEX sessions_post ON sessions (post_id);
