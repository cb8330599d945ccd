"""Whose title a sentence gives: is "Secretary General" in this sentence the named person's post in the body
the evidence was filed under, or another body's, or another person's?

Extraction files a post under the organisation it reads nearest; the sentence's structure can say otherwise:

- **another body**: the title is written with another organisation ("the SCO Secretary General Bolat N.",
  "António Guterres, Secretary-General of the United Nations") while the post was filed under the CSTO;
- **a body not written**: the title stands alone ("…, Secretary-General António Guterres told …"), the
  sentence also names an organisation in which the same person holds the same post by other evidence;
- **another person's title**: the title reaches the name only across a comma and the name carries a post of
  its own ("replacing the Secretary General, Tigran B. – foreign ministry spokesperson, told …": the
  Secretary General being replaced is someone else).

The title phrase is read on the text: the run of words before the name back to a clause break (a comma,
a spaced dash, a quote, "and"), the appositive before a comma, or the run after the name. Organisations are
recognised by the sentence's own org and place mentions (their spans are text in the phrase) and by
acronyms; they are compared with the spellings of the organisation the post was filed under. A sentence whose
title cannot be found (another language, a paraphrase) is kept: only a structure that says "not this body"
or "not this person" excludes.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from communique.extract.gazetteer import country_long, country_of
from communique.extract.gazetteer import ranks as gazetteer_ranks
from communique.extract.gazetteer import titles as gazetteer_titles
from communique.resolve.people import fold

# Clause breaks: a title phrase never spans one. A hyphen inside a word ("Secretary-General") is no break.
_BREAK = re.compile(r"[,;:!?\"“”«»„\[\]]|\s[–—-]\s|\s[–—]|[–—]\s|\.(?=\s|$)|\b(?:and|with|while|as well as)\b",
                    re.I)
_SHORT_BRACKETS = re.compile(r"\([^()]{1,60}\)")  # "(CSTO)", "(CSC)": read as spaces, the span kept
_ACRONYM = re.compile(r"\b[A-ZА-ЯЁ][A-ZА-ЯЁ&]{1,9}\b")
_WORD = re.compile(r"[\w’'.&-]+")
_LEADING = re.compile(r"\s*(?:[,–—-]\s*)?")
# Words that may stand between an organisation and its title ("CSTO Acting Secretary General").
_TITLE_LEFT = {"acting", "interim", "deputy", "first", "former", "then", "outgoing", "new", "newly", "incoming",
               "vice", "executive"}


@dataclass(frozen=True)
class Body:
    """An organisation or place named in the sentence: its text as written and its entity when resolved."""

    text: str
    entity_id: int | None = None


@dataclass(frozen=True)
class Tie:
    """What the sentence's structure says about one piece of post evidence."""

    phrase: str | None  # the title with the words that bind it ("the SCO Secretary General"), None: not found
    bodies: tuple[str, ...] = ()  # the organisations written in the phrase
    reason: str | None = None  # why the evidence is not the filed body's post; None when it may be

    @property
    def excluded(self) -> bool:
        return self.reason is not None


def _masked(sentence: str) -> str:
    """The sentence with short bracketed asides blanked (positions kept), so "(CSTO)" breaks no phrase."""
    return _SHORT_BRACKETS.sub(lambda m: " " * len(m.group(0)), sentence)


@lru_cache(maxsize=4096)
def _title_pattern(role: str) -> re.Pattern[str] | None:
    """The role as written, any spacing or hyphenation, without the words that only qualify it."""
    words = [w for w in re.split(r"[\s\-‐]+", role.strip()) if w]
    while words and fold(words[0]).strip(".") in _TITLE_LEFT:
        words = words[1:]
    if not words:
        return None
    return re.compile(r"(?<![\w-])" + r"[\s\-‐]+".join(map(re.escape, words)) + r"(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _rank_at_end() -> re.Pattern[str]:
    ranks = sorted(gazetteer_ranks(), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(r) for r in ranks) + r")\s*$", re.I)


@lru_cache(maxsize=1)
def _other_titles() -> re.Pattern[str]:
    titles = sorted(gazetteer_titles(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in titles) + r")(?![\w-])", re.I)


def _name_spans(sentence: str, person: str) -> list[tuple[int, int]]:
    """Where the person (as written in the evidence) is named: the whole name, else the surname."""
    person = person.strip()
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(person), sentence)] if person else []
    if not spans:
        parts = [p for p in re.split(r"[\s.]+", person) if len(p) >= 3]
        if parts:
            spans = [(m.start(), m.end()) for m in re.finditer(r"\b" + re.escape(parts[-1]) + r"\b", sentence)]
    return spans


