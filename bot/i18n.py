"""User-interface strings in English, French, Ukrainian and Russian."""

from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

UI_LANGS: Final = ("en", "fr", "uk", "ru")
FALLBACK: Final = "en"

# Ukrainian and Russian say "12 липня" (genitive) but "липень 2024" (nominative).
_MONTHS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = MappingProxyType({
    "en": (
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
    ) * 2,
    "fr": (
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
         "septembre", "octobre", "novembre", "décembre"),
    ) * 2,
    "uk": (
        ("січень", "лютий", "березень", "квітень", "травень", "червень", "липень",
         "серпень", "вересень", "жовтень", "листопад", "грудень"),
        ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
         "серпня", "вересня", "жовтня", "листопада", "грудня"),
    ),
    "ru": (
        ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
         "сентябрь", "октябрь", "ноябрь", "декабрь"),
        ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
         "сентября", "октября", "ноября", "декабря"),
    ),
})

_EN: Final[dict[str, str]] = {
    "start": (
        "Hello! I read news articles and remember who talked to whom, and when.\n\n"
        "Ask me a question, for example:\n<i>{example}</i>\n\nSee /help for more."
    ),
    "help": (
        "<b>Ask a question</b> in plain words, for example:\n{examples}\n\n"
        "<b>Add articles</b>: forward a channel post, send a .txt/.md/.html/.jsonl file "
        "or a link.\n\n"
        "<b>Commands</b>\n/ask QUESTION: ask (in groups)\n/search WORDS: full-text search\n"
        "/timeline NAME: a person's contacts\n/sources: recently added articles"
    ),
    "help_admin": "\n\n<b>Admin</b>\n/stats /reindex /export /delete ID",
    "examples": (
        "When did Austin last talk to the Russian minister?\n"
        "How many times did Macron and Scholz meet in 2024?\n"
        "Who did Zelensky meet in July 2024?"
    ),
    "refused_admin": "Sorry, only the bot's administrators can use /{command}.",
    "refused_use": "Sorry, this bot is only open to its invited users.",
    "refused_ingest": "Sorry, you can ask questions, but adding articles is limited to its editors.",
    "ingest_new": "✅ New article ({language}).",
    "ingest_duplicate": "Already known: nothing new was added.",
    "ingest_skipped": "I could not read this: {error}",
    "ingest_events": "Contacts found: {count}",
    "ingest_no_events": "No dated contacts found in it.",
    "ingest_batch": "New: {new}, already known: {duplicate}, unreadable: {skipped}; contacts found: {events}.",
    "no_text": "This message has no text I can read.",
    "doc_too_big": "This file is {size}; I accept files up to {limit}. Please split it.",
    "doc_bad_type": "I can read .txt, .md, .html and .jsonl files.",
    "links_off": "Reading links is turned off here; please forward or paste the article text.",
    "link_failed": "I could not read that link: {error}",
    "usage_search": "Usage: /search WORDS, for example <code>/search Austin Belousov</code>",
    "usage_timeline": "Usage: /timeline NAME, for example <code>/timeline Lloyd Austin</code>",
    "usage_delete": "Usage: /delete ARTICLE_ID (see /sources for the ids)",
    "usage_ask": "Usage: /ask QUESTION, for example <code>/ask {example}</code>",
    "search_header": "Articles for “{query}”: {total} (page {page}/{pages})",
    "search_none": "No articles match “{query}”. Try fewer or other words.",
    "nothing_found": "I found no recorded contact that answers this.",
    "related_articles": "Articles that may be related:",
    "timeline_header": "Contacts of {name}: {total} (page {page}/{pages})",
    "timeline_empty": "I have no recorded contacts for “{name}”.",
    "sources_header": "Recently added articles:",
    "sources_empty": "No articles yet. Forward some news to me.",
    "sources_more": "Sources",
    "more_sources": "More sources: {count}",
    "expired": "This list has expired; please run the command again.",
    "stats": (
        "<b>Articles</b>: {articles}\n<b>Contacts</b>: {events}\n<b>People</b>: {people}\n"
        "<b>Languages</b>: {languages}\n<b>Index size</b>: {size}\n<b>Last ingest</b>: {last}"
    ),
    "never": "never",
    "deleted": "Deleted article {id}.",
    "delete_missing": "There is no article {id}.",
    "export_caption": "All articles, {count} lines (JSONL).",
    "export_empty": "There is nothing to export yet.",
    "reindex_started": "Rebuilding the search index…",
    "reindex_progress": "Rebuilding the search index… {done}/{total}",
    "reindex_done": "Search index rebuilt: {articles} articles, {events} contacts.",
    "reindex_busy": "A rebuild is already running.",
    "reindex_failed": "The rebuild failed; the previous index is still in use.",
    "error": "Sorry, something went wrong. Please try again later.",
    "unknown_command": "I don't know that command. See /help.",
    "date_unknown": "date unknown",
    "cmd_start": "Introduction",
    "cmd_help": "How to ask, with examples",
    "cmd_ask": "Ask a question",
    "cmd_search": "Full-text search",
    "cmd_timeline": "A person's contacts",
    "cmd_sources": "Recently added articles",
    "cmd_stats": "Collection statistics",
    "cmd_reindex": "Rebuild the search index",
    "cmd_export": "Export all articles as JSONL",
    "cmd_delete": "Delete an article by id",
    "type_phone_call": "phone call",
    "type_meeting": "meeting",
    "type_visit": "visit",
    "type_talks": "talks",
    "type_negotiation": "negotiations",
    "type_consult": "consultation",
    "modality_planned": "planned",
    "modality_failed": "did not take place",
    "modality_cancelled": "cancelled",
    "modality_denied": "denied",
    "lang_en": "English",
    "lang_fr": "French",
    "lang_uk": "Ukrainian",
    "lang_ru": "Russian",
}

