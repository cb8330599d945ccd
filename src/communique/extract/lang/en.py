"""English language data for the extraction components."""
