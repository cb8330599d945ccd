"""English language data (see ``communique.extract.lang`` for the layout). Words in lower case."""

from __future__ import annotations

import re

from communique import names

# ------------------------------------------------------------------------ names of institutions
# Nouns that head the name of an institution: "Board of Regional Liaison Officers", "201st Military Base",
# "Working Group on Border Cooperation". A capitalised phrase with one of them (and its of/on/for
# complements) names a body; without one, a capitalised phrase is a document, an event or a person.
ORG_HEADS = frozenset(
    {
        "academy", "administration", "agency", "alliance", "army", "assembly", "association",
        "authority", "bank", "base", "battalion", "board", "brigade", "bureau", "cabinet", "coalition",
        "center", "centre", "channel", "chamber", "club", "college", "command", "commission", "committee",
        "commonwealth",
        "force",
        "company", "corporation", "corps", "council", "court", "department", "directorate",
        "division", "duma", "embassy", "federation", "fleet", "forces", "foundation", "front", "fund",
        "government", "group", "guard", "headquarters", "inspectorate", "institute", "institution",
        "league", "legion", "ministry", "mission", "movement", "museum", "navy", "newspaper", "office",
        "organization", "organisation", "parliament", "party", "police", "prosecutor", "radio",
        "regiment", "school", "secretariat", "service", "society", "staff", "structure",
        "television", "troops", "tribunal", "union", "unit", "university",
    }
)  # fmt: skip
# Words that describe a kind of body: a name made of them alone ("Working Group", "Permanent Council",
# "Joint Staff") names no particular body until a parent or a complement says whose it is.
GENERIC_ORG_WORDS = frozenset(
    {
        "working", "group", "groups", "council", "committee", "commission", "permanent", "ministerial",
        "expert", "experts", "coordination", "coordinating", "joint", "executive", "advisory", "scientific",
        "secretariat", "staff", "general", "assembly", "forces", "headquarters", "board", "of", "the", "and",
        "on", "for", "heads", "head", "plenipotentiary", "international", "national", "regional", "special",
        "department", "defence", "defense", "agencies", "ministers", "security", "services", "news",
        "information", "competent", "relevant", "authorities", "member", "members", "states", "countries",
        "collective", "center", "centre", "unit", "units", "structure", "structures",
    }
)  # fmt: skip
# The second word of a state's name shaped like an institution's ("Russian Federation", "Kyrgyz Republic").
STATE_NAME_WORDS = frozenset({"federation", "republic", "kingdom", "emirates", "confederation", "principality"})
# Last words of a region's name the model may leave off its span ("Xinjiang Uygur [Autonomous Region]").
PLACE_HEADS = frozenset({"region", "oblast", "province", "district", "territory", "krai", "republic", "county"})
# Words of direction that make a region's name of a place's ("Central Asia", "North Africa").
COMPASS_WORDS = frozenset(
    {
        "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
        "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
        "southwest",
    }
)  # fmt: skip
# Common nouns whose name follows as a place: "the city of Almaty", "the capital of Tajikistan, Dushanbe",
# "Kazakhstan's capital of Astana".
SETTLEMENT_NOUNS = frozenset({"capital", "city", "town", "village", "settlement", "port"})
# Nouns that head the name of a facility, a place smaller than a settlement: "Pulkovo Airport", "Independence
# Palace", "Palace of Independence", "Red Square"; in lower case after a proper name too ("the Minsk airport",
# "the Eternal Light monument", "the Mulino training ground").
FACILITY_HEADS = frozenset(
    {
        "airport", "palace", "monument", "memorial", "square", "embankment", "stadium", "arena",
        "cathedral", "mosque", "training ground", "proving ground", "firing range", "airfield", "airbase",
    }
)  # fmt: skip
# Lower-case nouns of a body that belongs to the one named after "of" or before "'s": "the press service of
# the President of Tajikistan", "the DCA's press service" (a body by its owner, not by a name of its own).
OWNED_BODY_NOUNS = frozenset({"press service", "press office", "press centre", "press center"})
# British and American spellings of one word: a name composed from lists ("Ministry of Defence of the
# Republic of Armenia") is spelled as the text spells the word ("the defense ministries of …").
SPELLING_VARIANTS = names.SPELLINGS  # (British, American) pairs; names.org_key folds them
# Endings of abstract common nouns no given name or surname has: "Economic Regulation Uchkun Tashbayev" after
# "Minister of" starts with a common noun, not with a name.
ABSTRACT_NOUN_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "ness", "ship", "ism", "ity", "ities")
# Common nouns that refer back to a state: "the republic's President", "the country's Foreign Minister".
STATE_NOUNS = frozenset({"republic", "country", "state", "nation", "kingdom"})
# Lower-case nouns of a body named by its number: "military unit 6656" (the designation is the name).
NUMBERED_BODY_NOUNS = frozenset({"military unit", "border post", "border outpost"})
# Lower-case nouns that say what the name before them is: "the Izvestia newspaper", "the Mir TV channel".
COMMON_ORG_HEADS = frozenset(
    {
        "newspaper", "news agency", "agency", "channel", "tv channel", "television channel", "broadcaster",
        "radio station", "media group", "media holding", "holding", "company", "party", "movement",
        "magazine", "news portal", "portal", "publishing house",
    }
)  # fmt: skip
# Abbreviations inside a name, with their full stop: "St. Petersburg State University".
NAME_ABBREVIATIONS = frozenset({"st", "mt", "ft"})
# Top-level domains of news outlets named by their address ("Kazpravda.kz").
NEWS_DOMAINS = ("kz", "ru", "by", "kg", "am", "tj", "uz", "az", "ge", "ua", "su", "net", "com", "org", "info", "news")
# Words that make the "to" after them no direction: "according to X", "thanks to X", "due to X" name a source
# or a cause, so the word after them says nothing of a place ("according to Bordyuzha" is no "to Minsk").
NOT_DIRECTION_BEFORE_TO = ("according", "due", "owing", "thanks")
# Verbs a news source is the subject of: "Sputnik reported", "BelTA learned".
# The words of a state's post ("President", "Prime Minister", "Foreign Minister"): a post of the state named
# with it ("Russian President"), or of the one the corpus says its holder serves.
STATE_POST_WORDS = r"president|prime minister|premier|minister"
REPORTING_VERBS = ("reports", "reported", "learned", "learnt", "writes", "wrote", "informs", "informed", "cites")
# Words of an event's name ("Operation Channel", "Exercise Interaction"): no institution's modifiers.
EVENT_WORDS = frozenset({"operation", "exercise", "exercises", "drill", "drills", "manoeuvres", "maneuvers"})
# Words a name of an institution continues with before its complement: "Council of", "Committee on".
ORG_COMPLEMENT_WORDS = frozenset({"of", "on", "for", "against"})
# Words inside a name that join its parts ("Ministry of Education and Science").
ORG_JOINERS = frozenset({"and", "&"})
# The last word of a document's or a programme's name: "Collective Security Treaty (CST)" is no body.
DOCUMENT_WORDS = frozenset(
    {
        "treaty", "agreement", "convention", "declaration", "programme", "program", "plan", "strategy",
        "concept", "protocol", "charter", "memorandum", "statement", "resolution", "act", "law", "code",
        "doctrine", "initiative", "report", "decree", "decision", "roadmap", "accord",
    }
)  # fmt: skip

