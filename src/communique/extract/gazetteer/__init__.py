"""The gazetteer: organisations, states, places, post titles and ranks, as data (JSON beside this file).

Lookups other stages reuse (resolution, storage):

- ``canonical_org(name)`` / ``canonical_place(name)``: the canonical name for any known spelling, acronym,
  Russian form or composition ("Russian Ministry of Defense" -> "Ministry of Defence of the Russian
  Federation").
- ``org_aliases()`` / ``place_aliases()``: every known spelling mapped to its canonical name.
- ``country_of(word)``: the state a name, long form or adjective refers to ("Kyrgyz" -> "Kyrgyzstan").
- ``titles()``, ``ranks()``, ``title_modifiers()``, ``implied_ministry(title)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

from communique.names import key

F = TypeVar("F", bound=Callable[..., Any])


def _load(name: str) -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


@dataclass
class Alias:
    """One spelling of an entity as the matcher uses it."""

    text: str
    canonical: str
    kind: str  # org | place
    case_sensitive: bool = False
    parent: str | None = None  # for bare body names: the organisation they belong to
    bare: bool = False  # a body's name without its organisation ("Secretariat")
    country: bool = False  # a state (may be named inside an organisation's name)


@dataclass
class Gazetteer:
    aliases: list[Alias] = field(default_factory=list)
    orgs: dict[str, str] = field(default_factory=dict)  # key(spelling) -> canonical
    places: dict[str, str] = field(default_factory=dict)
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)  # canonical short name -> record
    country_words: dict[str, str] = field(default_factory=dict)  # key(name|long|adjective) -> short name
    adjectives: dict[str, str] = field(default_factory=dict)  # key(adjective) -> short name
    bodies: dict[str, str] = field(default_factory=dict)  # key(spelling of a national body) -> body name
    acronym_parents: dict[str, list[str]] = field(default_factory=dict)  # parent canonical -> its acronyms
    body_names: set[str] = field(default_factory=set)  # canonical names of bodies of an organisation


def _case_sensitive(text: str) -> bool:
    # Acronyms ("UN", "US", "CIS") must not match ordinary words ("us", "un-").
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and len(text) <= 12


# Keys (see ``key``) of names whose entries are left out: see ``without_names``.
_EXCLUDED: frozenset[str] = frozenset()
_DERIVED: list[Any] = []  # caches of what is built from the gazetteer, emptied when it changes
_GENERATION = [0]


def derived(fn: F) -> F:
    """``functools.cache`` for something built from the gazetteer: emptied when the gazetteer changes."""
    cached = lru_cache(maxsize=None)(fn)
    _DERIVED.append(cached)
    return cached  # type: ignore[return-value]


def generation() -> int:
    """Changes whenever the gazetteer does (a cache keyed by it stays valid)."""
    return _GENERATION[0]


@contextmanager
def without_names(names: Iterable[str]) -> Iterator[None]:
    """The gazetteer without every entry (an organisation, a body, a state, a place) one of whose
    spellings is one of ``names``: what extraction gives when nobody listed them (bench/open_vocab.py)."""
    global _EXCLUDED
    before = _EXCLUDED
    _EXCLUDED = frozenset(key(n) for n in names if n)
    _changed()
    try:
        yield
    finally:
        _EXCLUDED = before
        _changed()


def _changed() -> None:
    _GENERATION[0] += 1
    for cached in _DERIVED:
        cached.cache_clear()


class _Builder:
    """Adds one entry's spellings at a time; an excluded entry (``without_names``) adds none."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        self.pending: list[Alias] = []

    def add(self, text: str, canonical: str, kind: str, **kw: Any) -> None:
        cs = kw.pop("case_sensitive", None)
        self.pending.append(Alias(text, canonical, kind, _case_sensitive(text) if cs is None else cs, **kw))

    def commit(self) -> bool:
        """Keep the entry's spellings unless one of them is excluded; True when kept."""
        pending, self.pending = self.pending, []
        if _EXCLUDED and any(key(a.text) in _EXCLUDED or key(a.canonical) in _EXCLUDED for a in pending):
            return False
        for a in pending:
            self.g.aliases.append(a)
            if not a.bare:
                table = self.g.orgs if a.kind == "org" else self.g.places
                table.setdefault(key(a.text), a.canonical)
        return True


