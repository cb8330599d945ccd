-- Migration 0008: search by analysed terms (store/analysis.py: English and Russian words stemmed, so that
-- "exercise" and "exercises" find the same articles). search_terms is an FTS5 table of the terms of each
-- article's title and body (rowid = article id), written by the store in Python; articles_fts stays for
-- Datasette (the words as written). The runner fills the new table from the articles after this file
-- (migrate.FILLERS: articles.reindex_search), since only Python knows the analyser. IF NOT EXISTS: a
-- database that holds the table already (written by the branch that numbered this migration 0005) is
-- indexed again by the filler.
CREATE VIRTUAL TABLE IF NOT EXISTS search_terms USING fts5(title, body, tokenize='unicode61 remove_diacritics 0');
