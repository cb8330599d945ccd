-- Migration 0006: the database knows which stored page versions cross-document resolution has taken in.
-- article_versions.resolved is 0 when a version is stored (ArticleWriter.save_article) and set to 1 in the
-- transaction that writes resolution's results (ResolutionStore.mark_resolved), so a crash at any moment, or
-- an ingest run with --no-resolve, leaves the versions pending and the next run (or `communique resolve`)
-- resolves them. The partial index keeps "what is pending" a lookup of the pending rows only.
-- Versions stored before this migration are pending: the first run after it resolves them once (a no-op
-- for facts already linked; it repairs a knowledge base that an interrupted run left empty).
ALTER TABLE article_versions ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
CREATE INDEX article_versions_unresolved ON article_versions(article_id, version) WHERE resolved = 0;
