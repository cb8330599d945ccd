-- communique's current schema, SQLite dialect: the one place to read it. A new database is made from this
-- file (and recorded at the latest migration); a database made by an older communique reaches the same
-- schema through the numbered files in migrations/sqlite/ (tests/store/test_migrations.py checks that both
-- ways give the same tables, columns, indexes and triggers). Change the schema by adding a migration AND
-- editing this file.
-- Spans (start, end) index into the article's body text: its paragraphs joined by "\n\n".
-- A fact read from the title has in_title = 1 and its span indexes into the title; it is a fact
-- of the article like a body fact. A fact read from a teaser has from_teaser set to the teaser's
-- position and its span indexes into that teaser's text (into the teaser's title when in_title = 1).

-- Every input page as read (raw text kept so any result can be traced back).
CREATE TABLE pages (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE,
    page_key      TEXT NOT NULL,           -- URL, else id:EXTERNAL_ID, else src:SOURCE
    site          TEXT NOT NULL,
    url           TEXT,
    external_id   TEXT,
    source        TEXT NOT NULL,
    lang          TEXT,
    raw_text      TEXT NOT NULL,
    raw_html      TEXT,
    meta          TEXT,                    -- JSON
    notes         TEXT,                    -- JSON list of notes made while reading
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX pages_key ON pages(page_key);
CREATE INDEX pages_site ON pages(site);

-- One article per page key; a re-crawl with new content is a new version of the same article.
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    page_key        TEXT NOT NULL UNIQUE,
    page_id         INTEGER NOT NULL REFERENCES pages(id),   -- current version
    version         INTEGER NOT NULL DEFAULT 1,
    site            TEXT NOT NULL,
    url             TEXT,
    external_id     TEXT,
    lang            TEXT,
    title           TEXT,
    published       TEXT,                  -- ISO date
    published_from  TEXT,                  -- dateline | lead | meta | url | none
    duplicate_of    INTEGER REFERENCES articles(id),
    similarity      REAL,                  -- to duplicate_of: 1.0 exact, else estimated Jaccard
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    body_hash       TEXT NOT NULL,
    -- Last: reading any other column (search filters, listings) never walks the body's pages.
    body            TEXT NOT NULL          -- paragraphs joined by a blank line
);
CREATE INDEX articles_site ON articles(site, published);
CREATE INDEX articles_body_hash ON articles(body_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

CREATE TABLE article_versions (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    page_id     INTEGER NOT NULL REFERENCES pages(id),
    -- 1 once cross-document resolution has taken this version in (set in resolution's own transaction);
    -- 0: pending, resolved by the next run or `communique resolve` (docs/resolution.md, "What is resolved").
    resolved    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, version)
);
CREATE INDEX article_versions_unresolved ON article_versions(article_id, version) WHERE resolved = 0;

-- Parts of a page that are not body: signature lines, captions/file names.
CREATE TABLE article_parts (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,             -- signature | caption
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, position)
);

