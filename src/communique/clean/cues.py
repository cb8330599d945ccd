"""Single-line cues that need no cross-page statistics: navigation, footer boilerplate,
signatures and contacts, photo captions and image file names, bylines, pagination.

These are the structural knowledge a reader brings to a news page she has never seen; the
site model (communique.clean.site_model) adds what the site's other pages teach.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a line, for comparing and hashing."""
    s = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


# Whole-line navigation (English, Russian): a line equal to one of these is chrome.
NAV_LINES = {
    norm(s)
    for s in [
        "Go back", "Back", "Back to the section", "Back to section", "Back to the all news",
        "Back to all news", "Back to news", "Back to top", "Back to the list", "All news", "More news",
        "Read more", "Read also", "Related news", "Related articles", "Latest news", "Recent news",
        "Home", "Main page", "Print", "Print version", "Share", "Share this", "Tweet", "Next",
        "Previous", "Next article", "Previous article", "Tags", "Comments", "Return", "Rate it",
        "Share the news", "Share this article", "Print this article", "Оставить комментарий",
        "Добавить комментарий", "Most viewed", "Most read", "Most popular", "Popular news",
        "Leave a comment", "Subscribe", "Subscribe to us", "Follow us", "Menu", "Search", "Назад",
        "Вернуться назад", "Вернуться в раздел", "Вернуться к разделу", "Вернуться к списку",
        "Вернуться ко всем новостям", "Все новости", "Ко всем новостям", "К списку новостей", "Главная",
        "Версия для печати", "Распечатать", "Поделиться", "Подписаться", "Читать также", "Читайте также",
        "Новости", "Комментарии", "Наверх",
    ]
}
NAV_LINES |= {norm(s) for s in ["Tell a friend", "Skip to main content", "Beginning of the article",
                                 "Other news in section", "Other news", "Share:", "Print:", "Поделиться:",
                                 "Tags:", "You may also like"]}
# Widgets and section heads of news sites' templates (comment boxes, feeds, players, sharing).
NAV_LINES |= {norm(s) for s in [
    "Add comment", "Show more", "View more", "Leave a reply", "Back to top button", "Up next", "Recent posts",
    "Most recent stories", "Latest", "News line", "Newsfeed", "News feed", "Show news feed",
    "Currently reading", "Relevant news", "Related readings", "Top stories", "Partner news",
    "Editor's choice", "Search trends", "Print the page", "No comments", "Post a comment",
    "Advertisement", "Live broadcast", "Main slide", "Select important", "On", "Off", "Chats", "loader",
    "Other formats", "Новости партнёров", "Озвучить текст", "Лента новостей", "Последние новости"]}
# Lines that end the article: what follows them is the site's footer.
FOOTER_START = {
    norm(s)
    for s in ["Go back", "Back to the section", "Back to the all news", "Back to all news", "Назад",
              "Вернуться в раздел", "Вернуться к списку", "Subscribe to us", "Related news", "Read also",
              "Читайте также", "Читать также", "Recent news", "Latest news", "Other news in section",
              "Most viewed", "Most read", "Most popular", "Popular news",
              "Most recent stories", "Recent posts", "Top stories", "Partner news", "Relevant news",
              "Leave a reply", "Post a comment", "No comments", "Newsfeed", "Add comment", "Up next",
              "Currently reading", "Новости партнёров", "Последние новости", "You may also like"]
}
# Phrases that mark a whole line as site boilerplate (comment policy, rights, cookies).
_BOILER = re.compile(
    r"(discussion policy|comments powered by|read the original article|comments are welcome|"
    r"all rights reserved|reserves the right to|cookie|"
    r"terms of use|privacy policy|when using materials|reference to .{0,40} is required|"
    r"hyperlink to .{0,40} is required|все права защищены|при использовании материалов|"
    r"ссылка на .{0,40} обязательна|"
    # comment forms, typo reporters, reading widgets, ad slots
    r"email address will not be published|required fields are marked|адрес email не будет опубликован|"
    r"обязательные поля помечены|"
    r"to participate in the discussion|log in or register|may not be reproduced without|comments are closed)",
    re.IGNORECASE,
)
# Reading and ad widgets: chrome wherever they stand, but they do not end the article.
_WIDGET = re.compile(r"(character spacing|select font|\bad place\b|орфографическ\w* ошибк|"
                     r"^this text (?:is )?available in|"
                     r"выделенный текст слишком)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\s*(©|\(c\)|copyright\b)", re.IGNORECASE)


