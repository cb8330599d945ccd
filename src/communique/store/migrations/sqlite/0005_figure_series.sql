-- Migration 0005: a figure's operation or exercise series as extraction reads it ("Channel 2007",
-- "Channel-Perekhvat 2023", "Interaction-2023": Figure.series) and the total it is part of (Figure.part_of: "399
-- persons detained, among them 44 wanted persons"), so series across years are read from the store and a part is
-- never summed with its total. Figures stored before keep NULL: the read model then takes the series from the
-- event the figure's sentence reports (communique.resolve.figures).
ALTER TABLE figures ADD COLUMN series TEXT;
ALTER TABLE figures ADD COLUMN part_of INTEGER REFERENCES figures(id) ON DELETE SET NULL;
CREATE INDEX figures_series ON figures(series) WHERE series IS NOT NULL;
