-- Migration 0003: indexes for the read model's queries, written once for SQLite and PostgreSQL.
-- Alias lookups compare lower(alias) = lower(?) (COLLATE NOCASE is SQLite's alone); an expression index
-- serves it on both. A place's timeline finds the events held there by kb_events.place_entity_id. An
-- entity's timeline goes from its participations to their knowledge-base events, and an event's
-- participants are read over all its mentions: two covering indexes spare reading the wide rows.
DROP INDEX IF EXISTS entity_aliases_alias;
CREATE INDEX entity_aliases_lower ON entity_aliases(lower(alias));
CREATE INDEX kb_events_place ON kb_events(place_entity_id);
CREATE INDEX events_kb_event_by_id ON events(id, kb_event_id);
CREATE INDEX event_participants_event ON event_participants(event_id, entity_id, person);