_MENU_WORDS = set(
    "rss newsletter contact contacts advertise advertising about us home news search login log in sign up "
    "subscribe menu english русский en ru share print email e mail facebook twitter telegram vk youtube "
    "instagram whatsapp ok feedback sitemap site map archive главная новости контакты поиск".split())
_MENU_SEP = re.compile(r"\s[|•·]\s|\s/\s")


# "7885 views", "Read 158 time", "Просмотров: 96": a page counter.
_COUNTER = re.compile(r"^(?:(?:read|viewed|просмотров|прочитано)\s*:?\s*\d[\d\s,.]*(?:times?)?|"
                      r"\d[\d\s,.]*\s*(?:views?|reads?|times?|просмотр\w*))$", re.IGNORECASE)
# "Read also: Wardens meet in Lakeport", "Read more on the site →": a link to another page.
_RELATED = re.compile(r"^\s*(?:read also|also read|read more|see also|related|more about|more on|"
                      r"subscribe to|follow us|читайте также|читать также|смотрите также|подпишитесь)"
                      r"\b\s*[:\-—–]?", re.IGNORECASE)
# "#Lakeport", "#Basin wardens": a row of tags.
_HASHTAG = re.compile(r"^(?:#\w[\w\s'-]{0,40})+$")
# "• de-DE1 en-GB1 ru-RU1": a row of language versions.
_LOCALES = re.compile(r"^[•·|\s]*(?:[a-z]{2}(?:[-_][A-Z]{2})?\d?[\s|•·,/]+){2,}[a-z]{2}(?:[-_][A-Z]{2})?\d?\s*$")
# "Today, 17:13 66", "Yesterday 09:40": a relative time stamp and its view counter.
_RELATIVE_STAMP = re.compile(r"^(?:today|yesterday|сегодня|вчера),?\s+\d{1,2}:\d\d(?:\s+\d+)?$", re.IGNORECASE)
# "You're reading: Title": the reading widget's label over the headline.
READING_LABEL = re.compile(r"^\s*(?:you're reading|you are reading|now reading|currently reading)\s*:\s*",
                           re.IGNORECASE)


# "read", "more": a link's one word, alone on its line (no paragraph is one lower-case word)
_LONE_LOWER_WORD = re.compile(r"^\s*(?:[a-z]+|[а-яё]+)\s*$")
_CLICK_HERE = re.compile(r"^\s*(?:click|tap)\s+here\b", re.IGNORECASE)
_HOME_CRUMB = re.compile(r"^\s*(?:home|home\s+page|main\s+page)\s+[a-z][a-z\s-]{0,40}$", re.IGNORECASE)


def _widget_glyphs(line: str) -> bool:
    """A short line of symbols more than letters ("+ ↺ − 16 px", "☰ ✕"): a reading widget's controls."""
    s = line.strip()
    if len(s) > 40 or re.search(r"\d{3}", s) or not any(unicodedata.category(c) in ("Sm", "So") for c in s):
        return False  # (a line with a year or a date in it is a date line first)
    visible = [c for c in s if not c.isspace()]
    return sum(c.isalpha() for c in visible) < len(visible) / 2


