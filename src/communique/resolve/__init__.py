"""Across documents: one entity per real-world thing, posts over time, merged events, figures tables."""
