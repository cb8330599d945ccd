-- Migration 0003 (PostgreSQL): the twin of migrations/sqlite/0003_portable_lookups.sql. Alias lookups compare
-- lower(alias) = lower(?), served by an expression index; a place's timeline reads kb_events by
-- place_entity_id; two covering indexes for timelines (participation -> kb event, event -> participants).
DROP INDEX IF EXISTS entity_aliases_alias;
CREATE INDEX entity_aliases_lower ON entity_aliases(lower(alias));
CREATE INDEX kb_events_place ON kb_events(place_entity_id);
CREATE INDEX events_kb_event_by_id ON events(id, kb_event_id);
CREATE INDEX event_participants_event ON event_participants(event_id, entity_id, person);