@lru_cache(maxsize=65536)
def is_nav(line: str) -> bool:
    if len(line) > 200:
        return False
    n = norm(line)
    if not n:
        return not any(c.isalnum() for c in line)  # "---", "-", "* * *": rules and section breaks
    if n in NAV_LINES or is_breadcrumb(line):
        return True
    if _COUNTER.match(line.strip()) or _HASHTAG.match(line.strip()) or _LOCALES.match(line.strip()) \
            or _RELATIVE_STAMP.match(line.strip()):
        return True
    related = _RELATED.match(line)
    # a label and a colon, then another article's headline, which may be long ("Read also: ... in Ukraine")
    if related and words(line) <= (30 if ":" in related.group() else 15) \
            and not line.rstrip().endswith((".", "!", "?")):
        return True
    if all(len(t) == 1 and t.isalpha() for t in n.split()) and len(n.split()) >= 2:
        return True  # "A A A": a font-size switch
    if _widget_glyphs(line) or _LONE_LOWER_WORD.match(line) or _CLICK_HERE.match(line) and words(line) <= 25:
        return True  # "+ ↺ − 16 px", "read", "Click here to receive the news by email. Subscribe here."
    if _HOME_CRUMB.match(line):
        return True  # "Home page politics": the path to the page, without separators
    toks = n.split()
    if len(toks) <= 8 and sum(t in _MENU_WORDS for t in toks) >= max(2, 0.6 * len(toks)):
        return True  # "RSS Newsletter Contact Advertise with us"
    # "Email | Print | Subscribe | Comments": a row of menu items
    parts = [p for p in _MENU_SEP.split(line) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts) and \
        sum(norm(p) in NAV_LINES for p in parts) >= 2


@lru_cache(maxsize=65536)
def is_footer_start(line: str) -> bool:
    # a ©-line may be a photo credit in mid-article, so it does not end the article
    return (len(line) < 100 and norm(line) in FOOTER_START) or _boiler(line)