@derived
def gazetteer() -> Gazetteer:
    g = Gazetteer()
    b = _Builder(g)
    add = b.add
    orgs = _load("orgs.json")["orgs"]
    by_name = {o["name"]: o for o in orgs if "parent" not in o}

    for o in orgs:
        parent = by_name.get(o.get("parent", ""))
        canonical = o.get("canonical") or o["name"]
        names = [o["name"], *o.get("aliases", []), *o.get("ru", [])]
        acronyms = list(o.get("acronyms", []))
        if parent is None:
            for n in names + acronyms:
                add(n, canonical, "org")
            add(canonical, canonical, "org")
            if b.commit():
                g.acronym_parents[canonical] = [a for a in acronyms if a.isupper()]
            continue
        p_names = [parent["name"], *parent.get("aliases", [])]
        p_acr = [a for a in parent.get("acronyms", []) if a.isupper()]
        # the parent's Russian acronym ("ОДКБ"): "Объединенный штаб ОДКБ" is the body's full Russian name,
        # "Объединенный штаб" its bare one
        p_acr_ru = [a for a in parent.get("ru", []) if a.isupper() and " " not in a]
        add(canonical, canonical, "org")
        for n in names:
            named = set(key(n).split())
            if any(key(a) in named for a in p_acr) or " of the " + key(parent["name"]) in key(n):
                add(n, canonical, "org")
                continue
            ru_acr = next((a for a in p_acr_ru if key(a) in named), None)
            if ru_acr is not None:
                add(n, canonical, "org")
                bare_ru = " ".join(w for w in n.split() if w != ru_acr)
                if o.get("bare", True) and bare_ru:
                    add(bare_ru, canonical, "org", case_sensitive=False, parent=parent["name"], bare=True)
                continue
            for pa in p_acr:
                add(f"{pa} {n}", canonical, "org", case_sensitive=False)
                add(f"{n} of the {pa}", canonical, "org", case_sensitive=False)
                add(f"{n} of {pa}", canonical, "org", case_sensitive=False)
            for pn in p_names:
                add(f"{n} of the {pn}", canonical, "org")
                add(f"{n} of {pn}", canonical, "org")
                add(f"{pn} {n}", canonical, "org")
            # The bare name is the body of the article's own organisation when the article names it.
            if o.get("bare", True):
                add(n, canonical, "org", case_sensitive=False, parent=parent["name"], bare=True)
        for a in acronyms:
            if " " in a or len(a) > 3:
                add(a, canonical, "org")
            else:  # three letters ("CSC", "ATC") are too ambiguous outside their organisation's articles
                add(a, canonical, "org", case_sensitive=True, parent=parent["name"], bare=True)
            for pa in p_acr:
                if not a.startswith(pa):
                    add(f"{pa} {a}", canonical, "org")
                    add(f"{a} {pa}", canonical, "org")
        if b.commit():
            g.body_names.add(canonical)

    data = _load("places.json")
    for c in data["countries"]:
        short = c["name"]
        spellings = [short, *c.get("aliases", []), *c.get("ru", [])]
        if c.get("long"):
            spellings.append(c["long"])
        for s in spellings:
            add(s, short, "place", country=True)
        if not b.commit():
            continue
        g.countries[short] = c
        for s in spellings:
            g.country_words[key(s)] = short
        for a in c.get("adjectives", []):
            g.adjectives[key(a)] = short
            g.country_words.setdefault(key(a), short)
    for p in data["places"]:
        for s in [p["name"], *p.get("aliases", []), *p.get("ru", [])]:
            add(s, p["name"], "place")
        b.commit()

    t = _load("titles.json")
    for body, spellings in t["national_bodies"].items():
        if body.startswith("_"):
            continue
        for s in spellings:
            g.bodies[key(s)] = body
    return g


@lru_cache(maxsize=1)
def _titles() -> dict[str, Any]:
    return _load("titles.json")


def titles() -> list[str]:
    """Post titles, longest first."""
    return sorted(_titles()["titles"], key=len, reverse=True)


def title_modifiers() -> list[str]:
    return sorted(_titles()["modifiers"], key=len, reverse=True)


def acting_words() -> list[str]:
    return list(_titles()["acting"])


def ranks() -> list[str]:
    """Military, police and diplomatic ranks, longest first."""
    return sorted(_titles()["ranks"], key=len, reverse=True)


def implied_ministry(title: str) -> str | None:
    """The ministry a minister's title heads ("Defence Minister" -> "Ministry of Defence")."""
    table = {key(k): v for k, v in _titles()["implies_ministry"].items()}
    return table.get(key(title))


def national_body_spellings() -> dict[str, str]:
    """A state body spelling -> its name ("Foreign Ministry" -> "Ministry of Foreign Affairs")."""
    return {k: v for k, v in gazetteer().bodies.items()}


def org_aliases() -> dict[str, str]:
    """Every known organisation spelling (comparison form, see ``key``) -> canonical name."""
    return dict(gazetteer().orgs)


def place_aliases() -> dict[str, str]:
    """Every known place spelling (comparison form) -> canonical name (states by their short name)."""
    return dict(gazetteer().places)


def country_of(name: str) -> str | None:
    """The state named by a short name, long form, alias or adjective; None when it is not a state."""
    return gazetteer().country_words.get(key(name))


