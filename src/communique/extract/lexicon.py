"""The corpus lexicon: what the pages of a crawl teach about names, learned like the site model.

Every page is observed once, in the first pass of ``job.ingest`` and ``job.extract_file`` (before any page
is processed), so a name learned on one page is known on every page:

- **acronyms**: "Full Name (ACR)" defines ACR once for the corpus ("CARICC" on a page that never spells it
  out); a definition of a document ("Collective Security Treaty (CST)") marks ACR as no organisation;
- **institutional names**: a name of an institution by structure (``institutions.find``) seen on several
  pages is known everywhere, also where a page cuts it or writes it in a headline;
- **state posts**: who holds a state's post, where a page says which state ("Russian President Vladimir
  Putin", "Prime Minister of Armenia Nikol Pashinyan"): a page that writes only "President Putin" is read
  with the state the corpus gives him (by surname and title);
- **capitalisation**: on how many pages each word is written capitalised inside a sentence and on how
  many in lower case. A word always capitalised is a proper noun ("Kremlin", "Frontex"), one also written
  in lower case is a common noun capitalised as a reference ("the Council", "the Organization").

Only the text is read (no model runs), so observing costs a few regular expressions per page. State is
counts, so it merges by addition; it persists as (key, JSON) rows in the ``lexicon`` table
(``Store.load_lexicon`` / ``save_lexicon``).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from communique import names
from communique.document import Page
from communique.extract import gazetteer as gz
from communique.extract import institutions
from communique.extract.lang import en
from communique.extract.text_index import DIRECTION_TO

MIN_PAGES = 2  # a name seen as an institution's on this many pages is known for every page
MAX_WORDS = 200_000  # capitalisation is kept for this many words at most (the most frequent)
# a word, its possessive included ("the Taliban’s return" writes "Taliban" capitalised)
_WORD = re.compile(r"(?<![\w’'\-])([A-Za-z][a-z]{2,})(?![\w\-]|[’'](?!s\b))")
# a capitalised word used as a place: "in Minsk", "arrived in Dushanbe" (not "in Russia's", "in New York")
_LOCATIVE = re.compile(rf"\b(?:in|{DIRECTION_TO}|from|near|outside)\s+([A-Z][a-z]{{2,}})(?![\w’'\-]|\s+[A-Z])")
_ACRONYM = re.compile(r"(?<![\w’'\-])([A-Z][A-Za-z]?[A-Z]+)(?![\w’'\-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…\"“”«»()\[\]]|\n)\s*$")


_ARTICLE = re.compile(r"\b(?:the|a|an) ")


def _articleless(key: str) -> str:
    return _ARTICLE.sub("", key)


@dataclass
class Lexicon:
    """Names the corpus teaches; see the module docstring."""

    seen: set[str] = field(default_factory=set)  # content hashes (prefix) already observed
    acronyms: dict[str, Counter] = field(default_factory=dict)  # ACR -> full name -> pages
    not_orgs: Counter = field(default_factory=Counter)  # ACR defined as a document -> pages
    institutions: dict[str, Counter] = field(default_factory=dict)  # key -> spelling -> pages
    acronym_pages: Counter = field(default_factory=Counter)  # acronym-like word -> pages with it
    places: Counter = field(default_factory=Counter)  # word -> pages with it after "in"/"to"/"from"
    state_posts: dict[str, Counter] = field(default_factory=dict)  # "surname|title" -> state -> pages
    upper: Counter = field(default_factory=Counter)  # word -> pages with it capitalised mid-sentence
    lower: Counter = field(default_factory=Counter)  # word -> pages with it in lower case
    # institutions grouped by their key without articles, with the size of ``institutions`` it was made at
    _articleless: tuple[int, dict[str, Counter]] | None = field(default=None, repr=False, compare=False)

    @property
    def n_pages(self) -> int:
        return len(self.seen)

    # -- learning --------------------------------------------------------------------------------

    def observe(self, page: Page) -> None:
        """Learn from one page (once per content)."""
        h = page.content_hash[:16]
        if h in self.seen:
            return
        self.seen.add(h)
        if (page.lang or "en").lower().startswith("ru"):
            return  # the rules below read English
        text = page.text
        for acr in names.common_acronyms(text):
            self.not_orgs[acr] += 1
        for _s, _e, full, acr in names.acronym_definitions(text):
            if full.split()[-1].lower() in en.DOCUMENT_WORDS:
                self.not_orgs[acr] += 1
            elif len(full.split()) >= 2:
                self.acronyms.setdefault(acr, Counter())[full] += 1
        for spelling in {n.text for n in institutions.find(text)}:
            self.institutions.setdefault(names.key(spelling), Counter())[spelling] += 1
        self._articleless = None  # counts changed
        for held, state in {(_post_key(name, title), state) for name, title, state in _state_posts(text)}:
            self.state_posts.setdefault(held, Counter())[state] += 1  # (once per page)
        up, low = set(), set()
        for m in _WORD.finditer(text):
            w = m.group(1)
            if w.islower():
                low.add(w)
            elif not _SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]):
                up.add(w.lower())
        self.upper.update(up)
        self.lower.update(low)
        self.acronym_pages.update({m.group(1) for m in _ACRONYM.finditer(text)})
        self.places.update({m.group(1).lower() for m in _LOCATIVE.finditer(text)} - en.NOT_NAME_WORDS)

    def merge(self, other: Lexicon) -> Lexicon:
        """Both lexicons' counts (pages seen by both are counted twice: observe disjoint partitions)."""
        out = Lexicon(seen=self.seen | other.seen)
        for src in (self, other):
            for acr, fulls in src.acronyms.items():
                out.acronyms.setdefault(acr, Counter()).update(fulls)
            out.not_orgs.update(src.not_orgs)
            for k, spellings in src.institutions.items():
                out.institutions.setdefault(k, Counter()).update(spellings)
            for k, states in src.state_posts.items():
                out.state_posts.setdefault(k, Counter()).update(states)
            out.acronym_pages.update(src.acronym_pages)
            out.places.update(src.places)
            out.upper.update(src.upper)
            out.lower.update(src.lower)
        return out

    def minus(self, earlier: Lexicon) -> Lexicon:
        """What this lexicon learned since ``earlier``, the lexicon it grew from by observing more pages: their
        pages and the counts they added (for the store, which adds them to a lexicon another run saved
        meanwhile instead of overwriting it; as SiteModel.minus)."""
        out = Lexicon(seen=self.seen - earlier.seen)
        for acr, fulls in self.acronyms.items():
            added = fulls - earlier.acronyms.get(acr, Counter())
            if added:
                out.acronyms[acr] = added
        for k, spellings in self.institutions.items():
            added = spellings - earlier.institutions.get(k, Counter())
            if added:
                out.institutions[k] = added
        for k, states in self.state_posts.items():
            added = states - earlier.state_posts.get(k, Counter())
            if added:
                out.state_posts[k] = added
        out.not_orgs = self.not_orgs - earlier.not_orgs
        out.acronym_pages = self.acronym_pages - earlier.acronym_pages
        out.places = self.places - earlier.places
        out.upper = self.upper - earlier.upper
        out.lower = self.lower - earlier.lower
        return out

    # -- questions extraction asks ---------------------------------------------------------------

    def expansion(self, acronym: str) -> str | None:
        """The full name the corpus defines an acronym as (the most frequent), None when it does not
        or when the corpus also calls it a document."""
        fulls = self.acronyms.get(acronym)
        if not fulls or self.not_orgs.get(acronym, 0) >= sum(fulls.values()):
            return None
        # of two definitions as common, the one whose initials spell the acronym, then the shorter ("Shanghai
        # Cooperation Organisation (SCO)" over "Heads of States Council of the Shanghai Cooperation Organisation
        # (SCO)", where a definition's start was read too far back)
        full = max(fulls.items(), key=lambda kv: (kv[1], names.initials(kv[0]) == acronym.upper(), -len(kv[0]),
                                                  kv[0]))[0]
        # the usual spelling of that name ("Commonwealth of Independent States" on many pages, though the
        # one page that defines CIS writes "Commonwealth of the Independent States")
        return self.institution(full) or full

    def is_document(self, acronym: str) -> bool:
        """Does the corpus define the acronym as a document's ("Collective Security Treaty (CST)")?"""
        return self.not_orgs.get(acronym, 0) > sum(self.acronyms.get(acronym, Counter()).values())

    def institution(self, name: str) -> str | None:
        """The usual spelling of an institution's name seen on several pages, None when it was not.
        Spellings that differ by an article inside ("Commonwealth of [the] Independent States") are one
        name: the spelling most pages write wins."""
        if self._articleless is None or self._articleless[0] != len(self.institutions):  # new names: regroup
            merged: dict[str, Counter] = {}
            for k, spellings in self.institutions.items():
                merged.setdefault(_articleless(k), Counter()).update(spellings)
            self._articleless = (len(self.institutions), merged)
        spellings = self._articleless[1].get(_articleless(names.key(name)))
        if not spellings or sum(spellings.values()) < MIN_PAGES:
            return None
        return _usual(spellings)

    def state_of(self, person: str, title: str) -> str | None:
        """The state whose post ``title`` the corpus says ``person`` holds (by surname), when it names one state
        only for him."""
        states = self.state_posts.get(_post_key(person, title))
        if not states or len(states) != 1:
            return None
        return next(iter(states))

    def pages_with(self, acronym: str) -> int:
        """On how many pages the acronym-like word was written."""
        return self.acronym_pages.get(acronym, 0)

    def place_like(self, word: str) -> bool:
        """Is the word used as a place ("in Minsk") on several pages, and on a good share of the pages that
        write it?"""
        w = word.lower()
        n = self.places.get(w, 0)
        return n >= MIN_PAGES and n * 4 >= self.upper.get(w, 0)

    def proper_noun(self, word: str) -> bool | None:
        """Is the word always capitalised in the corpus (a proper noun)? None when the corpus has not
        seen it capitalised on several pages (no evidence either way)."""
        w = word.lower()
        up = self.upper.get(w, 0)
        if up < MIN_PAGES:
            return None
        return self.lower.get(w, 0) * 10 < up

    # -- persistence -----------------------------------------------------------------------------

    def rows(self) -> Iterable[tuple[str, str]]:
        yield "meta", json.dumps({"n_pages": self.n_pages, "version": 1})
        for h in sorted(self.seen):
            yield f"p:{h}", "1"
        for acr, fulls in self.acronyms.items():
            yield f"a:{acr}", json.dumps(dict(fulls), ensure_ascii=False)
        for acr, n in self.not_orgs.items():
            yield f"d:{acr}", str(n)
        for k, spellings in self.institutions.items():
            yield f"i:{k}", json.dumps(dict(spellings), ensure_ascii=False)
        for k, states in self.state_posts.items():
            yield f"s:{k}", json.dumps(dict(states), ensure_ascii=False)
        # every word, the ones only ever written in lower case too (they tell a common noun from a name)
        for w, _ in _most_common(self.upper + self.lower):
            yield f"w:{w}", json.dumps([self.upper.get(w, 0), self.lower.get(w, 0)])
        for acr, n in _most_common(self.acronym_pages):
            yield f"c:{acr}", str(n)
        for w, n in _most_common(self.places):
            yield f"l:{w}", str(n)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> Lexicon:
        lex = cls()
        for k, value in rows:
            kind, _, rest = k.partition(":")
            if kind == "p":
                lex.seen.add(rest)
            elif kind == "a":
                lex.acronyms[rest] = Counter(json.loads(value))
            elif kind == "d":
                lex.not_orgs[rest] = int(value)
            elif kind == "i":
                lex.institutions[rest] = Counter(json.loads(value))
            elif kind == "s":
                lex.state_posts[rest] = Counter(json.loads(value))
            elif kind == "l":
                lex.places[rest] = int(value)
            elif kind == "c":
                lex.acronym_pages[rest] = int(value)
            elif kind == "w":
                up, low = json.loads(value)
                if up:
                    lex.upper[rest] = up
                if low:
                    lex.lower[rest] = low
        return lex

    def stored(self) -> Lexicon:
        """This lexicon as ``rows`` keep it (the same, but past ``MAX_WORDS`` words): what a later run loads."""
        return Lexicon.from_rows(self.rows())

    def digest(self) -> str:
        """A short fingerprint of the content (tests and logs)."""
        return hashlib.blake2b("\n".join(f"{k}={v}" for k, v in self.rows()).encode(), digest_size=8).hexdigest()


