"""Russian language data (see ``communique.extract.lang`` for the layout). Words are lemmas."""

from __future__ import annotations
