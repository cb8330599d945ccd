"""People: parse a name into surname and given names, and decide when two spellings are one person.

The rules (see docs/resolution.md): a person is a surname plus a compatible first name. Both are
compared on a transliteration *skeleton* so that the romanisations of one Cyrillic name agree
(Yury/Yuri, Sergey/Sergei, Andrei/Andrey, Nikolai/Nikolay, Zas/Zass, Taalatbek/Talatbek,
Ordabaev/Ordabayev); an initial agrees with any first name starting with it; remaining variants
(Aleksandr/Alexander) are compared with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from communique.resolve.registry import Registry
    from communique.store.interfaces import ResolutionStore

# Words that may precede a name in a mention but are not part of it.
TITLE_WORDS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "sir",
    "madam",
    "general",
    "colonel",
    "lieutenant",
    "major",
    "captain",
    "admiral",
    "marshal",
    "sergeant",
    "colonel-general",
    "lieutenant-general",
    "major-general",
    "army",
    "police",
    "president",
    "minister",
    "ambassador",
    "secretary",
    "deputy",
    "chairman",
    "chief",
    "commander",
    "head",
    "director",
    "acting",
    "senator",
    "prime",
    "foreign",
    "defence",
    "defense",
    "the",
    "his",
    "her",
    "excellency",
    "mister",
    "gen",
    "col",
    "lt",
}
_SUFFIXES = {"jr", "sr", "ii", "iii"}
_PATRONYMIC = re.compile(r"(ovich|evich|ovych|evych|ich|ovna|evna|ichna|ogly|oglu|uly|kyzy|qizi)$")
# Letters a transliteration may write in several ways, reduced to one form (order matters).
_TRANSLIT = [
    (re.compile(r"^ye"), "e"),
    (re.compile(r"^yo"), "e"),
    (re.compile(r"([aeiou])y([aeiou])"), r"\1\2"),  # Ordabayev -> Ordabaev
    (re.compile(r"dzh|dj"), "j"),  # Dzhaparov -> Japarov
    (re.compile(r"zh"), "j"),  # Zhaparov/Japarov, Kassym-Zhomart/Kassym-Jomart
    (re.compile(r"kh"), "h"),
    (re.compile(r"ks"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"yu"), "iu"),
    (re.compile(r"ya"), "ia"),
    (re.compile(r"y"), "i"),
    (re.compile(r"j"), "i"),
    (re.compile(r"ii$"), "i"),
    (re.compile(r"ie$"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),  # Zass -> Zas, Taalatbek -> Talatbek
]

FIRST_NAME_SIMILARITY = 80  # rapidfuzz ratio on skeletons, same initial
SURNAME_SIMILARITY = 88  # only with an identical first-name skeleton: Lukashenko/Lukashenka, typos


_KEEP = re.compile(r"[^\w\s'-]|_")


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lowercase, accents and punctuation gone (apostrophes and hyphens kept)."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _KEEP.sub("", text.lower())


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _cyrillic_read_in_latin(text: str, reading: str) -> bool:
    """A name written in Cyrillic whose in-page canonical (its nominative) is in Latin letters."""
    return bool(_CYRILLIC.search(text)) and not _CYRILLIC.search(reading)


@lru_cache(maxsize=262144)
def skeleton(word: str) -> str:
    """The transliteration-insensitive form of one name word (a Cyrillic one is transliterated first)."""
    if _CYRILLIC.search(word):
        from communique.extract.russian import to_latin

        word = to_latin(word)
    s = fold(word)
    s = re.sub(r"[^a-z]", "", s)
    for pattern, repl in _TRANSLIT:
        s = pattern.sub(repl, s)
    return s


@dataclass(frozen=True)
class PersonName:
    surname: str  # as written, e.g. "Tasmagambetov"
    first: str | None  # as written: "Imangali", "I" (an initial) or None
    middle: tuple[str, ...] = ()
    initial: bool = False  # the first name is only an initial ("I.", "Yu.")

    @property
    def surname_key(self) -> str:
        return skeleton(self.surname)

    @property
    def first_key(self) -> str | None:
        return skeleton(self.first) if self.first else None

    @property
    def is_initial(self) -> bool:
        return self.first is not None and (self.initial or len(self.first) == 1)

    @property
    def display(self) -> str:
        return f"{self.first} {self.surname}" if self.first and not self.is_initial else self.surname

    def key(self) -> str:
        """Stable resolution key: surname skeleton | first-name skeleton (or initial, or empty)."""
        first = self.first_key or ""
        if self.is_initial:
            first = first[:1]
        return f"{self.surname_key}|{first}"


@lru_cache(maxsize=131072)
def parse(text: str) -> PersonName | None:
    """Split a person mention into surname and first name; None when nothing name-like is left."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" ,;:'\"")
    text = re.sub(r"'s$|’s$", "", text)
    # "I.Tasmagambetov", "K.I. Suntaev": an initial's dot separates words.
    words = [w for w in re.split(r"[\s.]+", text) if w]
    words = [w for w in words if any(c.isalpha() for c in w)]
    while words and fold(words[0]) in TITLE_WORDS and len(words) > 1:
        words.pop(0)
    while len(words) > 1 and fold(words[-1]) in _SUFFIXES:
        words.pop()
    if not words:
        return None
    surname = words[-1].strip("-")
    if surname.isupper() and len(surname) > 2:
        surname = surname.capitalize()
    given = words[:-1]
    if not given:
        return PersonName(surname, None)
    first = given[0]
    middle = tuple(w for w in given[1:] if not _PATRONYMIC.search(fold(w)))
    initial = len(first) == 1 or (len(first) <= 3 and re.search(rf"\b{re.escape(first)}\.", text) is not None)
    return PersonName(surname, first, middle, initial)