# The print view's and the engine's stamps: "Printed from: lakewire.example", "Powered by Lakepress".
_STAMP_LINE = re.compile(r"^\s*(?:printed from|(?:proudly\s+)?powered by)\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _boiler(line: str) -> bool:
    # boilerplate lines are short; a long paragraph merely mentioning cookies is text
    return len(line) < 700 and bool(_BOILER.search(line) or _STAMP_LINE.match(line))


def is_boilerplate(line: str) -> bool:
    return _boiler(line) or bool(_COPYRIGHT.match(line)) or (len(line) < 200 and bool(_WIDGET.search(line)))


# Signatures and contacts.
_PHONE = re.compile(r"(\+\s?\d[\d\s()\-]{6,}\d|\b(?:tel|phone|fax|тел|факс)\b\.?\s*:?\s*\+?\d)",
                    re.IGNORECASE)
_PHONE_TAIL = re.compile(r"^[+\d\s()\-]{7,}\s*-?\s*(tel|fax|tel/fax|тел|факс|тел\./факс)?\.?$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_SIGNER = re.compile(r"\b(press secretary|press service|press office|press-secretary|пресс-секретарь|"
                     r"пресс-служба|information and analytical department|контакты|contacts)\b",
                     re.IGNORECASE)


def is_contact(line: str) -> bool:
    s = line.strip()
    if len(s) > 120:
        return False
    return bool(_PHONE_TAIL.match(s) or _EMAIL.search(s) or (_PHONE.search(s) and len(s) < 60))


def is_signer(line: str) -> bool:
    s = line.strip()
    return len(s) <= 100 and bool(_SIGNER.search(s)) and not s.endswith((".", "!", "?"))


# Photo captions and image file names.
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|bmp|tiff?|svg)\s*$", re.IGNORECASE)
_PHOTO_PREFIX = re.compile(r"^\s*(photo|photos|фото|photo source|photo credit|photo credits|image|image credit|"
                           r"credit|credits|source of photo|video|видео|фото с сайта|фотография)\b\s*[:/]",
                           re.IGNORECASE)
_PHOTO_BY = re.compile(r"^\s*(photo|фото)\s+(by|from)\b", re.IGNORECASE)
# "Nikolai Bordyuzha, Photo ITAR-TASS", "Wardens on the pier (Photo: LW)", "File Photo": a credit
# closing a short caption, or standing alone.
_PHOTO_TAIL = re.compile(r"(?:^|,\s*|\(\s*)(?:file\s+)?(?:photo|фото)\b(?:\s*:)?[\w./ '’-]{0,40}\)?\s*$",
                         re.IGNORECASE)
# A credit glued to the end of a headline: "Wardens meet in Lakeport Credit: lakewire.example".
TITLE_CREDIT = re.compile(r"\s+(?:photo\s+)?credits?\s*:\s*\S.{0,40}$", re.IGNORECASE)
# "... on the lake. —LW/File", "... the council. - Lakewire": a sentence ending in an agency credit.
_CREDIT = re.compile(r"([.!?\"”]\s*[-—–]\s?[A-Z][\w.]*(?:[ /][A-Z][\w.]*){0,2}|\s\[[A-Z][\w./ ]{1,25}\])\s*$")
_PHOTO_COPYRIGHT = re.compile(r"^\s*©.{0,60}$")


def is_photo_credit(line: str) -> bool:
    """"© J. Doe/LW", "Photo: LW": the credit line under a photo."""
    return bool(_PHOTO_COPYRIGHT.match(line)) or bool(_PHOTO_PREFIX.match(line)) or bool(_PHOTO_BY.match(line))


def is_image_file(line: str) -> bool:
    return bool(_IMAGE_FILE.search(line)) and len(line) < 200


def is_caption(line: str) -> bool:
    if is_image_file(line) or _MARKDOWN_IMAGE.match(line):
        return True
    if _PHOTO_PREFIX.match(line) or _PHOTO_BY.match(line):
        return True
    if words(line) <= 12 and not ends_sentence(line) and _PHOTO_TAIL.search(line):
        return True
    return bool(_PHOTO_COPYRIGHT.match(line)) and not _boiler(line) and "/" in line


_SOURCE_TAG = re.compile(r"^\((?:[A-Z@][\w.-]*\s?){1,4}\)$")
_MARKDOWN_IMAGE = re.compile(r"^!\[.*\]\([^)]*\)")  # the alt text may hold brackets: "![Title [PHOTOS]](…)"


def is_source_tag(line: str) -> bool:
    """"(Lakewire)", "(Lake Daily)": the agency line a reprint puts above the text."""
    return bool(_SOURCE_TAG.match(line.strip()))


def has_credit(line: str) -> bool:
    return bool(_CREDIT.search(line))


_BYLINE = re.compile(
    r"^\s*(by|author|автор|written by)\s*:?\s+[A-ZА-Я][\w.'-]+(\s+[A-ZА-Я][\w.'-]+){0,3}\s*$", re.IGNORECASE)
_NAME_ONLY = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё'-]+(?:\s+[A-ZА-ЯЁ]\.?)?(?:\s+[A-ZА-ЯЁ][a-zа-яё'-]+){1,2}$")


_CREDIT_LINE = re.compile(r"^\s*[-–—]?\s*((edited|translated|compiled|prepared|reported|written)( and \w+)? "
                          r"(by|from)\b|original author\s*:|based on (materials|reports) (of|from)\b|"
                          # a wire service's revision note: "(recasts, adds paragraphs 3-13)"
                          r"\((recasts|adds|updates|corrects|rewrites)\b)", re.IGNORECASE)


_BYLINE_DATED = re.compile(r"^\s*(?:\d{1,2}:\d\d\s+)?by\s+[A-ZА-Я][\w.'-]+", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s[»›]\s|^\s*home\s*[»›>/]", re.IGNORECASE)


def is_byline(line: str) -> bool:
    """"By Jane Doe", "By Asbarez | Tuesday, 21 September 2021", "By J. Doe • 27 September 2022"."""
    return bool(_BYLINE.match(line)) or (bool(_BYLINE_DATED.match(line)) and words(line) <= 12
                                         and not ends_sentence(line))


_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$"
                       # a bare site name: "Lakewire.Net", "LAKE.NEWS"
                       r"|^\s*[^\W\d_][\w-]*\.[^\W\d_]{2,6}\s*$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\s*(source|sources|источник|read the original|originally published)\s*:",
                          re.IGNORECASE)


def is_url(line: str) -> bool:
    return bool(_URL_LINE.match(line))


