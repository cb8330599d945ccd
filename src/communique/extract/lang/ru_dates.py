"""Russian date words for ``communique.extract.dates``: month names by stem, weekdays, relative-year phrases."""

from __future__ import annotations

# Month names by stem: the genitive ("марта") follows a day, the nominative or prepositional ("в марте")
# stands alone.
MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
# weekdays as they follow "в"/"во" (accusative)
WEEKDAYS = {
    "понедельник": 0,
    "вторник": 1,
    "среду": 2,
    "четверг": 3,
    "пятницу": 4,
    "субботу": 5,
    "воскресенье": 6,
}
MONTH_PATTERN = (
    r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре"
    r"|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь)"
)
RELATIVE_YEAR = (
    r"(?:(?:этого|текущего|сего|прошлого|следующего)\s+года"
    r"|(?:в\s+)?(?:этом|текущем|прошлом|следующем)\s+году)"
)
RELATIVE_DAYS = {"сегодня": 0, "вчера": -1, "накануне": -1, "завтра": 1}

# Words that put what a sentence tells ahead of the report: the future of "to take place", "to be", "to begin",
# planning words ("состоится 28 мая" published in March is this May, not last May).
FUTURE = (
    r"(?<!\w)(?:состоится|состоятся|пройд[её]т|пройдут|будет|будут|начн[её]тся|начнутся|откро[её]тся"
    r"|планиру\w*|запланирован\w*|намечен\w*|предстоящ\w*|следующ\w*|ожидает\w*)(?!\w)"
)