def first_names_compatible(a: PersonName, b: PersonName) -> bool:
    """Same first name (transliteration-insensitive), an initial of it, or unknown on one side."""
    if a.first is None or b.first is None:
        return True
    ka, kb = a.first_key or "", b.first_key or ""
    if not ka or not kb:
        return True
    if a.is_initial or b.is_initial:
        return ka[0] == kb[0]
    if ka == kb:
        return True
    return ka[0] == kb[0] and fuzz.ratio(ka, kb) >= FIRST_NAME_SIMILARITY


def surnames_match(a: PersonName, b: PersonName) -> bool:
    if a.surname_key == b.surname_key:
        return True
    if (
        a.first_key
        and a.first_key == b.first_key
        and not a.is_initial
        and len(a.surname_key) >= 7
        and fuzz.ratio(a.surname_key, b.surname_key) >= SURNAME_SIMILARITY
    ):
        return True
    return False


def same_person(a: PersonName, b: PersonName) -> bool:
    return surnames_match(a, b) and first_names_compatible(a, b)


def specificity(name: PersonName) -> int:
    """How much a spelling says: full first name 2, initial 1, surname only 0."""
    if name.first is None:
        return 0
    return 1 if name.is_initial else 2


# --- Linking person mentions, post holders and event participants to entities -------------------

Context = tuple[int, int]  # (article id, teaser position or -1): the text a name is read in


def link(kb: ResolutionStore, reg: Registry) -> int:
    """Give every unresolved person spelling an entity; returns the number of rows linked.

    Full names are resolved first (they need no context), then initials and bare surnames, which
    prefer a person named in full in the same text, then one whose organisations are mentioned there,
    then the most mentioned compatible person.
    """
    rows: list[tuple[str, int, Context, str, str]] = []  # table, row id, context, spelling, name to read
    for mid, art, teaser, text, canonical in kb.unlinked_mentions("person"):
        rows.append(("m", mid, (art, -1 if teaser is None else teaser), text, canonical or text))
    for pid, art, teaser, text in kb.unlinked_post_people():
        rows.append(("p", pid, (art, -1 if teaser is None else teaser), text, text))
    for eid, text, art, teaser in kb.unlinked_participants():
        rows.append(("e", eid, (art, -1 if teaser is None else teaser), text, text))
    if not rows:
        return 0
    parsed: dict[str, PersonName | None] = {}
    for _, _, _, text, reading in rows:
        for t in (text, reading):
            if t not in parsed:
                parsed[t] = parse(t)
    # Extraction's in-page canonical ("Y.Chikhanchin" -> "Yuri Chikhanchin") counts if it keeps the surname,
    # and always for a name written in Cyrillic: there the canonical is its nominative in Latin letters
    # ("Тасмагамбетова" -> "Imangali Tasmagambetov"), whose surname an inflected form does not spell.
    rows = [
        (table, row_id, ctx, text, reading)
        if reading == text
        or (parsed[reading] and parsed[text] and parsed[reading].surname_key == parsed[text].surname_key)
        or (parsed[reading] and _cyrillic_read_in_latin(text, reading))
        else (table, row_id, ctx, text, text)
        for table, row_id, ctx, text, reading in rows
    ]

    resolved: dict[int, int] = {}  # row index -> entity
    in_context: dict[Context, set[int]] = defaultdict(set)
    full_cache: dict[str, int] = {}
    for i, (_, _, ctx, _, text) in enumerate(rows):
        name = parsed[text]
        if name is None or specificity(name) < 2:
            continue
        if text not in full_cache:
            full_cache[text] = _choose_full(reg, name)
        resolved[i] = full_cache[text]
        in_context[ctx].add(resolved[i])

    partial_contexts = {
        row[2] for i, row in enumerate(rows) if i not in resolved and parsed[row[4]] is not None
    }
    person_orgs, context_orgs = _org_context(kb, partial_contexts)
    for i, (_, _, ctx, _, text) in enumerate(rows):
        name = parsed[text]
        if name is None or i in resolved:
            continue
        resolved[i] = _choose_partial(reg, name, in_context[ctx], context_orgs.get(ctx, set()), person_orgs)
        in_context[ctx].add(resolved[i])

    updates: dict[str, list[tuple[int, int | str]]] = {"m": [], "p": [], "e": []}
    spellings: Counter[tuple[int, str]] = Counter()
    for i, (table, row_id, _, text, reading) in enumerate(rows):
        eid = resolved.get(i)
        if eid is None:
            continue
        if _cyrillic_read_in_latin(text, reading):
            # A Russian spelling is an alias (searchable), but the name shown is its Latin canonical.
            spellings[(eid, text)] += 0
            spellings[(eid, reading)] += 1 if table == "m" else 0
        else:
            spellings[(eid, text)] += 1 if table == "m" else 0
        updates[table].append((eid, row_id) if table != "e" else (eid, row_id, text))
    for (eid, text), n in spellings.items():
        reg.alias(eid, text, n)
    kb.link_mentions(updates["m"])
    kb.link_post_people(updates["p"])
    kb.link_participants(updates["e"])
    _consolidate(reg, {parsed[row[4]].surname_key for row in rows if parsed[row[4]] is not None})
    return len(resolved)


