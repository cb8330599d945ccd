-- Migration 0007: the corpus lexicon (communique/extract/lexicon.py): what the pages of the crawl teach about
-- names (acronyms, institutions, capitalisation), learned in ingest's first pass like the site models and
-- stored as (key, JSON) rows like site_model's, one lexicon per database. A database upgraded to it has an
-- empty lexicon: the next ingest learns from its new pages (pages stored before are not read again).
-- IF NOT EXISTS: a database written by the entities branch before it landed (no schema_migrations: version
-- 0) already holds this table, in this form; it keeps what it learned.
CREATE TABLE IF NOT EXISTS lexicon (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL                   -- JSON
) WITHOUT ROWID;
