"""Importing this module registers the built-in extraction components with communique.pipeline."""

from communique.extract import (  # noqa: F401  (imported for their @component registrations)
    dates,
    entities,
    events,
    figures,
    nlp,
    people,
    russian,
)