def capital_of(name: str) -> str | None:
    """The capital of the state ``name`` names ("Kyrgyzstan", "the Kyrgyz Republic" -> "Bishkek"), when known."""
    state = country_of(name)
    c = gazetteer().countries.get(state) if state else None
    return c.get("capital") if c else None


def country_long(short: str) -> str:
    """'Kazakhstan' -> 'the Republic of Kazakhstan'; states without a long form keep their name."""
    c = gazetteer().countries.get(short)
    if not c or not c.get("long"):
        return short
    return "the " + c["long"]


def national_body(body: str, country: str) -> str:
    """Canonical name of a state's body: 'Ministry of Defence of the Russian Federation' (a state the
    gazetteer does not know as written: 'Ministry of Defence of the Republic of India')."""
    return f"{body} of {country_long(country)}"


_STATE_WORDS = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w’']+\s+){0,2}(?:Republic|Kingdom|Federation|Emirates|Principality)\b"
)


def state_as_written(name: str) -> str | None:
    """A state's name as the text writes it, for a state no list knows: "the Republic of India" (with the
    article a state's long form takes), "Pakistan"; None for what is no state's name."""
    name = " ".join(name.split())
    if not name or not name[0].isupper():
        return None
    if _STATE_WORDS.match(name) and (" of " in name or name.split()[-1] in _STATE_NAME_ENDS):
        return name if name.startswith("the ") else "the " + name  # "the Russian Federation"
    return name


_STATE_NAME_ENDS = {"Federation", "Republic", "Kingdom", "Emirates"}


_BODY_OF = re.compile(r"^(?P<body>.+?) of (?P<state>.+)$")


def canonical_org(name: str) -> str | None:
    """Canonical name of an organisation spelling, or None when the gazetteer does not know it."""
    if len(name) > 300:  # no organisation's name is that long; spare the quadratic search below
        return None
    g = gazetteer()
    k = key(name)
    if k in g.orgs:
        return g.orgs[k]
    words = k.split()
    # "<adjective> <body>": "Russian Ministry of Defense", "Belarusian Foreign Ministry"
    for n in (2, 1):
        if len(words) > n and " ".join(words[:n]) in g.country_words:
            state = g.country_words[" ".join(words[:n])]
            body = g.bodies.get(" ".join(words[n:]))
            if body:
                return national_body(body, state)
    # "<body> of <state>": "Ministry of Internal Affairs of the Kyrgyz Republic"
    for m in re.finditer(r" of ", k):
        body, state = g.bodies.get(k[: m.start()]), g.country_words.get(key(k[m.end() :]))
        if body and state:
            return national_body(body, state)
    return None


def fuzzy_org(name: str) -> str | None:
    """canonical_org for a misspelt long name ("Collective Security Treat Organization"), by rapidfuzz."""
    k = key(name)
    if len(k) < 15:
        return None
    from rapidfuzz import fuzz, process

    hit = process.extractOne(k, list(gazetteer().orgs), scorer=fuzz.ratio, score_cutoff=93)
    if not hit:
        return None
    # A misspelling changes letters, not names: every word the two spellings do not share must be a near
    # copy of one of the other's (so "... of the CIS" is not the CSTO's council, "Treat" is "Treaty").
    a, b = set(k.split()), set(hit[0].split())
    for word in a ^ b:
        other = b - a if word in a else a - b
        if not any(fuzz.ratio(word, o) >= 80 for o in other):
            return None
    return gazetteer().orgs[hit[0]]


def fuzzy_place(name: str) -> str | None:
    """The state a misspelt name means ("Kyrgystan", "Kyrgiz Republic"), by rapidfuzz."""
    k = key(name)
    if len(k) < 6:
        return None
    from rapidfuzz import fuzz, process

    countries = {s: c for s, c in gazetteer().country_words.items() if s not in gazetteer().adjectives}
    hit = process.extractOne(k, list(countries), scorer=fuzz.ratio, score_cutoff=90)
    return countries[hit[0]] if hit else None


def canonical_place(name: str) -> str | None:
    """Canonical name of a place spelling (states by their short name), or None when unknown."""
    return gazetteer().places.get(key(name))


@lru_cache(maxsize=1)
def _names() -> tuple[frozenset[str], tuple[str, ...]]:
    data = _load("names.json")
    return frozenset(key(n) for n in data["given"]), tuple(data["surname_endings"])


def is_given_name(word: str) -> bool:
    """A common given name of the region ("Yuri", "Imangali")."""
    return key(word) in _names()[0]


def has_surname_ending(word: str) -> bool:
    """Ends like a surname of the region ("-ov", "-enko", "-zoda")."""
    w = key(word)
    return len(w) > 3 and w.endswith(_names()[1])
