"""What a page's text says about a word, answered from indexes built once per text.

The entity stages ask, for every candidate name the model found, whether the page writes a word elsewhere
(in lower case, twice), whether it follows "in"/"to"/"from", whether it is named as a news source. A
regular expression per candidate over the whole text made a window's work quadratic in its length (and
compiled a pattern per name); here each question is a dictionary lookup in an index made by one pass of
a fixed expression over the text, made on first use (``names_written``, asked of a few multi-word names
only, still scans the text, as the ``str.count`` it replaced did). Every answer is the one the per-name expression
gives (``tests/extract/test_text_index.py`` compares them on random texts); a word the index cannot
answer exactly (one holding characters the index's tokens do not) falls back to that expression.

Hand-written: no library indexes a text by the word boundaries these rules use (``’``, ``'`` and ``-``
inside words), and the rules' expressions are what the indexes must reproduce.
"""

from __future__ import annotations

import re
from collections import Counter

from communique import names
from communique.extract.lang import en

# Words as the entity rules bound them: no word character, ’, ' or - on either side (``_JOINED``); the
# acronym rule bounds by word characters and - only (``_HYPHENED``).
_JOINED = re.compile(r"[\w’'\-]+")
_HYPHENED = re.compile(r"[\w\-]+")
_BOUNDS = {_JOINED: r"[\w’'\-]", _HYPHENED: r"[\w\-]"}

# "to" where it is a direction: not after "according", "thanks", ... (lang.en.NOT_DIRECTION_BEFORE_TO)
DIRECTION_TO = "".join(f"(?<!{w} )(?<!{w.title()} )" for w in en.NOT_DIRECTION_BEFORE_TO) + "to"
# "in Minsk", "visited Dushanbe": a locative word and the space after it, at most 12 characters
_LOCATIVE_WORDS = rf"\b(?:in|{DIRECTION_TO}|from|near|at|visited|visit|outside)\s+"
_LOCATIVE_RUN = re.compile(_LOCATIVE_WORDS)
_LOCATIVE_REACH = 12
_NOT_A_PLACE_END = re.compile(r"[\w’'\-]|\s+[A-Z]")  # a place word ends here unless a word or a name goes on

# A news source's role: "according to [the] X", "told X", "cited by X", "quoted by X"; "X reported"; "(X)"
_ROLE_BEFORE = re.compile(r"\b(?:according\s+to|told|cited\s+by|quoted\s+by)\s+")
_THE = re.compile(r"the\s+")
_ROLE_AFTER = re.compile(r"\s+(?:" + "|".join(en.REPORTING_VERBS) + r")\b")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_BOUNDARY = re.compile(r"\b")


def source_role(name: str) -> re.Pattern[str]:
    """A name in the role of a news source: subject of a reporting verb, object of "told", "according to"
    (the definition ``TextIndex.source_role`` answers from its indexes)."""
    n = re.escape(name)
    verbs = "|".join(en.REPORTING_VERBS)
    return re.compile(
        rf"\b(?:according\s+to|told|cited\s+by|quoted\s+by)\s+(?:the\s+)?{n}\b|\b{n}\s+(?:{verbs})\b|\({n}\)"
    )


class TextIndex:
    """Questions about words of one text; see the module docstring."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: dict[re.Pattern[str], Counter[str]] = {}
        self._locative_ends: list[int] | None = None
        self._after_locative: dict[int, set[str]] = {}
        self._role_starts: list[int] | None = None
        self._role_ends: list[int] | None = None
        self._bracketed: set[str] | None = None
        self._before_role: dict[int, set[str]] = {}
        self._after_role: dict[int, set[str]] = {}
        self._common_acronyms: set[str] | None = None

    def common_acronyms(self) -> set[str]:
        """``names.common_acronyms`` of the text ("area of responsibility (AoR)"), read once."""
        if self._common_acronyms is None:
            self._common_acronyms = names.common_acronyms(self.text)
        return self._common_acronyms

    def occurrences(self, word: str, hyphen_only: bool = False) -> int:
        """How often the text writes ``word`` as a word: no word character, ’, ' or - on either side (no
        word character or - when ``hyphen_only``)."""
        tokens = _HYPHENED if hyphen_only else _JOINED
        if not tokens.fullmatch(word):  # not one token: the expression itself
            bound = _BOUNDS[tokens]
            return len(re.findall(rf"(?<!{bound}){re.escape(word)}(?!{bound})", self.text))
        if tokens not in self._tokens:
            self._tokens[tokens] = Counter(tokens.findall(self.text))
        return self._tokens[tokens][word]

    def written(self, word: str, hyphen_only: bool = False) -> bool:
        return self.occurrences(word, hyphen_only) > 0

    def names_written(self, name: str) -> int:
        """How often the text writes ``name`` not inside a longer word ("Collective Security Treat" is not
        written by "Collective Security Treaty")."""
        return len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", self.text))

    def after_locative(self, word: str) -> bool:
        """Does the text write ``word`` (as a word, no capitalised word after it) right after "in", "to" (a
        direction: not "according to"), "from", "near", "at", "visit(ed)" or "outside" and the space after
        it (at most 12 characters)?"""
        if not word or any(c.isspace() for c in word):
            return any(
                _LOCATIVE_BEFORE.search(self.text, max(0, m.start() - _LOCATIVE_REACH), m.start())
                for m in re.finditer(rf"(?<![\w’'\-]){re.escape(word)}(?![\w’'\-]|\s+[A-Z])", self.text)
            )
        if self._locative_ends is None:
            self._locative_ends = [m.end() for m in _LOCATIVE_RUN.finditer(self.text)
                                   if m.end() - m.start() <= _LOCATIVE_REACH]
        n = len(word)
        if n not in self._after_locative:
            text = self.text
            self._after_locative[n] = {text[p : p + n] for p in self._locative_ends
                                       if not _NOT_A_PLACE_END.match(text, p + n)}
        return word in self._after_locative[n]

    def source_role(self, name: str) -> bool:
        """Is ``name`` in the role of a news source (``source_role(name)`` matches the text)?"""
        if not name or name[0].isspace() or name[-1].isspace():
            return bool(source_role(name).search(self.text))
        text = self.text
        if self._role_starts is None:
            starts = []
            for m in _ROLE_BEFORE.finditer(text):
                starts.append(m.end())
                the = _THE.match(text, m.end())
                if the:
                    starts.append(the.end())
            self._role_starts = starts
            self._role_ends = [m.start() for m in _ROLE_AFTER.finditer(text)]
        n = len(name)
        if n not in self._before_role:
            # the name starts where a role ends and a word boundary follows it; or ends where "reported" starts
            self._before_role[n] = {text[p : p + n] for p in self._role_starts if _BOUNDARY.match(text, p + n)}
            self._after_role[n] = {text[q - n : q] for q in self._role_ends or []
                                   if q >= n and _BOUNDARY.match(text, q - n)}
        if name in self._before_role[n] or name in self._after_role[n]:
            return True
        if "(" in name or ")" in name:
            return f"({name})" in text
        if self._bracketed is None:
            self._bracketed = {m.group(1) for m in _BRACKETED.finditer(text)}
        return name in self._bracketed


_LOCATIVE_BEFORE = re.compile(_LOCATIVE_WORDS + "$")
