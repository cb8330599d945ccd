"""Russian language data for the extraction components."""
