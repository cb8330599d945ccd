"""Places: one entity per place whatever the form of its name ("Republic of Belarus" = "Belarus").

The gazetteer of the extraction package (``canonical_place``, ``country_of``) knows official long
forms ("Kyrgyz Republic", "Russian Federation"). Without it, FollowTheMoney's country registry is
used — but that registry also maps capitals to their country, so a name is taken as a state only
when it looks like one (close to the country's short name, or worded like a state).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from communique.extract.gazetteer import canonical_place
from communique.names import fold, fold_key
from communique.resolve.orgs import clean

if TYPE_CHECKING:
    from communique.resolve.registry import Registry
    from communique.store.interfaces import ResolutionStore

_STATE_WORDS = re.compile(
    r"\b(republic|federation|kingdom|emirates|states|state of|principality|sultanate)\b", re.I
)
_REPUBLIC_OF = re.compile(r"^(?:the\s+)?(?:republic|kingdom|state|sultanate|principality) of\s+(.+)$", re.I)


@lru_cache(maxsize=65536)
def state_name(text: str) -> str | None:
    """The short name of the state `text` names, or None when it is not a state's name."""
    t = clean(text)
    try:
        from communique.extract import gazetteer
    except ImportError:
        return _registry_state(t)
    place = canonical_place(t)
    country = gazetteer.country_of(t)
    # country_of also reads adjectives ("Kyrgyz"); a state's *name* is one the place lookup knows too.
    return country if place and country and place == country else None


def _registry_state(t: str) -> str | None:
    """Without the gazetteer: FollowTheMoney's country registry (slow to import, so only then)."""
    from followthemoney.types import registry

    code = registry.country.clean(t)
    if not code:
        m = _REPUBLIC_OF.match(t)
        code = registry.country.clean(m.group(1)) if m else None
    if not code:
        return None
    caption = registry.country.caption(code) or ""
    looks_like_state = (
        _STATE_WORDS.search(t) is not None
        or (t.isupper() and len(t) <= 4)
        or fuzz.ratio(fold(caption), fold(t)) >= 80
    )
    return caption if looks_like_state and caption else None


def is_state(text: str) -> bool:
    return state_name(text) is not None


def canonical(text: str, stored: str | None = None) -> str:
    """The short common name of a place."""
    base = stored or canonical_place(text) or text
    return state_name(base) or clean(base)


key = fold_key  # communique.names: one place for the name rules


def link(kb: ResolutionStore, reg: Registry) -> int:
    """Give every unresolved place mention an entity."""
    rows = [(mid, text, stored) for mid, _, _, text, stored in kb.unlinked_mentions("place")]
    cache: dict[tuple[str, str | None], int] = {}
    spellings: Counter[tuple[int, str]] = Counter()
    updates = []
    for mid, text, stored in rows:
        ck = (text, stored)
        if ck not in cache:
            cache[ck] = entity_for(reg, text, stored)
        spellings[(cache[ck], text)] += 1
        updates.append((cache[ck], mid))
    kb.link_mentions(updates)
    for (eid, text), n in spellings.items():
        reg.alias(eid, text, n)
    return len(updates)


def entity_for(reg: Registry, text: str, stored: str | None = None) -> int:
    name = canonical(text, stored)
    eid = reg.by_key.get(("place", key(name)))
    if eid is None:
        eid = reg.lookup_alias("place", text)
    return eid if eid is not None else reg.create("place", key(name), name)