_FR: Final[dict[str, str]] = {
    "start": (
        "Bonjour ! Je lis des articles de presse et je retiens qui a parlé à qui, et quand.\n\n"
        "Posez-moi une question, par exemple :\n<i>{example}</i>\n\nVoir /help pour plus."
    ),
    "help": (
        "<b>Posez une question</b> simplement, par exemple :\n{examples}\n\n"
        "<b>Ajouter des articles</b> : transférez un message de canal, envoyez un fichier "
        ".txt/.md/.html/.jsonl ou un lien.\n\n"
        "<b>Commandes</b>\n/ask QUESTION : poser une question (en groupe)\n"
        "/search MOTS : recherche plein texte\n/timeline NOM : les contacts d'une personne\n"
        "/sources : articles ajoutés récemment"
    ),
    "help_admin": "\n\n<b>Administration</b>\n/stats /reindex /export /delete ID",
    "examples": (
        "Quand Austin a-t-il parlé pour la dernière fois au ministre russe ?\n"
        "Combien de fois Macron et Scholz se sont-ils rencontrés en 2024 ?\n"
        "Qui Zelensky a-t-il rencontré en juillet 2024 ?"
    ),
    "refused_admin": "Désolé, seuls les administrateurs du bot peuvent utiliser /{command}.",
    "refused_use": "Désolé, ce bot est réservé à ses utilisateurs invités.",
    "refused_ingest": "Désolé, vous pouvez poser des questions, mais l'ajout d'articles est réservé aux éditeurs.",
    "ingest_new": "✅ Nouvel article ({language}).",
    "ingest_duplicate": "Déjà connu : rien de nouveau n'a été ajouté.",
    "ingest_skipped": "Je n'ai pas pu lire ceci : {error}",
    "ingest_events": "Contacts trouvés : {count}",
    "ingest_no_events": "Aucun contact daté n'y a été trouvé.",
    "ingest_batch": "Nouveaux : {new}, déjà connus : {duplicate}, illisibles : {skipped} ; contacts trouvés : {events}.",
    "no_text": "Ce message ne contient pas de texte lisible.",
    "doc_too_big": "Ce fichier fait {size} ; j'accepte au plus {limit}. Merci de le découper.",
    "doc_bad_type": "Je sais lire les fichiers .txt, .md, .html et .jsonl.",
    "links_off": "La lecture des liens est désactivée ; transférez ou collez le texte de l'article.",
    "link_failed": "Je n'ai pas pu lire ce lien : {error}",
    "usage_search": "Usage : /search MOTS, par exemple <code>/search Austin Belousov</code>",
    "usage_timeline": "Usage : /timeline NOM, par exemple <code>/timeline Lloyd Austin</code>",
    "usage_delete": "Usage : /delete ID_ARTICLE (voir /sources pour les identifiants)",
    "usage_ask": "Usage : /ask QUESTION, par exemple <code>/ask {example}</code>",
    "search_header": "Articles pour « {query} » : {total} (page {page}/{pages})",
    "search_none": "Aucun article ne correspond à « {query} ». Essayez d'autres mots.",
    "nothing_found": "Je n'ai trouvé aucun contact enregistré qui réponde à cette question.",
    "related_articles": "Articles peut-être liés :",
    "timeline_header": "Contacts de {name} : {total} (page {page}/{pages})",
    "timeline_empty": "Je n'ai aucun contact enregistré pour « {name} ».",
    "sources_header": "Articles ajoutés récemment :",
    "sources_empty": "Aucun article pour l'instant. Transférez-moi des nouvelles.",
    "sources_more": "Sources",
    "more_sources": "Autres sources : {count}",
    "expired": "Cette liste a expiré ; relancez la commande.",
    "stats": (
        "<b>Articles</b> : {articles}\n<b>Contacts</b> : {events}\n<b>Personnes</b> : {people}\n"
        "<b>Langues</b> : {languages}\n<b>Taille de l'index</b> : {size}\n"
        "<b>Dernier ajout</b> : {last}"
    ),
    "never": "jamais",
    "deleted": "Article {id} supprimé.",
    "delete_missing": "Il n'y a pas d'article {id}.",
    "export_caption": "Tous les articles, {count} lignes (JSONL).",
    "export_empty": "Rien à exporter pour l'instant.",
    "reindex_started": "Reconstruction de l'index…",
    "reindex_progress": "Reconstruction de l'index… {done}/{total}",
    "reindex_done": "Index reconstruit : {articles} articles, {events} contacts.",
    "reindex_busy": "Une reconstruction est déjà en cours.",
    "reindex_failed": "La reconstruction a échoué ; l'ancien index reste en service.",
    "error": "Désolé, une erreur s'est produite. Veuillez réessayer plus tard.",
    "unknown_command": "Je ne connais pas cette commande. Voir /help.",
    "date_unknown": "date inconnue",
    "cmd_start": "Présentation",
    "cmd_help": "Comment poser une question, avec des exemples",
    "cmd_ask": "Poser une question",
    "cmd_search": "Recherche plein texte",
    "cmd_timeline": "Les contacts d'une personne",
    "cmd_sources": "Articles ajoutés récemment",
    "cmd_stats": "Statistiques de la collection",
    "cmd_reindex": "Reconstruire l'index",
    "cmd_export": "Exporter tous les articles en JSONL",
    "cmd_delete": "Supprimer un article",
    "type_phone_call": "appel téléphonique",
    "type_meeting": "rencontre",
    "type_visit": "visite",
    "type_talks": "entretien",
    "type_negotiation": "négociations",
    "type_consult": "consultation",
    "modality_planned": "prévu",
    "modality_failed": "n'a pas eu lieu",
    "modality_cancelled": "annulé",
    "modality_denied": "démenti",
    "lang_en": "anglais",
    "lang_fr": "français",
    "lang_uk": "ukrainien",
    "lang_ru": "russe",
}

