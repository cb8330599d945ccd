"""Russian event vocabulary: trigger lemmas (pymorphy normal forms, as natasha's MorphVocab gives them) and
the words that make an event planned. Read by ``communique.extract.event_types``.

Russian has no dependency parse here; what English reads from the governing verb's auxiliaries, Russian
carries in the verb itself: a perfective verb in the non-past ("состоится", "пройдёт", "проведут") and
"будет" are future, so a trigger whose clause has a future verb is planned.
"""

from __future__ import annotations

# lemma -> type
EVENT_NOUNS: dict[str, str] = {
    "встреча": "meeting",
    "переговоры": "meeting",
    "беседа": "meeting",
    "разговор": "meeting",  # a telephone conversation (NEEDS_MODIFIER)
    "заседание": "session",
    "сессия": "session",
    "совещание": "session",
    "конференция": "session",
    "саммит": "session",
    "форум": "session",
    "консультация": "session",
    "семинар": "session",
    "коллегия": "session",
    "съезд": "session",
    "стол": "session",  # "круглый стол" only (NEEDS_MODIFIER)
    "операция": "operation",
    "учение": "exercise",  # plural only: "учения"; the singular is a teaching (NEEDS_PLURAL)
    "тренировка": "exercise",
    "манёвры": "exercise",
    "маневры": "exercise",
    "выступление": "speech",
    "интервью": "speech",
    "брифинг": "speech",
    "лекция": "speech",
    "пресс-конференция": "speech",
    "визит": "visit",
    "поездка": "visit",
    "церемония": "other",
    "эстафета": "other",
    "выставка": "other",
    "возложение": "other",
    "подписание": "agreement",
}
NEEDS_PLURAL = frozenset({"учение"})
NEEDS_MODIFIER = {"разговор": frozenset({"телефонный"}), "стол": frozenset({"круглый"})}

# lemma -> type; "document" verbs need a document noun in the clause ("принял решение", "подписали соглашение")
EVENT_VERBS: dict[str, tuple[str, str]] = {
    "встретиться": ("meeting", ""),
    "выступить": ("speech", ""),
    "подписать": ("agreement", "document"),
    "утвердить": ("agreement", "document"),
    "принять": ("agreement", "document"),
    "ратифицировать": ("agreement", ""),
    "одобрить": ("agreement", "document"),
    "посетить": ("visit", ""),
    "прибыть": ("visit", ""),
}
DOCUMENT_NOUNS = frozenset({
    "соглашение", "договор", "меморандум", "декларация", "заявление", "план", "устав", "решение", "программа",
    "стратегия", "конвенция", "протокол", "резолюция", "концепция", "документ", "пакет", "положение", "поправка",
    "закон", "обращение", "кандидатура", "регламент", "коммюнике", "бюджет", "повестка",
})
# Lemmas that put what they govern ahead: "планируется провести", "предстоящее заседание", "намечено"
PLANNING = frozenset({
    "планировать", "планироваться", "запланировать", "запланированный", "намечать", "наметить", "намеченный",
    "намереваться", "предстоять", "предстоящий", "предполагать", "предполагаться", "ожидаться", "следующий",
    "будущий", "грядущий", "предлагать", "предложить",
})
# "в преддверии саммита", "в ходе подготовки к заседанию"
AHEAD = r"(?:в\s+преддверии|накануне|в\s+рамках\s+подготовки\s+к|подготовк\w+\s+к)"
# "в ходе встречи", "по итогам заседания": in, during or after a gathering (already told, as "the meeting")
DURING = r"(?:в\s+ходе|во\s+время|по\s+итогам|по\s+окончании|по\s+завершении|на\s+полях)"
ANNIVERSARY = r"годовщин\w*\s+(?:со\s+дня\s+)?"
