"""English language data (see ``communique.extract.lang`` for the layout)."""

from __future__ import annotations