def _break_before(text: str, end: int) -> int:
    """The start of the clause-run that ends at ``end``."""
    start = 0
    for m in _BREAK.finditer(text, 0, end):
        start = m.end()
    return start


def _break_after(text: str, start: int) -> int:
    m = _BREAK.search(text, start)
    return m.start() if m else len(text)


def _left_words(text: str, at: int, floor: int) -> int:
    """Where the capitalised words (and title qualifiers) just before position ``at`` begin: the words that name
    the title's body when written in front of it ("the SCO Secretary General": "SCO")."""
    start = at
    for m in reversed(list(_WORD.finditer(text, floor, at))):
        if text[m.end():start].strip():
            break  # something other than spaces between two words: the run ends
        word = m.group(0)
        if word[:1].isupper() or fold(word).strip(".") in _TITLE_LEFT:
            start = m.start()
        else:
            break
    return start


def _phrase_before(text: str, name: tuple[int, int], title: re.Pattern[str]) -> tuple[int, int] | None:
    """The title in the run of words right before the name ("the CSTO Secretary General Stanislav Z.",
    "Secretary General of the Organization Nikolay B."): the phrase's span, or None."""
    floor = _break_before(text, name[0])
    found = list(title.finditer(text, floor, name[0]))
    if not found:
        return None
    last = found[-1]
    return _left_words(text, last.start(), floor), name[0]


def _phrase_apposed(text: str, name: tuple[int, int], title: re.Pattern[str]) -> tuple[int, int] | None:
    """The title in the appositive that ends in a comma right before the name ("the Secretary General of
    the United Nations, António G."): the phrase's span, or None."""
    gap = _rank_at_end().sub("", text[:name[0]].rstrip()).rstrip()  # "…, Colonel-General Valery S."
    if not gap.endswith(","):
        return None
    comma = len(gap) - 1
    floor = _break_before(text, comma)
    found = list(title.finditer(text, floor, comma))
    if not found:
        return None
    last = found[-1]
    if not re.fullmatch(r"[\s\w’'.()-]*", text[last.end():comma]):
        return None
    return _left_words(text, last.start(), floor), comma


def _phrase_after(text: str, name: tuple[int, int], title: re.Pattern[str]) -> tuple[int, int] | None:
    """The title in the run after the name ("António G., Secretary-General of the United Nations",
    "Z. has been nominated as CSTO Secretary General"): the phrase's span, or None."""
    lead = _LEADING.match(text, name[1])
    start = lead.end() if lead else name[1]
    end = _break_after(text, start)
    found = title.search(text, start, end)
    if not found:
        return None
    return _left_words(text, found.start(), start), end


def _own_other_post(text: str, name: tuple[int, int], title: re.Pattern[str]) -> str | None:
    """A post the name carries in apposition after it ("Tigran B. – foreign ministry spokesperson"), when it
    is not the title itself."""
    lead = re.match(r"\s*(?:,|[–—-])\s*", text[name[1]:])
    if not lead:
        return None
    start = name[1] + lead.end()
    end = _break_after(text, start)
    run = text[start:end]
    if title.search(run):
        return None
    head = " ".join(run.split()[:6])
    post = _other_titles().search(head)
    # Only lower-case words ("foreign ministry") may come before that post: a capitalised word there is a
    # name, and the post is that name's.
    if post is None or any(w[:1].isupper() for w in head[:post.start()].split()):
        return None
    return run.strip()


def _bodies_in(sentence: str, span: tuple[int, int], bodies: Iterable[Body]) -> list[Body]:
    """The named bodies whose text lies in the span, and the acronyms written there."""
    text = sentence[span[0]:span[1]]
    found = [b for b in bodies if b.text and re.search(r"(?<!\w)" + re.escape(b.text) + r"(?!\w)", text)]
    covered = " ".join(b.text for b in found)
    found += [Body(m.group(0)) for m in _ACRONYM.finditer(text)
              if m.group(0) not in covered and not _other_titles().fullmatch(m.group(0))]
    # A state named by its adjective ("Belarusian Foreign Minister"): the state is the title's body.
    found += [Body(m.group(0)) for m in re.finditer(r"\b[A-ZА-ЯЁ][\w’'-]+", text)
              if m.group(0) not in covered and country_of(m.group(0))]
    return found


