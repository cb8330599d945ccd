-- Migration 0003: indexes for queries written once for SQLite and PostgreSQL.
-- Alias lookups compare lower(alias) = lower(?) (COLLATE NOCASE is SQLite's alone); an expression index
-- serves it on both. A place's timeline finds the events held there by kb_events.place_entity_id.
DROP INDEX IF EXISTS entity_aliases_alias;
CREATE INDEX entity_aliases_lower ON entity_aliases(lower(alias));
CREATE INDEX kb_events_place ON kb_events(place_entity_id);
