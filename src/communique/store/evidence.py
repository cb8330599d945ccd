"""When a post's evidence dates from, in SQL: shared by resolution (post intervals) and the read model
(who held a post, with evidence).

Its own date; for the article's own text the publication date, for a teaser the teaser's date (never the
page's: teasers show other, often later, news); failing those, the date of a held event reported in the same
sentence, else the first full date written in that sentence. (Not any event of the text: an interview
recalls the founding treaty, and its date is no evidence of who holds a post.)

``coalesce(x.from_teaser, -1) = coalesce(p.from_teaser, -1)``: "the same text (the body, or the same teaser)"
in SQL both SQLite and PostgreSQL read (SQLite's ``IS`` is its own).
"""

_SAME_TEXT = "coalesce({x}.from_teaser, -1) = coalesce(p.from_teaser, -1)"
_EVENT_DATE = f"""(SELECT e.date FROM events e
                  WHERE e.article_id = p.article_id AND {_SAME_TEXT.format(x="e")}
                    AND e.sentence = p.sentence AND e.date IS NOT NULL AND e.status = 'held'
                  ORDER BY e.start LIMIT 1)"""
_SENTENCE_DATE = f"""(SELECT d.value FROM dates d
                     WHERE d.article_id = p.article_id AND {_SAME_TEXT.format(x="d")}
                       AND d.sentence = p.sentence AND d.precision = 'day' AND d.value IS NOT NULL
                     ORDER BY d.start LIMIT 1)"""
# The evidence date of the post row ``p`` (needs EVIDENCE_JOINS).
EVIDENCE_DATE = f"""CASE WHEN p.from_teaser IS NULL
                         THEN coalesce(p.date, a.published, {_EVENT_DATE}, {_SENTENCE_DATE})
                         ELSE coalesce(p.date, t.date, {_EVENT_DATE}, {_SENTENCE_DATE}) END"""
EVIDENCE_JOINS = """JOIN articles a ON a.id = p.article_id
                    LEFT JOIN teasers t ON t.article_id = p.article_id AND t.position = p.from_teaser"""
