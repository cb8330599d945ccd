-- Migration 0004 (PostgreSQL): search by analysed terms (store/analysis.py: English and Russian words
-- stemmed), the twin of migrations/sqlite/0004_search_terms.sql. One tsvector per article, the title's terms
-- weighted A and the body's B, in a GIN index. The runner fills it from the articles after this file
-- (the marker below), since only Python knows the analyser.
-- communique: reindex-search
CREATE TABLE article_search (
    article_id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    terms       TSVECTOR NOT NULL
);
CREATE INDEX article_search_terms ON article_search USING GIN (terms);