_UK: Final[dict[str, str]] = {
    "start": (
        "Вітаю! Я читаю новини й пам'ятаю, хто з ким і коли говорив.\n\n"
        "Поставте мені запитання, наприклад:\n<i>{example}</i>\n\nБільше: /help."
    ),
    "help": (
        "<b>Поставте запитання</b> звичайними словами, наприклад:\n{examples}\n\n"
        "<b>Додати статті</b>: перешліть допис каналу, надішліть файл .txt/.md/.html/.jsonl "
        "або посилання.\n\n"
        "<b>Команди</b>\n/ask ЗАПИТАННЯ: запитати (у групах)\n/search СЛОВА: повнотекстовий пошук\n"
        "/timeline ІМ'Я: контакти людини\n/sources: нещодавно додані статті"
    ),
    "help_admin": "\n\n<b>Адміністрування</b>\n/stats /reindex /export /delete ID",
    "examples": (
        "Коли Остін востаннє розмовляв з російським міністром?\n"
        "Скільки разів зустрічалися Макрон і Шольц у 2024 році?\n"
        "З ким зустрічався Зеленський у липні 2024 року?"
    ),
    "refused_admin": "Вибачте, команда /{command} доступна лише адміністраторам бота.",
    "refused_use": "Вибачте, цей бот відкритий лише для запрошених користувачів.",
    "refused_ingest": "Вибачте, ви можете ставити запитання, але додавати статті можуть лише редактори.",
    "ingest_new": "✅ Нова стаття ({language}).",
    "ingest_duplicate": "Вже відомо: нічого нового не додано.",
    "ingest_skipped": "Не вдалося прочитати: {error}",
    "ingest_events": "Знайдено контактів: {count}",
    "ingest_no_events": "Датованих контактів у ній не знайдено.",
    "ingest_batch": "Нових: {new}, вже відомих: {duplicate}, нечитабельних: {skipped}; знайдено контактів: {events}.",
    "no_text": "У цьому повідомленні немає тексту, який я можу прочитати.",
    "doc_too_big": "Розмір файлу {size}; я приймаю файли до {limit}. Будь ласка, розділіть його.",
    "doc_bad_type": "Я читаю файли .txt, .md, .html і .jsonl.",
    "links_off": "Читання посилань вимкнено; перешліть або вставте текст статті.",
    "link_failed": "Не вдалося прочитати посилання: {error}",
    "usage_search": "Використання: /search СЛОВА, наприклад <code>/search Остін Бєлоусов</code>",
    "usage_timeline": "Використання: /timeline ІМ'Я, наприклад <code>/timeline Ллойд Остін</code>",
    "usage_delete": "Використання: /delete ID_СТАТТІ (ідентифікатори див. у /sources)",
    "usage_ask": "Використання: /ask ЗАПИТАННЯ, наприклад <code>/ask {example}</code>",
    "search_header": "Статті за запитом «{query}»: {total} (сторінка {page}/{pages})",
    "search_none": "Жодна стаття не відповідає запиту «{query}». Спробуйте інші слова.",
    "nothing_found": "Я не знайшов жодного записаного контакту, який відповідає на це запитання.",
    "related_articles": "Статті, що можуть стосуватися запитання:",
    "timeline_header": "Контакти: {name}: {total} (сторінка {page}/{pages})",
    "timeline_empty": "Для «{name}» немає записаних контактів.",
    "sources_header": "Нещодавно додані статті:",
    "sources_empty": "Статей ще немає. Перешліть мені новини.",
    "sources_more": "Джерела",
    "more_sources": "Ще джерела: {count}",
    "expired": "Цей список застарів; повторіть команду.",
    "stats": (
        "<b>Статті</b>: {articles}\n<b>Контакти</b>: {events}\n<b>Люди</b>: {people}\n"
        "<b>Мови</b>: {languages}\n<b>Розмір індексу</b>: {size}\n<b>Останнє додавання</b>: {last}"
    ),
    "never": "ніколи",
    "deleted": "Статтю {id} видалено.",
    "delete_missing": "Статті {id} немає.",
    "export_caption": "Усі статті, рядків: {count} (JSONL).",
    "export_empty": "Поки що нічого експортувати.",
    "reindex_started": "Перебудовую пошуковий індекс…",
    "reindex_progress": "Перебудовую пошуковий індекс… {done}/{total}",
    "reindex_done": "Пошуковий індекс перебудовано: статей {articles}, контактів {events}.",
    "reindex_busy": "Перебудова вже триває.",
    "reindex_failed": "Перебудова не вдалася; працює попередній індекс.",
    "error": "Вибачте, щось пішло не так. Спробуйте пізніше.",
    "unknown_command": "Я не знаю такої команди. Див. /help.",
    "date_unknown": "дата невідома",
    "cmd_start": "Знайомство",
    "cmd_help": "Як запитувати, з прикладами",
    "cmd_ask": "Поставити запитання",
    "cmd_search": "Повнотекстовий пошук",
    "cmd_timeline": "Контакти людини",
    "cmd_sources": "Нещодавно додані статті",
    "cmd_stats": "Статистика колекції",
    "cmd_reindex": "Перебудувати пошуковий індекс",
    "cmd_export": "Експортувати всі статті в JSONL",
    "cmd_delete": "Видалити статтю",
    "type_phone_call": "телефонна розмова",
    "type_meeting": "зустріч",
    "type_visit": "візит",
    "type_talks": "розмова",
    "type_negotiation": "переговори",
    "type_consult": "консультації",
    "modality_planned": "заплановано",
    "modality_failed": "не відбулося",
    "modality_cancelled": "скасовано",
    "modality_denied": "спростовано",
    "lang_en": "англійська",
    "lang_fr": "французька",
    "lang_uk": "українська",
    "lang_ru": "російська",
}

