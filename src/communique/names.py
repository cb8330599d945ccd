"""Names of people and organisations: normalise, transliterate, parse and compare them.

One module for extraction (grouping the spellings of one page) and resolution (linking pages), so that
"Yury Petrakov" and "Yuri Petrakov" are one person by the same rule everywhere:

- **normalise**: ``key`` (the comparison form of any name: accents, case, quotes, punctuation and a
  leading "the" gone), ``fold`` (lower case without accents, apostrophes and hyphens kept),
  ``clean_org`` / ``org_key`` (an organisation's spelling without article or possessive, and its key);
- **transliterate**: ``to_latin`` (a Cyrillic name as the English press writes it), ``skeleton`` (one name
  word reduced to the letters every romanisation of it shares);
- **parse**: ``parse_person`` (surname, first name or initial, middle names; titles, patronymics and
  surname-first order undone), ``natural_order``, ``acronym_definitions`` ("Full Name (ACR)");
- **compare**: ``same_person``, ``first_names_compatible``, ``surnames_match``, ``initials``,
  ``is_acronym``.

Rules are written here, not in the components; see docs/entities.md ("Names") for why each exists.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# ----------------------------------------------------------------------------------------- normalise

_KEY_PUNCT = re.compile(r"[\"'`«»“”„’‘.,;:()\[\]!?–—]")
_HYPHENS = re.compile(r"[-‐‑‒]")


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Comparison form of a name: accents, case, quotes, punctuation and a leading 'the' removed."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("ё", "е")
    s = _KEY_PUNCT.sub(" ", s)
    s = _HYPHENS.sub(" ", s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


_KEEP = re.compile(r"[^\w\s'-]|_")


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lowercase, accents and punctuation gone (apostrophes and hyphens kept)."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _KEEP.sub("", text.lower())


def fold_key(name: str) -> str:
    """``fold`` with hyphens as spaces and spaces collapsed: the key of a place's name."""
    return " ".join(fold(name).replace("-", " ").split())


@lru_cache(maxsize=131072)
def clean_org(text: str) -> str:
    """An organisation's spelling without a leading article, a possessive or stray punctuation."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.\"'“”«»")
    text = re.sub(r"(?:'s|’s|')$", "", text)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    return text.strip()


# British and American spellings of one word in names: one name, whichever the text uses
SPELLINGS = (("defence", "defense"), ("centre", "center"), ("labour", "labor"), ("programme", "program"))


def as_spelled(name: str, written: str, variants: tuple[tuple[str, str], ...]) -> str:
    """``name`` with each word of a spelling pair (``variants``: (British, American) in lower case) spelled
    as ``written`` spells it: ("Ministry of Defence of Armenia", "Armenian Defense Ministry") -> "Ministry
    of Defense of Armenia"."""
    low = written.lower()
    for pair in variants:
        for used, other in (pair, pair[::-1]):
            if re.search(rf"\b{used}\b", low) and re.search(rf"(?i)\b{other}\b", name):
                name = re.sub(rf"\b{other}\b", used, name)
                name = re.sub(rf"\b{other.title()}\b", used.title(), name)
    return name


@lru_cache(maxsize=131072)
def org_key(name: str) -> str:
    """Resolution key of an organisation: folded, British spelling made American."""
    folded = fold(clean_org(name)).replace("organisation", "organization")
    for british, american in SPELLINGS:  # "Ministry of Defence" and "Ministry of Defense" are one
        if british in folded:
            folded = re.sub(rf"\b{british}\b", american, folded)
    return fold_key(folded)


