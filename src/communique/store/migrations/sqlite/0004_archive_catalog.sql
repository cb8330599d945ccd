-- Migration (archive): where each stored page sits in its site's archive, and each teaser linked to the
-- article it announces. article_catalog holds, per article, what kind of page it is (an article, or a list:
-- a section's index, teasers only), its section (the folder of its URL's path), the keys teasers find it
-- by (address, headline, lead; communique.catalog) and a title derived from its first sentence when the
-- page has none. A side table, not columns of articles: the body stays the last column there, so listing a
-- section never reads a body. Filled for the articles already stored by store/archive.py (fill_catalog),
-- which also links the teasers already stored; from then on both are made as pages arrive, in any order.
CREATE TABLE article_catalog (
    article_id     INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL DEFAULT 'article',  -- article | list
    site           TEXT NOT NULL,
    section        TEXT NOT NULL,                    -- '' for the top of the site
    url_key        TEXT,
    title_key      TEXT,
    lead_key       TEXT,
    derived_title  TEXT                              -- the first sentence of an untitled article
);
CREATE INDEX article_catalog_section ON article_catalog(site, kind, section);
CREATE INDEX article_catalog_url ON article_catalog(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX article_catalog_title ON article_catalog(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX article_catalog_lead ON article_catalog(lead_key) WHERE lead_key IS NOT NULL;
ALTER TABLE teasers ADD COLUMN url TEXT;
ALTER TABLE teasers ADD COLUMN url_key TEXT;
ALTER TABLE teasers ADD COLUMN title_key TEXT;
ALTER TABLE teasers ADD COLUMN lead_key TEXT;
ALTER TABLE teasers ADD COLUMN target_id INTEGER REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE teasers ADD COLUMN linked_by TEXT;
CREATE INDEX teasers_url_key ON teasers(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX teasers_title_key ON teasers(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX teasers_lead_key ON teasers(lead_key) WHERE lead_key IS NOT NULL;
CREATE INDEX teasers_target ON teasers(target_id) WHERE target_id IS NOT NULL;