def is_source_line(line: str) -> bool:
    """"Source: Belarus Ministry of Foreign Affairs": where a reprint comes from."""
    return bool(_SOURCE_LINE.match(line)) and words(line) <= 15


_BREADCRUMB_TAIL = re.compile(r"^[^\W\d][\w.'-]*(?:\s[\w.'-]+){0,3}\s[/»›>]\s*$")


def is_breadcrumb(line: str) -> bool:
    """"Home » News » Region", "News /": the path to the page."""
    return len(line) < 200 and bool(_BREADCRUMB.search(line) or _BREADCRUMB_TAIL.match(line))


def is_credit_line(line: str) -> bool:
    """"Edited and translated by ...": the desk's credit under an article."""
    return bool(_CREDIT_LINE.match(line)) and words(line) <= 10


_FIELD = re.compile(r"^\s*(region|theme|topic|category|section|rubric|tags|keywords|publication|"
                    r"рубрика|тема|регион|теги)\s*:", re.IGNORECASE)


def is_label(line: str) -> bool:
    """A rubric or source label between a headline and its text ("Lakewire, North",
    "LakeNews.Net", "Region: North Basin, Lakeport"): a few words, no sentence; all-capital
    headings are kept."""
    s = line.strip()
    if _FIELD.match(s) and words(s) <= 10 and not ends_sentence(s):
        return True
    return words(s) <= 3 and not ends_sentence(s) and not s.endswith("!") and not s.isupper()


def is_name_only(line: str) -> bool:
    """A line that is just a person's name (2-3 capitalised words), as bylines print it."""
    return bool(_NAME_ONLY.match(line.strip()))


_CLOCK = re.compile(r"^\s*\d{1,2}:\d\d(?::\d\d)?\s*$")


def is_clock(line: str) -> bool:
    """"17:08": a bare time, as a news feed prints it before each headline."""
    return bool(_CLOCK.match(line))


_PAGINATION = re.compile(r"^[\d\s.…|<>«»/-]+$|^\d+ pages? in this article$", re.IGNORECASE)


def is_pagination(line: str) -> bool:
    s = line.strip()
    return bool(_PAGINATION.match(s)) and sum(c.isdigit() for c in s) >= 1


_NON_LETTERS = re.compile(r"[\W\d_]+")
_NON_LATIN = re.compile(r"[^A-Za-z\u00c0-\u024f]+")
_NON_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")


def script_shares(text: str) -> tuple[float, float]:
    """The shares of a text's letters in the Latin and in the Cyrillic script (of its first 3,000
    characters: enough to tell a page's script); what is left is other scripts."""
    sample = text[:3000]
    letters = len(_NON_LETTERS.sub("", sample))
    if not letters:
        return 0.0, 0.0
    return len(_NON_LATIN.sub("", sample)) / letters, len(_NON_CYRILLIC.sub("", sample)) / letters


def other_script(line: str, page_shares: tuple[float, float]) -> bool:
    """A line written in another script than its page (a Russian or an Armenian line on an
    English page: the title's second translation, a widget or a source label left in the
    site's language; an English line on a Russian page)."""
    if words(line) > 30:
        return False
    if page_shares[0] >= 0.8:
        if line.isascii():
            return False
        latin, _ = script_shares(line)
        return latin <= 0.5
    if page_shares[1] >= 0.8:
        latin, _ = script_shares(line)
        return latin >= 0.9 and words(line) >= 3
    return False


_WORDS = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)
def words(line: str) -> int:
    return len(_WORDS.findall(line))


def ends_sentence(line: str) -> bool:
    s = line.rstrip().rstrip("\"'”»’)")
    if s.endswith(("...", "…")):
        return False
    return s.endswith((".", "!", "?", ";", ":", ","))


def is_prose(line: str) -> bool:
    n = words(line)
    return n >= 12 or (n >= 6 and ends_sentence(line))


def starts_lower(line: str) -> bool:
    s = line.lstrip(" \"'“«(—–-")
    return bool(s) and s[0].islower()
