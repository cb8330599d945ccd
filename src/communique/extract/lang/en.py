"""English language data (see ``communique.extract.lang`` for the layout). Words in lower case."""

from __future__ import annotations

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
