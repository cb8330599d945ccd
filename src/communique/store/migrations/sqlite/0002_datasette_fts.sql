-- Migration 0002: the full-text index declares its content table in double quotes (content="articles").
-- Datasette finds a table's FTS index by that spelling (content='articles' hid its search box). The
-- declaration of an FTS5 table cannot be altered, so it is made again and rebuilt from the articles.
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content="articles", content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