def _choose_full(reg: Registry, name: PersonName) -> int:
    best, best_score = None, -1.0
    candidates = list(reg.by_surname.get(name.surname_key, ()))
    if not candidates and len(name.surname_key) >= 7:
        # Another romanisation of the surname (Lukashenka/Lukashenko): same first name required.
        prefix = name.surname_key[:3]
        for surname, ids in reg.by_surname.items():
            if surname[:3] == prefix and surname != name.surname_key:
                candidates.extend(e for e in ids if e in reg.person and surnames_match(name, reg.person[e]))
    for eid in candidates:
        other = reg.person.get(eid)
        if other is None or specificity(other) < 2 or not first_names_compatible(name, other):
            continue
        score = (
            100.0
            if other.first_key == name.first_key
            else fuzz.ratio(other.first_key or "", name.first_key or "")
        )
        score += min(reg.weight[eid], 1000) / 10000  # ties go to the better-known person
        if score > best_score:
            best, best_score = eid, score
    if best is not None:
        return best
    return reg.create("person", name.key(), name.display)


def _choose_partial(
    reg: Registry, name: PersonName, here: set[int], orgs_here: set[int], person_orgs: dict[int, set[int]]
) -> int:
    spec = specificity(name)
    candidates = []
    for eid in reg.by_surname.get(name.surname_key, ()):
        other = reg.person.get(eid)
        if other is None or not first_names_compatible(name, other):
            continue
        if specificity(other) < spec or (specificity(other) == spec and eid not in here):
            continue
        candidates.append(eid)
    if not candidates:
        return reg.create("person", name.key(), name.display)

    def rank(eid: int) -> tuple:
        other = reg.person[eid]
        return (
            eid in here,
            len(person_orgs.get(eid, set()) & orgs_here),
            specificity(other),
            reg.weight[eid],
        )

    return max(candidates, key=rank)


def _org_context(
    kb: ResolutionStore, contexts: set[Context]
) -> tuple[dict[int, set[int]], dict[Context, set[int]]]:
    """Organisations each known person holds posts in, and organisations resolved in each text."""
    person_orgs: dict[int, set[int]] = defaultdict(set)
    for person, org in kb.person_post_orgs():
        person_orgs[person].add(org)
    context_orgs: dict[Context, set[int]] = defaultdict(set)
    if person_orgs and contexts:
        for art, teaser, eid in kb.context_entities({a for a, _ in contexts}):
            context_orgs[(art, -1 if teaser is None else teaser)].add(eid)
    return person_orgs, context_orgs


def _consolidate(reg: Registry, surnames: set[str]) -> None:
    """Fold an initial-only or surname-only entity into the one full-name person it can be."""
    for surname in surnames:
        group = list(reg.by_surname.get(surname, ()))
        for low in group:
            name = reg.person.get(low)
            if name is None or specificity(name) == 2:
                continue
            full = [
                e
                for e in reg.by_surname.get(surname, ())
                if e != low
                and specificity(reg.person[e]) == 2
                and first_names_compatible(name, reg.person[e])
            ]
            if len(full) == 1:
                reg.merge(low, full[0])
