"""English date words for ``communique.extract.dates``: month and weekday names, relative-year phrases."""

from __future__ import annotations

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
# full names, or abbreviations with their optional dot (a full name's dot ends the sentence)
MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
# "this year" and friends, as they trail a day-month ("On March 6 this year", "September 16, this year").
RELATIVE_YEAR = r"(?:(?:of\s+)?(?:this|the\s+current|current|last|the\s+past|past|next)\s+year)"
# relative days and their shift from the publication date
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "on the eve": -1, "tomorrow": 1, "the day before yesterday": -2}

# Words that put what a sentence tells ahead of the report ("will", "is to", "upcoming"): a day-month without a
# year after the publication date is then this year's, not last year's.
FUTURE = (
    r"\b(will|shall|is\s+to|are\s+to|to\s+be\s+held|planned|scheduled|upcoming|next|"
    r"begins?|starts?|expected)\b"
)