# ----------------------------------------------------------------------------------- transliterate

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=1)
def _names_pack() -> str:
    """Register (once) transliterate's Russian pack with the English press's letters for names.

    The library's own Russian pack writes й/ю/я as j/ju/ja and keeps ь as an apostrophe ("Jurij", "Zas'");
    English-language news about the region writes "Yuri", "Zas", "Shoigu". Only those letters differ here,
    plus the Kazakh and Kyrgyz letters a Central Asian name may carry.
    """
    from transliterate.base import registry
    from transliterate.contrib.languages.ru.translit_language_pack import RussianLanguagePack

    class RussianNamesPack(RussianLanguagePack):
        language_code = "ru_names"
        language_name = "Russian names (English press)"
        # one Cyrillic letter per Latin one here (the library inverts this table) ...
        mapping = ("abvgdeziklmnoprstufABVGDEZIKLMNOPRSTUF", "абвгдезиклмнопрстуфАБВГДЕЗИКЛМНОПРСТУФ")
        # ... and the letters that share a Latin one, Cyrillic to Latin only
        reversed_specific_mapping = (
            "ёэйыЁЭЙЫәғқңөұүһіӘҒҚҢӨҰҮҺІ",
            "eeyyEEYYagknouuhiAGKNOUUHI",
        )
        reversed_specific_pre_processor_mapping = {"ь": "", "ъ": "", "Ь": "", "Ъ": ""}
        pre_processor_mapping = {
            "zh": "ж",
            "kh": "х",
            "ts": "ц",
            "ch": "ч",
            "sh": "ш",
            "shch": "щ",
            "yu": "ю",
            "ya": "я",
            "Zh": "Ж",
            "Kh": "Х",
            "Ts": "Ц",
            "Ch": "Ч",
            "Sh": "Ш",
            "Shch": "Щ",
            "Yu": "Ю",
            "Ya": "Я",
        }

    registry.register(RussianNamesPack)
    return RussianNamesPack.language_code


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """A Cyrillic name in Latin letters as the English press writes it ("Юрий Хачатуров" -> "Yuriy Khachaturov").

    Text without Cyrillic is returned as is; so is everything when the library is not installed.
    """
    if not CYRILLIC.search(text):
        return text
    try:
        from transliterate import translit

        return translit(text, _names_pack(), reversed=True)
    except ImportError:
        return text


# Letters a transliteration may write in several ways, reduced to one form (order matters).
_TRANSLIT = [
    (re.compile(r"^ye"), "e"),
    (re.compile(r"^yo"), "e"),
    (re.compile(r"([^aeiouy])yo"), r"\1e"),  # ё: Kiselyov/Kiselev, Fyodor/Fedor, Pyotr/Petr
    (re.compile(r"([^aeiouy])ye"), r"\1e"),  # ье: Lavrentyev/Lavrentev
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


@lru_cache(maxsize=262144)
def skeleton(word: str) -> str:
    """The transliteration-insensitive form of one name word (a Cyrillic one is transliterated first)."""
    if CYRILLIC.search(word):
        word = to_latin(word)
    s = re.sub(r"[^a-z]", "", fold(word))
    for pattern, repl in _TRANSLIT:
        s = pattern.sub(repl, s)
    return s


# ------------------------------------------------------------------------------------------- parse

# Words that may precede a name in a mention but are not part of it.
TITLE_WORDS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "madam", "general", "colonel", "lieutenant",
        "major", "captain", "admiral", "marshal", "sergeant", "colonel-general", "lieutenant-general",
        "major-general", "army", "police", "president", "minister", "ambassador", "secretary", "deputy",
        "chairman", "chief", "commander", "head", "director", "acting", "senator", "prime", "foreign",
        "defence", "defense", "the", "his", "her", "excellency", "mister", "gen", "col", "lt",
    }
)  # fmt: skip
_SUFFIXES = {"jr", "sr", "ii", "iii"}
PATRONYMIC = re.compile(
    r"(?:ovich|evich|ovych|evych|yevich|ievich|ich|ovna|evna|ichna|ogly|oglu|uly|kyzy|qizi"
    r"|ович|евич|ич|овна|евна|ична|инична)$",
    re.I,
)


def is_patronymic(word: str) -> bool:
    return bool(PATRONYMIC.search(word))


