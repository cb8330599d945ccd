-- Migration 0007 (PostgreSQL): the twin of migrations/sqlite/0007_lexicon.sql: the corpus lexicon
-- (communique/extract/lexicon.py) as (key, JSON text) rows, one lexicon per database. Written with
-- INSERT ... ON CONFLICT (key) by store/articles.py (save_lexicon), so concurrent runs never collide on a key.
CREATE TABLE lexicon (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL                   -- JSON
);
