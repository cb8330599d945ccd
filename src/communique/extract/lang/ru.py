"""Russian language data (see ``communique.extract.lang`` for the layout). Words are lemmas (pymorphy's,
lower case), so that every case of a word matches: "Генерального секретаря" is ("генеральный", "секретарь")."""

from __future__ import annotations

# ------------------------------------------------------------------------------------------- posts
# Lemma sequences of post titles -> the English role (roles are compared with the English site's).
TITLES: dict[tuple[str, ...], str] = {
    ("генеральный", "секретарь"): "Secretary General",
    ("исполнительный", "секретарь"): "Executive Secretary",
    ("государственный", "секретарь"): "State Secretary",
    ("секретарь", "совет", "безопасность"): "Secretary of the Security Council",
    ("секретарь",): "Secretary",
    ("президент",): "President",
    ("вице-президент",): "Vice President",
    ("премьер-министр",): "Prime Minister",
    ("председатель", "правительство"): "Prime Minister",
    ("председатель",): "Chairman",
    ("министр", "оборона"): "Minister of Defence",
    ("министр", "иностранный", "дело"): "Minister of Foreign Affairs",
    ("министр", "внутренний", "дело"): "Minister of Internal Affairs",
    ("министр", "по", "чрезвычайный", "ситуация"): "Minister of Emergency Situations",
    ("министр", "юстиция"): "Minister of Justice",
    ("министр", "финансы"): "Minister of Finance",
    ("министр", "экономика"): "Minister of Economy",
    ("министр",): "Minister",
    ("начальник", "генеральный", "штаб"): "Chief of the General Staff",
    ("начальник",): "Chief",
    ("директор",): "Director",
    ("руководитель",): "Head",
    ("глава",): "Head",
    ("командующий",): "Commander",
    ("посол",): "Ambassador",
    ("специальный", "представитель"): "Special Representative",
    ("постоянный", "и", "полномочный", "представитель"): "Permanent and Plenipotentiary Representative",
    ("постоянный", "представитель"): "Permanent Representative",
    ("полномочный", "представитель"): "Plenipotentiary Representative",
    ("официальный", "представитель"): "Official Representative",
    ("пресс-секретарь",): "Press Secretary",
    ("спикер",): "Speaker",
    ("помощник",): "Aide",
    ("советник",): "Adviser",
}
# Words before a title. "Acting" sets Post.acting; a former post is not reported.
TITLE_MODIFIERS: dict[tuple[str, ...], str] = {
    ("первый", "заместитель"): "First Deputy",
    ("заместитель",): "Deputy",
    ("врио",): "Acting",
    ("и.о.",): "Acting",
    ("исполнять", "обязанность"): "Acting",
    ("исполняющий", "обязанность"): "Acting",
    ("временно", "исполнять", "обязанность"): "Acting",
    ("временно", "исполняющий", "обязанность"): "Acting",
    ("бывший",): "Former",
    ("экс",): "Former",
}
# Ranks: attributes of a person, never posts.
RANKS: dict[tuple[str, ...], str] = {
    ("генерал", "армия"): "General of the Army",
    ("генерал-полковник",): "Colonel-General",
    ("генерал-лейтенант",): "Lieutenant-General",
    ("генерал-майор",): "Major-General",
    ("полковник",): "Colonel",
    ("подполковник",): "Lieutenant-Colonel",
    ("майор",): "Major",
    ("адмирал",): "Admiral",
    ("вице-адмирал",): "Vice-Admiral",
    ("контр-адмирал",): "Rear-Admiral",
    ("маршал",): "Marshal",
}
RANK_OF = {"полиция": "Police", "юстиция": "Justice"}  # "генерал-майор полиции": Major-General of Police
# "Генеральный секретарь Организации": the organisation the article names most.
ORGANIZATION_WORD = "организация"
# What completes an organisation's name after its genitive words: a "по" phrase in the dative ("по
# противодействию незаконному обороту наркотиков") and "государств – членов X" (a dash between the two words).
NAME_COMPLEMENT_PREPOSITION = "по"
MEMBER_STATE_WORDS = frozenset({"государств", "стран"})
MEMBERS_WORD = "членов"
# What joins the titles of a chain: "Председатель Совета, Президент Республики Беларусь ..."
CHAIN_SEPARATORS = frozenset({",", "–", "—", "-", "и"})

# ------------------------------------------------------------------------------------ institutions
# Bodies every state has, by the lemmas of their Russian name -> the English body (titles.json's
# national_bodies), composed with the state named beside them: "МИД Казахстана".
NATIONAL_BODIES: dict[tuple[str, ...], str] = {
    ("министерство", "иностранный", "дело"): "Ministry of Foreign Affairs",
    ("мид",): "Ministry of Foreign Affairs",
    ("министерство", "оборона"): "Ministry of Defence",
    ("минобороны",): "Ministry of Defence",
    ("министерство", "внутренний", "дело"): "Ministry of Internal Affairs",
    ("мвд",): "Ministry of Internal Affairs",
    ("министерство", "по", "чрезвычайный", "ситуация"): "Ministry of Emergency Situations",
    ("мчс",): "Ministry of Emergency Situations",
    ("министерство", "юстиция"): "Ministry of Justice",
    ("министерство", "финансы"): "Ministry of Finance",
    ("совет", "безопасность"): "Security Council",
    ("вооружённый", "сила"): "Armed Forces",
    ("вооруженный", "сила"): "Armed Forces",
    ("генеральный", "штаб"): "General Staff of the Armed Forces",
    ("правительство",): "Government",
    ("парламент",): "Parliament",
    ("посольство",): "Embassy",
}
# Nouns that say what kind of body a name is: one of them alone ("Секретариат", "штаб") names no
# particular body until the text says whose it is.
GENERIC_ORG_WORDS = frozenset(
    {
        "секретариат", "штаб", "совет", "комитет", "комиссия", "министерство", "ведомство", "служба", "центр",
        "управление", "департамент", "отдел", "организация", "структура", "группа", "ассамблея", "парламент",
        "правительство", "администрация", "агентство", "орган", "сторона", "делегация", "сила", "войско",
        "представительство", "посольство", "миссия", "фонд", "союз", "сми",
    }
)  # fmt: skip