# Capitalised words that start a sentence or a clause but never a name ("During", "Yesterday").
NOT_NAME_WORDS = frozenset(
    {
        "the", "a", "an", "on", "in", "at", "of", "and", "or", "but", "to", "dear", "mr", "mrs", "ms", "photo",
        "source", "today", "during", "after", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "later", "then", "also", "earlier", "meanwhile",
        "however", "thus", "besides", "moreover", "furthermore", "yesterday", "tomorrow", "according",
        "first", "finally", "next", "last", "now", "here", "there", "this", "that", "these", "those", "as",
        "by", "for", "from", "with", "when", "while", "since", "before", "both", "all", "each", "every",
        "its", "his", "her", "their", "our", "your", "my", "it", "he", "she", "they", "we", "i", "you",
        "among", "following", "under", "within", "between", "upon", "into", "about", "over", "if", "what",
        "which", "who", "how", "why", "where", "once", "other", "another", "such", "some", "many", "most",
        "several", "new", "further", "accordingly", "additionally", "recently", "currently", "previously",
        "subsequently", "nevertheless", "still", "so", "yet", "not", "no", "only", "even", "just",
        "participants", "representatives", "members", "delegations", "leaders", "experts",
        "officials", "employees", "servicemen", "staffers", "chairmanship", "read", "see", "watch",
        "click", "share", "tags", "tag", "related", "print", "printed", "posted", "updated", "published",
    }
)  # fmt: skip

# ------------------------------------------------------------------------------------------- posts
# Common nouns a name may stand in apposition with that are no post ("X, a citizen of Y", "his son").
NOT_POST_NOUNS = frozenset(
    {
        "citizen", "resident", "native", "son", "daughter", "wife", "husband", "father", "mother", "brother",
        "sister", "friend", "colleague", "partner", "owner", "user", "winner", "number", "victim", "suspect",
        "survivor", "veteran", "participant", "guest", "author", "reader", "viewer", "listener", "founder",
        "supporter", "opponent", "fan", "neighbour", "neighbor", "counterpart", "compatriot", "student",
    }
)  # fmt: skip
# A person's occupation ends like this: "researcher", "director", "analyst", "spokesman".
AGENT_NOUN = r"(?:er|or|ist|ant|ent|man|woman|person|ee|ian|ary|ive)s?$"
# Words before a post that say it is no longer held.
FORMER_WORDS = frozenset({"former", "late", "ex", "retired", "then"})


def plural(phrase: str) -> str:
    """The plural of a noun phrase by its last word ("Prime Ministers", "Councils", "Secretaries"; "Secretaries of
    State" is not made)."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(?:s|sh|ch|x)$", last):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()
