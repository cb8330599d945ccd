-- Migration 0004 (PostgreSQL): the twin of migrations/sqlite/0004_archive_catalog.sql (that file says what
-- article_catalog and the teasers' link columns hold). Filled by store/archive.py (fill_catalog) right after.
CREATE TABLE article_catalog (
    article_id     BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL DEFAULT 'article',
    site           TEXT NOT NULL,
    section        TEXT NOT NULL,
    url_key        TEXT,
    title_key      TEXT,
    lead_key       TEXT,
    derived_title  TEXT
);
CREATE INDEX article_catalog_section ON article_catalog(site, kind, section);
CREATE INDEX article_catalog_url ON article_catalog(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX article_catalog_title ON article_catalog(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX article_catalog_lead ON article_catalog(lead_key) WHERE lead_key IS NOT NULL;
ALTER TABLE teasers ADD COLUMN url TEXT;
ALTER TABLE teasers ADD COLUMN url_key TEXT;
ALTER TABLE teasers ADD COLUMN title_key TEXT;
ALTER TABLE teasers ADD COLUMN lead_key TEXT;
ALTER TABLE teasers ADD COLUMN target_id BIGINT REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE teasers ADD COLUMN linked_by TEXT;
CREATE INDEX teasers_url_key ON teasers(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX teasers_title_key ON teasers(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX teasers_lead_key ON teasers(lead_key) WHERE lead_key IS NOT NULL;
CREATE INDEX teasers_target ON teasers(target_id) WHERE target_id IS NOT NULL;