-- Teasers of other articles found on a page: evidence of those articles. Each is linked (target_id) to
-- the article it announces when that article is stored: by its address, else its headline, else its lead
-- (linked_by: url | title | lead; the keys are communique.catalog's), whichever of the two arrives first.
CREATE TABLE teasers (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    date        TEXT,
    title       TEXT,
    url         TEXT,                      -- the announced article's address, when the page links it
    url_key     TEXT,
    title_key   TEXT,
    lead_key    TEXT,
    target_id   INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    linked_by   TEXT,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX teasers_url_key ON teasers(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX teasers_title_key ON teasers(title_key) WHERE title_key IS NOT NULL;
CREATE INDEX teasers_lead_key ON teasers(lead_key) WHERE lead_key IS NOT NULL;
CREATE INDEX teasers_target ON teasers(target_id) WHERE target_id IS NOT NULL;

-- Where each article sits in its site's archive (store/archive.py, communique.catalog): an article or a
-- list (a section's index: teasers only, no title or body), its section (the folder of its URL's path,
-- '' for the top), the keys teasers find it by, and a title derived from its first sentence when the
-- page has none. A side table: the body stays the last column of articles, so a section's listing never
-- reads a body.
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

-- MinHash LSH band keys of each article's cleaned body, for near-duplicate candidates.
CREATE TABLE article_bands (
    band        INTEGER NOT NULL,
    bucket      BLOB NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands(article_id);  -- replaced on a new version
CREATE TABLE article_minhash (
    article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    signature   BLOB NOT NULL
);

-- Full-text search over title and body (external content: the articles table). content="articles" in double
-- quotes: the spelling by which Datasette finds a table's full-text index.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content="articles", content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- Search: the analysed terms of each article's title and body (store/analysis.py: words stemmed, the same
-- terms PostgreSQL indexes), rowid = article id, written by the store in Python (no trigger: only Python has
-- the analyser). articles_fts above keeps the words as written, for Datasette's search box.
CREATE VIRTUAL TABLE search_terms USING fts5(title, body, tokenize='unicode61 remove_diacritics 0');

-- The per-site boilerplate model: what all pages of a site taught (see docs/boilerplate.md).
CREATE TABLE site_model (
    site   TEXT NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,                  -- JSON
    PRIMARY KEY (site, key)
) WITHOUT ROWID;

-- The corpus lexicon: names every page taught (acronyms, institutions, capitalisation), see
-- communique/extract/lexicon.py; (key, JSON) rows like site_model's, one lexicon per database.
CREATE TABLE lexicon (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL                   -- JSON
) WITHOUT ROWID;

-- Facts. Every row: article, span, sentence; from_teaser when read from a teaser; in_title when read from
-- the title.
CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,            -- person | org | place
    text         TEXT NOT NULL,
    canonical    TEXT,
    attrs        TEXT,                     -- JSON
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sentence     TEXT NOT NULL,
    from_teaser  INTEGER,
    in_title     INTEGER NOT NULL DEFAULT 0,
    entity_id    INTEGER REFERENCES entities(id) ON DELETE SET NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id, article_id);  -- entity pages: latest articles first
-- Mentions in the body (not in teasers of other news), covering: search facets and co-occurrence read
-- (article -> entities) and the entity filter, entity pages read (entity -> articles) without table lookups.
CREATE INDEX mentions_body_article ON mentions(article_id, entity_id) WHERE from_teaser IS NULL;
CREATE INDEX mentions_body_entity ON mentions(entity_id, article_id) WHERE from_teaser IS NULL;

CREATE TABLE dates (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    value        TEXT,
    end_value    TEXT,
    precision    TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sentence     TEXT NOT NULL,
    from_teaser  INTEGER,
    in_title     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dates_article ON dates(article_id);

CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person       TEXT NOT NULL,
    role         TEXT NOT NULL,
    org          TEXT,
    date         TEXT,
    acting       INTEGER NOT NULL DEFAULT 0,
    rank         TEXT,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sentence     TEXT NOT NULL,
    from_teaser  INTEGER,
    in_title     INTEGER NOT NULL DEFAULT 0,
    person_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    org_entity_id    INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    kb_post_id       INTEGER REFERENCES kb_posts(id) ON DELETE SET NULL  -- the interval it is evidence of
);
CREATE INDEX posts_article ON posts(article_id);
CREATE INDEX posts_person_entity ON posts(person_entity_id, kb_post_id);  -- entity pages

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    date         TEXT,
    end_date     TEXT,
    place        TEXT,
    name         TEXT,
    trigger      TEXT,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sentence     TEXT NOT NULL,
    from_teaser  INTEGER,
    in_title     INTEGER NOT NULL DEFAULT 0,
    kb_event_id  INTEGER REFERENCES kb_events(id) ON DELETE SET NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_place ON events(place);  -- a place's timeline: events held there
-- Events in the body, covering: the event-type search filter (type -> articles) and facet (article -> types).
CREATE INDEX events_body_type ON events(type, article_id) WHERE from_teaser IS NULL;
CREATE INDEX events_body_article ON events(article_id, type) WHERE from_teaser IS NULL;

CREATE TABLE event_participants (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person     TEXT NOT NULL,
    entity_id  INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    PRIMARY KEY (event_id, person)
);
CREATE INDEX event_participants_entity ON event_participants(entity_id, event_id);  -- timelines
-- An event's participants over all its mentions, from the index alone.
CREATE INDEX event_participants_event ON event_participants(event_id, entity_id, person);

CREATE TABLE figures (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id     INTEGER REFERENCES events(id) ON DELETE SET NULL,
    value        REAL NOT NULL,
    unit         TEXT,
    item         TEXT NOT NULL,
    qualifier    TEXT,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    sentence     TEXT NOT NULL,
    from_teaser  INTEGER,
    in_title     INTEGER NOT NULL DEFAULT 0,
    series       TEXT,                      -- the operation or exercise with its year or stage: "Channel 2007"
    part_of      INTEGER REFERENCES figures(id) ON DELETE SET NULL  -- the total this figure is part of
);
CREATE INDEX figures_article ON figures(article_id);
CREATE INDEX figures_event ON figures(event_id);  -- SET NULL when an event goes
CREATE INDEX figures_series ON figures(series) WHERE series IS NOT NULL;

-- Knowledge base across documents (filled by communique.resolve).
CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,             -- person | org | place
    name        TEXT NOT NULL,             -- canonical name
    key         TEXT NOT NULL,             -- resolution key (stable across runs)
    mentions    INTEGER NOT NULL DEFAULT 0,
    first_seen  TEXT,
    last_seen   TEXT,
    UNIQUE (kind, key)
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE entity_aliases (
    entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_lower ON entity_aliases(lower(alias));  -- lookups by lower(alias) = lower(?)

CREATE TABLE kb_events (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL,
    status      TEXT NOT NULL,
    date        TEXT,
    end_date    TEXT,
    place       TEXT,
    name        TEXT,
    mentions    INTEGER NOT NULL DEFAULT 0,
    place_entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
    sources     INTEGER NOT NULL DEFAULT 0,  -- distinct articles reporting it
    teaser_only INTEGER NOT NULL DEFAULT 0   -- 1: known only from teasers of other pages
);
CREATE INDEX kb_events_date ON kb_events(date);
CREATE INDEX kb_events_place ON kb_events(place_entity_id);  -- a place's timeline
CREATE INDEX events_kb_event ON events(kb_event_id);
CREATE INDEX events_kb_event_by_id ON events(id, kb_event_id);  -- participation -> kb event, without the row

-- Posts over time: one row per person, normalised role, organisation and acting flag; the interval runs
-- from the first to the last dated evidence (the posts rows pointing here). Rebuilt by communique.resolve.
CREATE TABLE kb_posts (
    id               INTEGER PRIMARY KEY,
    person_entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    org_entity_id    INTEGER REFERENCES entities(id) ON DELETE CASCADE,
    role_key         TEXT NOT NULL,        -- normalised role words: "general secretary" for either order
    role             TEXT NOT NULL,        -- most frequent spelling, without "acting"
    acting           INTEGER NOT NULL DEFAULT 0,
    first_evidence   TEXT,                 -- ISO date of the earliest dated evidence
    last_evidence    TEXT,
    evidence_count   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_posts_role ON kb_posts(role_key, org_entity_id);
CREATE INDEX kb_posts_person ON kb_posts(person_entity_id);
CREATE INDEX posts_kb_post ON posts(kb_post_id);

-- Bookkeeping of ingest runs: what was read, stored and skipped (with the reason).
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    sources     TEXT NOT NULL,             -- JSON list
    report      TEXT                       -- JSON run report
);

-- The migrations applied to this database (store/migrate.py): a new one is recorded at the latest.
CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);
