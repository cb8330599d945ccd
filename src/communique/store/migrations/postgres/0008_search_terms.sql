-- Migration 0008 (PostgreSQL): search by analysed terms (store/analysis.py: English and Russian words
-- stemmed), the twin of migrations/sqlite/0008_search_terms.sql. One tsvector per article, the title's terms
-- weighted A and the body's B (terms, which ranking reads), and the same without positions or weights (match,
-- a third of the size, which the GIN index holds and a walk tests per row). The runner fills it from the
-- articles after this file (migrate.FILLERS: articles.reindex_search), since only Python knows the analyser.
-- IF NOT EXISTS: a database that holds the table already is indexed again by the filler.
CREATE TABLE IF NOT EXISTS article_search (
    article_id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    match       TSVECTOR NOT NULL,         -- strip(terms): which terms, for matching (small, read per row)
    terms       TSVECTOR NOT NULL          -- with weights and positions, for ranking
);
-- match stays in the row uncompressed (moved out only when huge): a walk tests it without decompressing.
ALTER TABLE article_search ALTER COLUMN match SET STORAGE EXTERNAL;
CREATE INDEX IF NOT EXISTS article_search_match ON article_search USING GIN (match);
-- Search filters (store/filters.py) read the ids of a site's or a date range's articles from these indexes
-- alone (an index-only scan; SQLite's indexes hold the rowid anyway): through the table, a filter "from 2020"
-- read every page of it, 76-208 ms at 100,000 articles, 8 ms from the index.
DROP INDEX IF EXISTS articles_site;
CREATE INDEX articles_site ON articles(site, published) INCLUDE (id);
DROP INDEX IF EXISTS articles_published;
CREATE INDEX articles_published ON articles(published) INCLUDE (id);
