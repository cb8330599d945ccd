-- Migration 0006 (PostgreSQL): the twin of migrations/sqlite/0006_resolution_state.sql (that file says how
-- article_versions.resolved is written and read). Versions stored before are pending: the next run resolves
-- them once.
ALTER TABLE article_versions ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
CREATE INDEX article_versions_unresolved ON article_versions(article_id, version) WHERE resolved = 0;