# A state's post before a name, the state said by its adjective or its "of" complement: "Russian President
# Vladimir Putin", "the Prime Minister of Armenia Nikol Pashinyan", "Kazakh Foreign Minister X".
_STATE_TITLE_WORDS = re.compile(rf"(?i)\b(?:{en.STATE_POST_WORDS})\b")
_NAME_AFTER = r"(?P<name>[A-Z][a-z’'\-]+(?:[ \t]+[A-Z][a-z’'\-]+){1,2})\b"


@gz.derived
def _state_post_pattern() -> re.Pattern[str]:
    titles = sorted((t for t in gz.titles() if _STATE_TITLE_WORDS.search(t)), key=len, reverse=True)
    title = "|".join(re.escape(t).replace(r"\ ", r"[ \t]+") for t in titles)
    states = sorted(gz.gazetteer().country_words, key=len, reverse=True)
    state = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in states if w.replace(" ", "").isalpha())
    return re.compile(
        rf"(?:\b(?P<adj>(?i:{state}))[ \t]+(?P<t1>(?i:{title}))"
        rf"|\b(?P<t2>(?i:{title}))[ \t]+of[ \t]+(?:the[ \t]+)?(?P<of>(?i:{state})))[ \t]+{_NAME_AFTER}"
    )


def _state_posts(text: str) -> list[tuple[str, str, str]]:
    """(name, title, state) of each state post a page gives with its state."""
    out = []
    for m in _state_post_pattern().finditer(text):
        state = gz.country_of(m.group("adj") or m.group("of"))
        if state:
            out.append((m.group("name"), m.group("t1") or m.group("t2"), state))
    return out


def _post_key(person: str, title: str) -> str:
    """A holder and a title, compared: the surname, and the title's last word ("Prime Minister" -> minister)."""
    surname = names.key(person).split()[-1] if person.strip() else ""
    return f"{surname}|{names.key(title).split()[-1] if title.strip() else ''}"


def _most_common(counts: Counter) -> list[tuple[str, int]]:
    """The ``MAX_WORDS`` largest counts, ties by the word: the same entries whatever order they were counted
    in (``Counter.most_common`` breaks ties by insertion order, which a reloaded lexicon does not keep)."""
    if len(counts) <= MAX_WORDS:
        return sorted(counts.items())
    return heapq.nsmallest(MAX_WORDS, counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _usual(spellings: Counter) -> str:
    """The spelling most pages write; of two as common, the fuller ("… of the CSTO" over "… of CSTO"), then
    the one last in alphabetical order: never the one observed first, which a lexicon reloaded from the store
    (a run resumed after a kill) does not know."""
    return max(spellings.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
