"""Storage: SQLite (schema.sql), full-text search, exports."""