def natural_order(name: str) -> str:
    """'Semerikov Valeriy Anatolyevich' (surname first, as lists write it) -> 'Valeriy Anatolyevich Semerikov'."""
    toks = name.split()
    if len(toks) == 3 and is_patronymic(toks[2]) and not is_patronymic(toks[1]):
        return f"{toks[1]} {toks[2]} {toks[0]}"
    return name


def is_initial(token: str) -> bool:
    """'A.', 'A.I.', 'Yu.': a given name (and patronymic) written as initials."""
    return bool(re.fullmatch(r"(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?)+", token))


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
def parse_person(text: str) -> PersonName | None:
    """Split a person's name into surname and first name; None when nothing name-like is left."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" ,;:'\"")
    text = natural_order(re.sub(r"'s$|’s$", "", text))
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
    middle = tuple(w for w in given[1:] if not is_patronymic(fold(w)))
    initial = len(first) == 1 or (len(first) <= 3 and re.search(rf"\b{re.escape(first)}\.", text) is not None)
    return PersonName(surname, first, middle, initial)


def surname_of(name: str) -> str:
    toks = re.findall(r"[\w’'\-]+", name)
    return toks[-1] if toks else ""


# ----------------------------------------------------------------------------------------- compare

FIRST_NAME_SIMILARITY = 80  # rapidfuzz ratio on skeletons, same initial
SURNAME_SIMILARITY = 88  # across texts: only with an identical first-name skeleton (Lukashenko/Lukashenka)
SURNAME_SIMILARITY_ONE_TEXT = 90  # within one text: a near-identical surname is a typo of the same one


def first_names_compatible(a: PersonName, b: PersonName) -> bool:
    """Same first name (transliteration-insensitive), an initial of it, or unknown on one side.

    A first name the other spelling carries as its middle name fits too ("Nawaz Sharif" is "Muhammad
    Nawaz Sharif").
    """
    if a.first is None or b.first is None:
        return True
    ka, kb = a.first_key or "", b.first_key or ""
    if not ka or not kb:
        return True
    if a.is_initial or b.is_initial:
        return ka[0] == kb[0]
    if ka == kb or (ka[0] == kb[0] and fuzz.ratio(ka, kb) >= FIRST_NAME_SIMILARITY):
        return True
    return any(skeleton(m) in (ka, kb) for m in a.middle + b.middle)


def surnames_match(a: PersonName, b: PersonName, *, one_text: bool = False) -> bool:
    """Same surname up to transliteration; a near-identical one with the same first name, or within one
    text (where a second person of almost the same surname is far rarer than a typo)."""
    sa, sb = a.surname_key, b.surname_key
    if sa == sb:
        return True
    if one_text:
        return min(len(sa), len(sb)) >= 5 and fuzz.ratio(sa, sb) >= SURNAME_SIMILARITY_ONE_TEXT
    return bool(
        a.first_key
        and a.first_key == b.first_key
        and not a.is_initial
        and len(sa) >= 7
        and fuzz.ratio(sa, sb) >= SURNAME_SIMILARITY
    )


def _as_name(name: str | PersonName) -> PersonName | None:
    return name if isinstance(name, PersonName) else parse_person(name)


def same_person(a: str | PersonName, b: str | PersonName, *, one_text: bool = False) -> bool:
    """Do two spellings name one person? Same surname (up to transliteration), compatible first names.

    ``one_text``: both spellings are read in one text (see ``surnames_match``).
    """
    pa, pb = _as_name(a), _as_name(b)
    if pa is None or pb is None:
        return False
    return surnames_match(pa, pb, one_text=one_text) and first_names_compatible(pa, pb)


def specificity(name: PersonName) -> int:
    """How much a spelling says: full first name 2, initial 1, surname only 0."""
    if name.first is None:
        return 0
    return 1 if name.is_initial else 2


# ----------------------------------------------------------------------------------- organisations

ORG_STOP = frozenset({"of", "the", "and", "for", "on", "in", "to", "de", "at", "&"})


@lru_cache(maxsize=131072)
def is_acronym(text: str) -> bool:
    """'CSTO', 'PA CSTO'... one word, mostly capitals."""
    t = clean_org(text)
    letters = [c for c in t if c.isalpha()]
    return (
        " " not in t
        and 2 <= len(letters) <= 10
        and sum(c.isupper() for c in letters) >= max(2, int(0.6 * len(letters)))
    )


@lru_cache(maxsize=131072)
def initials(name: str) -> str:
    """The capitals an acronym of the name would have: 'Collective Security Treaty Organization' -> 'CSTO'."""
    words = [w for w in re.split(r"[\s\-]+", clean_org(name)) if w and w.lower() not in ORG_STOP]
    return "".join(w[0] for w in words).upper()


def trim_to_initials(long: str, short: str) -> str | None:
    """The shortest tail of ``long`` whose initials spell ``short`` (drops 'The meeting of the ...')."""
    words = long.split()
    for i in range(len(words)):
        if words[i].lower() in ORG_STOP:
            continue
        tail = " ".join(words[i:])
        if initials(tail) == short.upper():
            return clean_org(tail)
    return None


_ACRONYM_DEF = re.compile(
    r"(?P<full>(?:[A-Z][\w’'\-]*)(?:,?[ \t]+(?:of|the|for|on|and|in|to|against|[A-Z][\w’'\-]*))*)"
    r"[ \t]*\((?P<acr>[A-Z][A-Za-z]{0,3}[A-Z]+(?:\s[A-Z]{2,})?)\)"
)
_ACRONYM_PAREN = re.compile(r"\((?:[A-Z][A-Za-z]{0,3}[A-Z]+(?:\s[A-Z]{2,})?)\)")
_ACRONYM_WINDOW = 200


def acronym_definitions(text: str) -> list[tuple[int, int, str, str]]:
    """'Full Name (ACR)' definitions in a text: (full start, full end, full name, acronym).

    The full name is cut back to the capitalised words whose initials spell the acronym, so that
    "the Secretary General of the Collective Security Treaty Organization (CSTO)" yields the organisation.
    """
    out = []
    for paren in _ACRONYM_PAREN.finditer(text):
        # Look back a bounded window only: a long capitalised run must not make this quadratic.
        lo = max(0, paren.start() - _ACRONYM_WINDOW)
        m = _ACRONYM_DEF.search(text, lo, paren.end())
        while m and m.end() != paren.end():
            m = _ACRONYM_DEF.search(text, m.start() + 1, paren.end())
        if not m:
            continue
        acr = m.group("acr").replace(" ", "")
        words = list(re.finditer(r"[\w’'\-]+", m.group("full")))
        # the start whose capitals spell the acronym; else the first that nearly does ("Collective Security
        # Treaty Organization of ..." for CSTO): not "States Council of the Shanghai Cooperation Organisation"
        # for SCO, whose exact start comes later
        best = loose = None
        for i, w in enumerate(words):
            if not w.group()[0].isupper() or w.group()[0] != acr[0]:
                continue
            caps = "".join(x.group()[0] for x in words[i:] if x.group()[0].isupper())
            if caps == acr:
                best = w
                break
            if loose is None and len(caps) >= len(acr) - 1 and caps[:2] == acr[:2]:
                loose = w
        best = best or loose
        if best is None:
            continue
        start = m.start("full") + best.start()
        out.append((start, m.end("full"), text[start : m.end("full")], acr))
    return out


_PAREN_ACRONYM = re.compile(r"\((?P<acr>[A-Za-z]{2,8})\)")


def common_acronyms(text: str) -> set[str]:
    """Acronyms a text defines for a common-noun phrase ("area of responsibility (AoR)"): no names."""
    out = set()
    for m in _PAREN_ACRONYM.finditer(text):
        acr = m.group("acr")
        words = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 120) : m.start()])
        for kept in (words, [w for w in words if w.lower() not in ORG_STOP]):
            tail = kept[-len(acr) :]
            if len(tail) == len(acr) and all(w.islower() for w in tail):
                if "".join(w[0] for w in tail).lower() == acr.lower():
                    out.add(acr)
    return out
