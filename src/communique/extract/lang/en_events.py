"""English event vocabulary: trigger lemmas, what each needs around it in the parse, and the words that make
an event planned rather than held. Read by ``communique.extract.event_types``; the type names are those of
the type table there.

Every entry is a lemma (spaCy's English lemmatizer), so "met", "meets" and "meeting with" are one verb
``meet``, and "sessions" one noun ``session``. What an entry needs (an object, a preposition, a light verb)
is written next to it; the rules that read these needs are in ``communique.extract.events``.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------- event nouns
# lemma -> type. An event noun triggers as the head of its noun phrase ("the summit", "a meeting of the
# Council"), never as a modifier ("the summit declaration", "the exercise area").
EVENT_NOUNS: dict[str, str] = {
    "meeting": "meeting",  # "meeting of <body>", a chaired or plenary meeting: a session (see SESSION_MARKS)
    "talk": "meeting",  # plural only: "held talks" (NEEDS_PLURAL)
    "negotiation": "meeting",
    "conversation": "meeting",  # a telephone conversation, a conversation with someone (NEEDS_PARTNER)
    "call": "meeting",  # a phone call (NEEDS_PARTNER)
    "together": "meeting",  # a get-together (NEEDS_MODIFIER: the tokenizer splits the hyphenated noun)
    "sitting": "session",  # "the 11th sitting of the Council"
    "roundtable": "session",
    "discussion": "session",  # a round-table or panel discussion (NEEDS_MODIFIER); "the discussion of" is talk
    "gathering": "meeting",  # a gathering of people ("at the gathering"), not "information gathering" (NEEDS_PEOPLE)
    "session": "session",
    "summit": "session",
    "conference": "session",  # "press/news conference" is a speech (PRESS_CONFERENCE)
    "forum": "session",
    "plenary": "session",
    "congress": "session",
    "seminar": "session",
    "collegium": "session",
    "symposium": "session",
    "consultation": "session",
    "debate": "session",
    "table": "session",  # "round table" only (NEEDS_MODIFIER)
    "operation": "operation",
    "exercise": "exercise",
    "drill": "exercise",
    "manoeuvre": "exercise",
    "maneuver": "exercise",
    "manoeuvres": "exercise",  # the lemmatizer keeps the British plural as it is
    "training": "exercise",
    "speech": "speech",
    "address": "speech",  # "an address at/to ...", a delivered address (NEEDS_PREP_OR_LIGHT)
    "interview": "speech",
    "briefing": "speech",
    "lecture": "speech",
    "presentation": "speech",  # made/gave a presentation (NEEDS_LIGHT)
    "report": "speech",  # made/delivered a report (NEEDS_LIGHT)
    "statement": "speech",  # made/delivered a statement; an adopted statement is an agreement (NEEDS_LIGHT)
    "remark": "speech",  # made remarks (NEEDS_LIGHT)
    "greeting": "speech",
    "visit": "visit",
    "trip": "visit",
    "ceremony": "other",
    "reception": "other",
    "relay": "other",
    "exhibition": "other",
    "competition": "other",  # only when held or named (NEEDS_REALISATION)
    "signing": "agreement",
    "adoption": "agreement",
    "ratification": "agreement",
    "decision": "agreement",  # a decision made or taken (NEEDS_LIGHT)
    "race": "other",  # a relay race (NEEDS_MODIFIER)
}
# verbs that make a speech noun an act: "made a statement", "gave an interview", "delivered a report"
LIGHT_VERBS = frozenset({"make", "give", "deliver", "present", "read", "hold", "have", "conduct"})
# adjectives that make the noun they qualify an event of a type ("the ceremonial transfer of the flag")
EVENT_ADJECTIVES = {"ceremonial": "other", "solemn": "other"}
# nouns that trigger only in the plural ("talks"; "talk" is a lecture or a chat)
NEEDS_PLURAL = frozenset({"talk"})
# nouns that need a partner or a medium: "a telephone conversation", "a conversation with X", "a phone call"
NEEDS_PARTNER = frozenset({"conversation", "call"})
PARTNER_MODIFIERS = frozenset({"telephone", "phone", "video", "online", "bilateral"})
# nouns that need a modifier to be an event ("round table")
NEEDS_MODIFIER = {"table": frozenset({"round"}), "race": frozenset({"relay"}), "together": frozenset({"get"}),
                  "discussion": frozenset({"roundtable", "round", "table", "panel"})}
# nouns that are an event only as the object of a light verb ("made a presentation", "delivered a report",
# "a decision was made")
NEEDS_LIGHT = {
    "presentation": LIGHT_VERBS,
    "report": LIGHT_VERBS,
    "statement": LIGHT_VERBS,
    "remark": LIGHT_VERBS,
    "decision": frozenset({"make", "take", "reach"}),
}
# nouns that name one event in the plural ("held talks", "the consultations", "manoeuvres"); other plurals name
# a kind of event unless counted, named, determined or held ("such meetings", "conferences and round tables")
PLURAL_EVENTS = frozenset({"talk", "negotiation", "consultation", "manoeuvre", "maneuver", "manoeuvres"})
# nouns that are an event with a light verb or a preposition ("an address at the session")
NEEDS_PREP_OR_LIGHT = {"address": frozenset({"at", "to", "before", "by", "of"})}
# nouns that are an event only as a gathering of people or a body: not with a compound ("intelligence gathering")
# nor with a thing gathered ("the gathering of evidence")
NEEDS_PEOPLE = frozenset({"gathering"})
# nouns that are an event only when held or named ("the competition was held", not "competition for markets")
NEEDS_REALISATION = frozenset({"competition", "training"})
# "press conference", "news conference": someone speaking to the press
PRESS_CONFERENCE = frozenset({"press", "news"})
# A meeting that a body holds is a session: "meeting of the Council", "plenary meeting", "the Council meeting",
# a chaired meeting.
SESSION_ADJECTIVES = frozenset({"plenary", "ministerial", "extraordinary", "regular", "annual", "enlarged",
                                "expanded", "narrow", "jubilee", "final", "constituent", "inaugural"})
# "the ninth meeting", "the 11th plenary meeting": a numbered sitting of a body
ORDINAL = (
    r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\w+teenth|\w+ieth"
)
CHAIR_VERBS = frozenset({"chair", "preside", "convene", "open", "close"})

# ------------------------------------------------------------------------------------- event verbs
# lemma -> type, and what the verb needs to report that event.
#   "partner": a "with" phrase, a personal object or none ("met with X", "met X", "the ministers met");
#              not "met the requirements"
#   "object":  any direct object (or a passive subject)
#   "person":  a person or a group of people as object ("received the Secretary General", not "received a
#              letter")
#   "document": a document as object or passive subject ("signed the Declaration", "the Treaty was ratified")
#   "prep:on": a phrase with one of these prepositions ("agreed on a plan")
#   "place:in,at": a place named after one of these prepositions ("arrived in Minsk")
#   "audience": a plural or collective object ("informed the members", "briefed reporters"); one person
#              informed is a conversation, part of the meeting it happened at
#   "venue":   where or to whom it was given ("spoke at the session", "spoke to reporters"); "spoke about the
#              problems" inside a meeting report is the meeting's talk
#   "press":   the press as object ("told reporters")
#   "occasion": a gathering it was said at or during ("noted at the summit")
#   "agent":   a decision or act as passive agent ("established by a decision of the Council")
#   "with":    a person (or people) in a "with" phrase of the verb or of its object: a two-party verb of talking
#              reports a conversation ("discussed the situation with President X", "consulted with X"); "discussed
#              the draft" alone is the talk of a meeting told elsewhere
#   "views":   views or opinions exchanged ("the ministers exchanged views"): the idiom of a conversation
#   "":        nothing more
EVENT_VERBS: dict[str, tuple[str, str]] = {
    "meet": ("meeting", "partner"),
    "discuss": ("meeting", "with"),
    "confer": ("meeting", "with"),
    "consult": ("meeting", "with"),
    "talk": ("meeting", "with"),  # "talked with X"; "X and Y talked by phone" (a call, see SPEAK_WITH)
    "exchange": ("meeting", "views"),
    # people who gathered in a place met ("diplomats gathered in Tashkent"); a body that gathered is a session
    "gather": ("meeting", "place:in,at"),
    "assemble": ("meeting", "place:in,at"),
    "receive": ("meeting", "person"),  # "the President received the Secretary General"
    "host": ("meeting", "person"),  # "hosted the delegation" (a hosted summit is its noun's event)
    "visit": ("visit", "object"),
    "arrive": ("visit", "place:in,at"),
    "travel": ("visit", "place:to"),
    "sign": ("agreement", "document"),
    "adopt": ("agreement", "document"),
    "approve": ("agreement", "document"),
    "ratify": ("agreement", "document"),
    "conclude": ("agreement", "document"),
    "endorse": ("agreement", "document"),
    "enshrine": ("agreement", "document"),
    "agree": ("agreement", "prep:on,upon,to"),  # "agreed on a plan", "agreed to an expansion"
    "establish": ("agreement", "agent"),
    "create": ("agreement", "agent"),
    "found": ("agreement", "agent"),
    "speak": ("speech", "venue"),
    "address": ("speech", "audience"),
    "brief": ("speech", "audience"),
    "inform": ("speech", "audience"),
    "tell": ("speech", "press"),
    "provide": ("speech", "press"),  # "provided reporters with details": a briefing
    "report": ("speech", "press"),  # "reported to TASS"
    "convene": ("session", ""),
    "commemorate": ("other", "object"),
    # what was said at a gathering is a speech given there ("Japarov noted at the summit", "said Tokayev during
    # the session"); said anywhere else it is only reported speech
    "say": ("speech", "occasion"),
    "note": ("speech", "occasion"),
    "stress": ("speech", "occasion"),
    "state": ("speech", "occasion"),
    "emphasize": ("speech", "occasion"),
    "emphasise": ("speech", "occasion"),
    "declare": ("speech", "occasion"),
    "underline": ("speech", "occasion"),
    "announce": ("speech", "occasion"),
}
# what is exchanged in a conversation ("exchanged views", "an exchange of opinions")
EXCHANGED_VIEWS = frozenset({"view", "opinion"})
# "spoke with X by phone", "talked with": a conversation, i.e. a meeting
SPEAK_WITH = frozenset({"speak", "talk"})
# ... and "spoke by phone", "talked over the telephone": a call, whoever is named
CALL_MEANS = frozenset({"phone", "telephone", "videophone", "video", "videoconference", "videolink"})
# objects that are not an audience: "addressed the issue", "informed about the problems"
NOT_AUDIENCE = frozenset({"issue", "problem", "concern", "question", "challenge", "threat", "matter", "need",
                          "topic", "situation", "task", "request", "letter", "appeal", "gap", "shortcoming"})
# Collective audiences and occasions: "informed the Council", "addressed the session"
COLLECTIVE_NOUNS = frozenset({"council", "committee", "meeting", "audience", "assembly", "board", "press", "media",
                              "public", "staff", "personnel", "delegation", "group", "session", "conference",
                              "forum", "summit", "parliament", "house", "congress", "gathering", "nation"})
# Bodies that convene: "the Council met" is a session
BODY_NOUNS = frozenset({"council", "committee", "assembly", "commission", "parliament", "board", "collegium",
                        "duma", "senate", "congress", "cabinet", "government", "headquarters"})
VENUE_PREPOSITIONS = frozenset({"at", "to", "before", "during"})
# media a speech is given in or on ("in the newspaper", "on the air")
MEDIA_NOUNS = frozenset({"newspaper", "paper", "magazine", "journal", "programme", "program", "show", "air",
                         "channel", "radio", "television", "tv", "broadcast", "edition", "column", "podcast",
                         "website", "blog", "agency"})
# verbs that tell a named outlet as well as the press ("told Sputnik", "reported to TASS")
TELLING_VERBS = frozenset({"tell", "report"})
PRESS_WORDS = frozenset({"reporter", "journalist", "press", "media", "correspondent", "newsman"})
# "took office", "assumed the duties": a change in office, reported as an "other" event with its day
# ... and a chairmanship handed on ("Kazakhstan passes the chairmanship to Kyrgyzstan", "took up the chairmanship")
OFFICE_VERBS = frozenset({"take", "assume", "start", "begin", "pass", "hand", "transfer"})
OFFICE_OBJECTS = frozenset({"office", "duty", "post", "over", "chairmanship", "presidency"})
OFFICE_PHRASE = r"\b(?:took|take[ns]?|taking)\s+over\b"

# Heads of documents: what is signed, adopted, approved or ratified.
DOCUMENT_NOUNS = frozenset({
    "agreement", "treaty", "memorandum", "declaration", "statement", "plan", "charter", "decision", "programme",
    "program", "strategy", "convention", "protocol", "resolution", "concept", "document", "package", "communique",
    "communiqué", "roadmap", "budget", "agenda", "regulation", "statute", "provision", "amendment", "law",
    "accord", "contract", "deal", "appeal", "candidacy", "composition", "procedure", "rule", "directive",
    "decree", "report", "draft", "doctrine", "instrument", "mou", "pact", "arrangement",
})
# "established by a decision of the Council dated ...": the act that founds or sets up something
FOUNDING_AGENTS = frozenset({"decision", "resolution", "decree", "order", "act", "law", "agreement"})

# ----------------------------------------------------------------------------------- held vs planned
# Auxiliaries of the future and modals of possibility: the event is not reported as having taken place.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
MODAL_AUX = frozenset({"may", "might", "could", "would", "should", "must", "can", "ca"})
# Heads whose infinitive did not happen: "refused to host", "failed to agree"
NEGATIVE_HEADS = frozenset({"refuse", "fail", "decline", "reject", "cancel", "avoid"})
# Heads whose complement is still to come: "plans to hold", "is expected to attend", "agreed to meet",
# "is set to convene", "the opportunity to meet", "is scheduled", "ready to sign".
PLANNING_HEADS = frozenset({
    "plan", "intend", "expect", "schedule", "propose", "agree", "decide", "aim", "hope", "want", "wish", "seek",
    "prepare", "invite", "set", "due", "go", "likely", "about", "ready", "try", "offer", "suggest", "urge", "ask",
    "call", "need", "consider", "envisage", "envision", "provide", "anticipate", "slate", "announce", "promise",
    "request", "instruct", "able", "willing", "eager", "opportunity", "proposal", "intention",
    "decision", "agreement", "readiness", "invitation", "idea", "initiative", "possibility", "necessity",
})
# Verbs whose subject or object is an event still to come: "the meeting is scheduled for", "plan an exercise",
# "announced the summit", "postponed the session".
SCHEDULING_VERBS = frozenset({"plan", "schedule", "propose", "envisage", "prepare", "slate", "announce", "expect",
                              "postpone", "reschedule", "arrange", "intend", "provide", "foresee"})
# Verbs that put their subject ahead when they take an infinitive: "The meeting is set to summarize ...", "the
# exercise is expected to involve ...", "the summit is due to adopt ..."
SUBJECT_PLANNING = frozenset({"set", "expect", "schedule", "due", "plan", "slate", "likely", "go", "supposed"})
# Verbs that realise the event they govern: "the meeting was held", "conducted the exercise". Their tense
# decides, even against a modifier ("The next meeting ... was held" is held).
REALISATION_VERBS = frozenset({
    "hold", "take", "conduct", "carry", "stage", "organize", "organise", "complete", "open", "close", "end",
    "finish", "begin", "start", "launch", "host", "attend", "participate", "convene", "wrap", "kick",
    "culminate", "chair", "run", "sign", "adopt", "approve", "pay", "make", "give", "deliver", "have",
})
# Verbs that say their subject happened ("a summary of the results took place", "consultations were held"),
# with the object they need ("take place"); a passive is needed when there is none ("were held")
HAPPENING_VERBS = {"take": "place", "hold": "", "organize": "", "organise": "", "stage": "", "conduct": ""}
# Adjectives that put the noun they modify ahead ("the upcoming exercises") or behind ("the last summit").
FUTURE_ADJECTIVES = frozenset({"upcoming", "forthcoming", "next", "coming", "future", "planned", "scheduled",
                               "proposed", "prospective", "subsequent"})
# Phrasal verbs that put the noun they describe ahead ("the summit coming up on June 14")
FUTURE_PHRASES = frozenset({("come", "up"), ("lie", "ahead")})
PAST_ADJECTIVES = frozenset({"last", "previous", "past", "recent", "former", "latest"})
# What comes before an event still ahead: "ahead of the summit", "in preparation for the session"
AHEAD = r"(?:ahead\s+of|in\s+preparation\s+for|preparations?\s+for|preparing\s+for|prior\s+to|on\s+the\s+eve\s+of)"
# Nouns and verbs of preparing: what they govern has not taken place ("preparing trainings", "the preparation
# of a joint operation", "readiness for joint operations")
PREPARING = frozenset({"preparation", "planning", "organisation", "organization", "readiness", "ability",
                       "capacity", "capability", "design", "development", "scenario", "concept",
                       # a category, not a happening: "the status of a regional operation"
                       "status", "format", "type", "kind", "form", "mode"})
PREPARING_VERBS = frozenset({"prepare", "practise", "practice", "rehearse", "train"})
# Determiners and possessives that refer back to an event already told ("The meeting was held in ...")
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})
# Determiners that deny the event ("no meeting took place")
NEGATIVE_DET = frozenset({"no", "neither"})
# Determiners of a kind, not of one happening ("each summit", "every meeting", "any consultations")
GENERIC_DET = frozenset({"each", "every", "any", "such", "several", "many", "numerous", "various", "multiple"})

# Prepositions that attach a sub-event to the gathering it took place at: "spoke at the session",
# "signed during the summit", "on the sidelines of the forum", "following the talks".
HOST_PREPOSITIONS = frozenset({"at", "during", "on", "following", "after", "within", "in", "of"})

# Operations and exercises: modifiers that make one a concrete action rather than a mode of activity
OPERATION_KINDS = frozenset({"special", "joint", "regional", "subregional", "sub-regional", "international",
                             "anti-drug", "antidrug", "anti-terrorist", "counter-terrorist", "antiterrorist",
                             "counterterrorism", "preventive", "police", "border", "search", "rescue",
                             "humanitarian", "peacekeeping", "complex", "large-scale", "permanent"})
TRAINING_KINDS = frozenset({"staff", "command", "tactical", "special", "joint", "military", "field",
                            "command-staff", "command-and-staff", "combat", "practical", "demonstration",
                            "comprehensive", "rear", "logistic", "logistics"})

# Statement pages: reporting verbs, used when an article reports no other event
SAID_VERBS = frozenset({"say", "state", "declare", "stress", "emphasize", "emphasise", "note", "tell"})

# The parse (English): what a reporting verb's complement is about to happen under ("the drills will be held
# later, X said"; reported speech moves "will" back to "would"; "the drill is scheduled for ..."), whose day of
# saying is not its day
REPORTED_FUTURE_AUX = FUTURE_AUX | {"would"}
SCHEDULED_VERBS = frozenset({"schedule", "plan", "expect"})
# Participles that work as prepositions: "signed following the summit in Minsk" (the parse may make the summit the
# participle's object, yet its place is the signing's)
PARTICIPLE_PREPOSITIONS = frozenset({"following", "including", "regarding", "concerning", "considering",
                                     "excluding", "during", "pending", "preceding"})
# What a past clause is told after: "stated after the end of the next session", "following the meeting"
AFTER_PREPOSITIONS = frozenset({"after", "following"})
COMPLETION_NOUNS = frozenset({"end", "close", "conclusion", "result", "outcome"})
