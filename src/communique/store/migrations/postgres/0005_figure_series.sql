-- Migration 0005 (PostgreSQL): the twin of migrations/sqlite/0005_figure_series.sql (that file says what
-- figures.series and figures.part_of hold). Figures stored before keep NULL.
ALTER TABLE figures ADD COLUMN series TEXT;
ALTER TABLE figures ADD COLUMN part_of BIGINT REFERENCES figures(id) ON DELETE SET NULL;
CREATE INDEX figures_series ON figures(series) WHERE series IS NOT NULL;