def _is_filed_body(body: Body, filed_ids: Collection[int], filed_spellings: Collection[str]) -> bool:
    """The body is the one the post was filed under: the same entity, or a spelling of it (a state's name
    inside the filed body's name counts: "of Kazakhstan" for the Ministry of Foreign Affairs of Kazakhstan)."""
    if body.entity_id is not None and body.entity_id in filed_ids:
        return True
    written = fold(body.text)
    if not written:
        return False
    state = country_of(body.text)
    forms = {fold(state), fold(country_long(state))} if state else set()
    for spelling in filed_spellings:
        if state and (country_of(spelling) == state or any(
                re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", fold(spelling)) for f in forms)):
            return True
        folded = fold(spelling)
        if written == folded or re.search(r"(?<!\w)" + re.escape(written) + r"(?!\w)", folded):
            return True
        # a body of the filed organisation ("CSTO Joint Staff" for the CSTO)
        if len(folded) >= 3 and re.search(r"(?<!\w)" + re.escape(folded) + r"(?!\w)", written):
            return True
        if body.text.isupper() and (body.text == spelling or body.text == _initials(spelling)):
            return True
    return False


def _initials(name: str) -> str:
    """The acronym a name's capitalised words make ("Northern Maritime Cooperation Council": "NMCC")."""
    return "".join(w[0] for w in re.findall(r"[\w’'-]+", name) if w[0].isupper())


def read_tie(
    sentence: str,
    person: str,
    role: str,
    bodies: Iterable[Body],
    filed_ids: Collection[int],
    filed_spellings: Collection[str],
    held_elsewhere: dict[int, str] | None = None,
) -> Tie:
    """What the sentence says about ``person`` holding ``role`` in the body the evidence was filed under
    (``filed_ids`` / ``filed_spellings``). ``bodies``: the organisations and places the sentence names;
    ``held_elsewhere``: the other organisations (entity id -> name) in which the person holds the same post
    by other evidence."""
    title = _title_pattern(role)
    if title is None or not sentence:
        return Tie(None)
    text = _masked(sentence)
    bodies = list(bodies)
    ties = []
    for name in _name_spans(text, person):
        before = _phrase_before(text, name, title)
        if before is not None:
            ties.append(_judge(sentence, before, bodies, filed_ids, filed_spellings, held_elsewhere, person))
            continue
        apposed = _phrase_apposed(text, name, title)
        if apposed is not None:
            other = _own_other_post(text, name, title)
            phrase = sentence[apposed[0]:apposed[1]].strip()
            if other is not None:
                ties.append(Tie(phrase, reason=f"the title belongs to someone else: the sentence gives {person} "
                                               f"another post (“{other}”)"))
                continue
            ties.append(_judge(sentence, apposed, bodies, filed_ids, filed_spellings, held_elsewhere, person))
            continue
        after = _phrase_after(text, name, title)
        if after is not None:
            ties.append(_judge(sentence, after, bodies, filed_ids, filed_spellings, held_elsewhere, person))
    if not ties:
        return Tie(None)
    # One occurrence of the name that may hold the filed post is enough.
    kept = [t for t in ties if not t.excluded]
    return kept[0] if kept else ties[0]


def _judge(sentence: str, span: tuple[int, int], bodies: list[Body], filed_ids: Collection[int],
           filed_spellings: Collection[str], held_elsewhere: dict[int, str] | None, person: str) -> Tie:
    phrase = sentence[span[0]:span[1]].strip(" ,")
    written = _bodies_in(sentence, span, bodies)
    names = tuple(dict.fromkeys(b.text for b in written))
    if not filed_ids and not filed_spellings:
        return Tie(phrase, names)  # filed under no body: nothing to compare the written one with
    if any(_is_filed_body(b, filed_ids, filed_spellings) for b in written):
        return Tie(phrase, names)
    if written:
        return Tie(phrase, names, reason=f"the title is written with another body: “{phrase}”")
    # No body written with the title: another body the sentence names in which the person holds this post.
    for b in bodies:
        if held_elsewhere and b.entity_id in held_elsewhere and not _is_filed_body(b, filed_ids, filed_spellings):
            return Tie(phrase, names, reason=f"the title is written without its body, the sentence also names "
                                             f"{b.text}, and {person} holds this post in "
                                             f"{held_elsewhere[b.entity_id]} by other evidence")
    return Tie(phrase, names)
