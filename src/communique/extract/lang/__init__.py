"""Language data, one module per language (``en``, ``ru``), looked up by the components.

What a component knows about a language's words (post titles, ranks, stop words, the head nouns of
institutional names, event triggers, date words ...) lives here as data, so that a component asks
``lang.data(code).NAME`` instead of branching on ``if lang == "ru"``; a module holds only data and says
why an entry is there. Layout:

- one module per language code: ``communique/extract/lang/<code>.py`` (names, posts, ranks);
- a topic large enough for a module of its own per language: ``<code>_<topic>.py``, read by its
  component (``en_dates``/``ru_dates`` by extract/dates.py, ``en_events``/``ru_events`` by
  extract/event_types.py);
- each datum is an UPPER_CASE module constant, documented where it is defined, the same name in
  every language that has it (a component reads ``getattr(module, NAME, default)`` when a language
  may lack it);
- words are written as they are compared: English in lower case, Russian as lemmas (lower case,
  ``ё`` written ``е``), so a component compares token lemmas, not surface forms.

``data(code)`` falls back to English for a language without a module (the pipeline reads every page
with an English model unless it knows better).
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

LANGUAGES = ("en", "ru")
DEFAULT = "en"


@cache
def data(code: str | None) -> ModuleType:
    """The data module of language ``code`` ("en", "ru"); English for None or a language without one."""
    code = (code or DEFAULT).lower().split("-")[0].split("_")[0]
    if code not in LANGUAGES:
        code = DEFAULT
    return importlib.import_module(f"{__name__}.{code}")