_RU: Final[dict[str, str]] = {
    "start": (
        "Здравствуйте! Я читаю новости и запоминаю, кто с кем и когда говорил.\n\n"
        "Задайте мне вопрос, например:\n<i>{example}</i>\n\nПодробнее: /help."
    ),
    "help": (
        "<b>Задайте вопрос</b> обычными словами, например:\n{examples}\n\n"
        "<b>Добавить статьи</b>: перешлите пост канала, отправьте файл .txt/.md/.html/.jsonl "
        "или ссылку.\n\n"
        "<b>Команды</b>\n/ask ВОПРОС: спросить (в группах)\n/search СЛОВА: полнотекстовый поиск\n"
        "/timeline ИМЯ: контакты человека\n/sources: недавно добавленные статьи"
    ),
    "help_admin": "\n\n<b>Администрирование</b>\n/stats /reindex /export /delete ID",
    "examples": (
        "Когда Остин в последний раз разговаривал с российским министром?\n"
        "Сколько раз встречались Макрон и Шольц в 2024 году?\n"
        "С кем встречался Зеленский в июле 2024 года?"
    ),
    "refused_admin": "Извините, команда /{command} доступна только администраторам бота.",
    "refused_use": "Извините, этот бот открыт только для приглашённых пользователей.",
    "refused_ingest": "Извините, вы можете задавать вопросы, но добавлять статьи могут только редакторы.",
    "ingest_new": "✅ Новая статья ({language}).",
    "ingest_duplicate": "Уже известно: ничего нового не добавлено.",
    "ingest_skipped": "Не удалось прочитать: {error}",
    "ingest_events": "Найдено контактов: {count}",
    "ingest_no_events": "Датированных контактов в ней не найдено.",
    "ingest_batch": "Новых: {new}, уже известных: {duplicate}, нечитаемых: {skipped}; найдено контактов: {events}.",
    "no_text": "В этом сообщении нет текста, который я могу прочитать.",
    "doc_too_big": "Размер файла {size}; я принимаю файлы до {limit}. Пожалуйста, разделите его.",
    "doc_bad_type": "Я читаю файлы .txt, .md, .html и .jsonl.",
    "links_off": "Чтение ссылок отключено; перешлите или вставьте текст статьи.",
    "link_failed": "Не удалось прочитать ссылку: {error}",
    "usage_search": "Использование: /search СЛОВА, например <code>/search Остин Белоусов</code>",
    "usage_timeline": "Использование: /timeline ИМЯ, например <code>/timeline Ллойд Остин</code>",
    "usage_delete": "Использование: /delete ID_СТАТЬИ (идентификаторы см. в /sources)",
    "usage_ask": "Использование: /ask ВОПРОС, например <code>/ask {example}</code>",
    "search_header": "Статьи по запросу «{query}»: {total} (страница {page}/{pages})",
    "search_none": "Ни одна статья не подходит под запрос «{query}». Попробуйте другие слова.",
    "nothing_found": "Я не нашёл ни одного записанного контакта, который отвечает на этот вопрос.",
    "related_articles": "Статьи, которые могут относиться к вопросу:",
    "timeline_header": "Контакты: {name}: {total} (страница {page}/{pages})",
    "timeline_empty": "Для «{name}» нет записанных контактов.",
    "sources_header": "Недавно добавленные статьи:",
    "sources_empty": "Статей пока нет. Перешлите мне новости.",
    "sources_more": "Источники",
    "more_sources": "Ещё источники: {count}",
    "expired": "Этот список устарел; повторите команду.",
    "stats": (
        "<b>Статьи</b>: {articles}\n<b>Контакты</b>: {events}\n<b>Люди</b>: {people}\n"
        "<b>Языки</b>: {languages}\n<b>Размер индекса</b>: {size}\n<b>Последнее добавление</b>: {last}"
    ),
    "never": "никогда",
    "deleted": "Статья {id} удалена.",
    "delete_missing": "Статьи {id} нет.",
    "export_caption": "Все статьи, строк: {count} (JSONL).",
    "export_empty": "Пока нечего экспортировать.",
    "reindex_started": "Перестраиваю поисковый индекс…",
    "reindex_progress": "Перестраиваю поисковый индекс… {done}/{total}",
    "reindex_done": "Поисковый индекс перестроен: статей {articles}, контактов {events}.",
    "reindex_busy": "Перестройка уже идёт.",
    "reindex_failed": "Перестройка не удалась; работает прежний индекс.",
    "error": "Извините, что-то пошло не так. Попробуйте позже.",
    "unknown_command": "Я не знаю такой команды. См. /help.",
    "date_unknown": "дата неизвестна",
    "cmd_start": "Знакомство",
    "cmd_help": "Как спрашивать, с примерами",
    "cmd_ask": "Задать вопрос",
    "cmd_search": "Полнотекстовый поиск",
    "cmd_timeline": "Контакты человека",
    "cmd_sources": "Недавно добавленные статьи",
    "cmd_stats": "Статистика коллекции",
    "cmd_reindex": "Перестроить поисковый индекс",
    "cmd_export": "Экспортировать все статьи в JSONL",
    "cmd_delete": "Удалить статью",
    "type_phone_call": "телефонный разговор",
    "type_meeting": "встреча",
    "type_visit": "визит",
    "type_talks": "разговор",
    "type_negotiation": "переговоры",
    "type_consult": "консультации",
    "modality_planned": "запланировано",
    "modality_failed": "не состоялось",
    "modality_cancelled": "отменено",
    "modality_denied": "опровергнуто",
    "lang_en": "английский",
    "lang_fr": "французский",
    "lang_uk": "украинский",
    "lang_ru": "русский",
}

STRINGS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {"en": _EN, "fr": _FR, "uk": _UK, "ru": _RU}
)


def normalize_lang(code: str | None) -> str:
    """Map a Telegram language_code ("uk", "fr-CA", "pt-br") to one of the UI languages."""
    if not code:
        return FALLBACK
    base = code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in UI_LANGS else FALLBACK


def t(lang: str, key: str, **values: object) -> str:
    """Return the UI string in the language, with the values HTML-escaped and filled in."""
    table = STRINGS.get(lang, _EN)
    template = table.get(key) or _EN[key]
    escaped = {name: html.escape(str(value), quote=False) for name, value in values.items()}
    return template.format(**escaped) if escaped else template


def raw(lang: str, key: str) -> str:
    """Return the template itself, unformatted (for plain-text places such as command menus)."""
    return STRINGS.get(lang, _EN).get(key) or _EN[key]


def month_name(lang: str, month: int, *, genitive: bool) -> str:
    """Return a month's name; the genitive is the form used after a day number."""
    nominative, after_day = _MONTHS.get(lang, _MONTHS[FALLBACK])
    return (after_day if genitive else nominative)[month - 1]


def first_example(lang: str) -> str:
    """Return the first example question in the language."""
    return raw(lang, "examples").splitlines()[0]
