"""Facts from the cleaned article: mentions, dates, posts, events, figures (spaCy components)."""
