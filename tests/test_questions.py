"""Questions in English, French, Ukrainian and Russian over a small article set, plus junk questions."""

from __future__ import annotations

from datetime import date

import pytest

from index.engine import Engine
from index.models import Answer
from tests.conftest import MakeEngine, article

ERDOGAN, PUTIN, ZELENSKY = "recep-tayyip-erdogan", "vladimir-putin", "volodymyr-zelensky"
MACRON, XI = "emmanuel-macron", "xi-jinping"

# Erdoğan and Putin: met 13 Oct 2022, called 23 Oct 2022, met 4 Sep 2023 and 3 Jul 2024, called 20 Jul 2024.
# Erdoğan also called Zelensky on 20 Jul 2024. Macron and Xi met 6 Apr 2023 and 6 May 2024.
# Macron and Erdoğan only planned to meet.
ARTICLES = [
    article("astana-2022", "en", "2022-10-14",
            "ASTANA, Oct 13 (Reuters) - Turkish President Tayyip Erdogan met Russian President Vladimir Putin in Astana "
            "on Thursday on the sidelines of a regional summit, discussing grain exports and the war in Ukraine."),
    article("call-2022", "ru", "2022-10-23",
            "Президент России Владимир Путин в воскресенье провел телефонный разговор с президентом Турции Реджепом "
            "Тайипом Эрдоганом, сообщили в Кремле. Стороны обсудили ситуацию вокруг зерновой сделки."),
    article("sochi-2023", "fr", "2023-09-04",
            "Le président turc Recep Tayyip Erdogan a été reçu lundi à Sotchi par Vladimir Poutine. Les deux dirigeants "
            "ont discuté de l'accord céréalier."),
    article("sco-2024", "uk", "2024-07-04",
            "Президент Туреччини Реджеп Тайіп Ердоган зустрівся з Володимиром Путіним 3 липня в Астані на полях "
            "саміту ШОС."),
    article("calls-2024", "en", "2024-07-22",
            "Erdogan and Putin spoke by phone on Saturday, July 20, the Turkish presidency said. Later the same day, "
            "Erdogan also held a phone call with Ukrainian President Volodymyr Zelensky."),
    article("elysee-2024", "fr", "2024-05-07",
            "Emmanuel Macron a reçu Xi Jinping à l'Élysée le 6 mai 2024 pour des entretiens sur le commerce et "
            "l'Ukraine."),
    article("beijing-2023", "uk", "2023-04-07", "Емманюель Макрон зустрівся з Сі Цзіньпіном у Пекіні 6 квітня 2023 року."),
    article("nato-plan", "en", "2024-06-20",
            "Emmanuel Macron will meet Recep Tayyip Erdogan at the NATO summit in Washington next month, the Elysee "
            "said."),
]

# The month as each language writes it in a date: the answer must state the date in the question's language.
MONTHS = {
    4: {"en": "April", "fr": "avril", "uk": "квітня", "ru": "апреля"},
    5: {"en": "May", "fr": "mai", "uk": "травня", "ru": "мая"},
    7: {"en": "July", "fr": "juillet", "uk": "липня", "ru": "июля"},
    9: {"en": "September", "fr": "septembre", "uk": "вересня", "ru": "сентября"},
    10: {"en": "October", "fr": "octobre", "uk": "жовтня", "ru": "октября"},
}


@pytest.fixture(scope="module")
def engine(make_engine: MakeEngine) -> Engine:
    """One engine holding the article set."""
    started = make_engine()
    report = started.ingest(ARTICLES)
    assert report.new == len(ARTICLES), report.errors
    return started


def in_language(answer: Answer, lang: str, day: date) -> None:
    """The answer is in the question's language and states the day with that language's month name."""
    assert answer.lang == lang
    assert str(day.day) in answer.answer and MONTHS[day.month][lang] in answer.answer, answer.answer


# (lang, question, intent, day of the first event, its participants)
DATED = [
    ("en", "When did Erdogan last talk to Putin?", "last", date(2024, 7, 20), {ERDOGAN, PUTIN}),
    ("en", "When did Erdogan first meet Putin?", "first", date(2022, 10, 13), {ERDOGAN, PUTIN}),
    ("en", "When did Erdogan last meet Putin before July 12, 2024?", "last", date(2024, 7, 3), {ERDOGAN, PUTIN}),
    ("en", "When did Erdogan last call Putin?", "last", date(2024, 7, 20), {ERDOGAN, PUTIN}),
    ("en", "When did Erdogan first speak with Putin in 2024?", "first", date(2024, 7, 3), {ERDOGAN, PUTIN}),
    ("en", "When did Macron meet Xi Jinping in 2024?", "when", date(2024, 5, 6), {MACRON, XI}),
    ("fr", "Quand Erdogan a-t-il parlé pour la dernière fois avec Poutine ?", "last", date(2024, 7, 20),
     {ERDOGAN, PUTIN}),
    ("fr", "Quand Erdogan a-t-il appelé Poutine pour la dernière fois avant le 12 juillet 2024 ?", "last",
     date(2022, 10, 23), {ERDOGAN, PUTIN}),
    ("fr", "Quand Erdogan a-t-il rencontré Poutine pour la première fois ?", "first", date(2022, 10, 13),
     {ERDOGAN, PUTIN}),
    ("fr", "Quand Macron a-t-il rencontré Xi Jinping en 2023 ?", "when", date(2023, 4, 6), {MACRON, XI}),
    ("uk", "Коли Ердоган востаннє розмовляв з Путіним?", "last", date(2024, 7, 20), {ERDOGAN, PUTIN}),
    ("uk", "Коли Ердоган уперше зустрівся з Путіним?", "first", date(2022, 10, 13), {ERDOGAN, PUTIN}),
    ("uk", "Коли Ердоган востаннє розмовляв з Путіним до 12 липня 2024 року?", "last", date(2024, 7, 3),
     {ERDOGAN, PUTIN}),
    ("uk", "Коли Ердоган востаннє телефонував Путіну?", "last", date(2024, 7, 20), {ERDOGAN, PUTIN}),
    ("ru", "Когда Эрдоган в последний раз разговаривал с Путиным по телефону?", "last", date(2024, 7, 20),
     {ERDOGAN, PUTIN}),
    ("ru", "Когда Макрон впервые встретился с Си Цзиньпином?", "first", date(2023, 4, 6), {MACRON, XI}),
    ("ru", "Когда Макрон встречался с Си Цзиньпином в 2024 году?", "when", date(2024, 5, 6), {MACRON, XI}),
    ("ru", "Когда Эрдоган в последний раз встречался с Путиным до 12 июля 2024 года?", "last", date(2024, 7, 3),
     {ERDOGAN, PUTIN}),
]


@pytest.mark.parametrize(("lang", "question", "intent", "day", "people"), DATED)
def test_dated_question(engine: Engine, lang: str, question: str, intent: str, day: date, people: set[str]) -> None:
    """Last, first and when questions put the right contact first and state its day in the question's language."""
    answer = engine.ask(question)
    assert answer.intent == intent and answer.events, answer.answer
    top = answer.events[0]
    assert (top.date, top.date_precision, top.modality, top.actor_ids()) == (day, "day", "happened", people)
    assert top.sources and all(s.quote for s in top.sources)
    in_language(answer, lang, day)


def test_last_orders_newest_first_and_first_oldest_first(engine: Engine) -> None:
    """Events come newest first for 'last' and oldest first for 'first'."""
    last = [e.date for e in engine.ask("When did Erdogan last talk to Putin?").events if e.date]
    first = [e.date for e in engine.ask("When did Erdogan first talk to Putin?").events if e.date]
    assert len(last) == len(first) == 5
    assert last == sorted(last, reverse=True) and first == sorted(first)


# (lang, question, distinct contacts)
COUNTS = [
    ("en", "How many times did Erdogan and Putin talk in 2024?", 2),
    ("en", "How many times did Erdogan and Putin talk in October 2022?", 2),
    ("en", "How many times did Erdogan call Putin?", 2),
    ("en", "How many times did Erdogan meet Putin?", 3),
    ("fr", "Combien de fois Macron a-t-il rencontré Xi Jinping ?", 2),
    ("fr", "Combien de fois Erdogan et Poutine se sont-ils parlé en octobre 2022 ?", 2),
    ("uk", "Скільки разів Ердоган розмовляв з Путіним у 2024 році?", 2),
    ("uk", "Скільки разів Ердоган розмовляв з Путіним у жовтні 2022 року?", 2),
    ("ru", "Сколько раз Эрдоган и Путин общались в октябре 2022 года?", 2),
    ("ru", "Сколько раз Эрдоган разговаривал с Путиным по телефону?", 2),
]


@pytest.mark.parametrize(("lang", "question", "count"), COUNTS)
def test_count_question(engine: Engine, lang: str, question: str, count: int) -> None:
    """How-many questions count distinct contacts within the window and verb class, in the question's language."""
    answer = engine.ask(question)
    assert (answer.intent, answer.lang, answer.count, len(answer.events)) == ("count", lang, count, count), answer.answer
    assert str(count) in answer.answer


WHO = [
    ("en", "Who did Erdogan speak with by phone on July 20, 2024?"),
    ("fr", "Avec qui Erdogan s'est-il entretenu par téléphone le 20 juillet 2024 ?"),
    ("uk", "З ким Ердоган говорив телефоном 20 липня 2024 року?"),
    ("ru", "С кем Эрдоган разговаривал по телефону 20 июля 2024 года?"),
]


@pytest.mark.parametrize(("lang", "question"), WHO)
def test_who_question(engine: Engine, lang: str, question: str) -> None:
    """A who-question on a day returns every distinct counterpart that day, each as an event."""
    answer = engine.ask(question)
    assert (answer.intent, answer.count) == ("who", 2), answer.answer
    assert {e.date for e in answer.events} == {date(2024, 7, 20)}
    assert [sorted(e.actor_ids() - {ERDOGAN}) for e in answer.events] in ([[PUTIN], [ZELENSKY]], [[ZELENSKY], [PUTIN]])
    in_language(answer, lang, date(2024, 7, 20))


# (lang, question, whether such a contact is in the collection)
EXISTS = [
    ("en", "Did Macron ever meet Xi Jinping?", True),
    ("en", "Did Macron ever talk to Erdogan?", False),
    ("en", "Has Erdogan ever spoken with Zelensky by phone?", True),
    ("fr", "Macron a-t-il déjà rencontré Xi Jinping ?", True),
    ("fr", "Macron s'est-il déjà entretenu avec Erdogan ?", False),
    ("uk", "Чи зустрічався Макрон коли-небудь із Сі Цзіньпіном?", True),
    ("uk", "Чи розмовляв Макрон коли-небудь з Ердоганом?", False),
    ("ru", "Встречался ли Макрон когда-нибудь с Си Цзиньпином?", True),
    ("ru", "Разговаривал ли Макрон когда-нибудь с Эрдоганом?", False),
]


@pytest.mark.parametrize(("lang", "question", "found"), EXISTS)
def test_exists_question(engine: Engine, lang: str, question: str, found: bool) -> None:
    """Did-ever questions say yes with the contacts, or no without any; a planned meeting is not a yes."""
    answer = engine.ask(question)
    assert (answer.intent, answer.lang, bool(answer.events)) == ("exists", lang, found), answer.answer
    assert all(e.modality == "happened" for e in answer.events)


def test_no_contact_offers_search_hits(engine: Engine) -> None:
    """With no matching contact, the article that names both people is offered as a search result."""
    answer = engine.ask("When did Macron last talk to Erdogan?")
    assert answer.events == []
    assert "nato-plan" in [h.article_id for h in answer.hits]


# (question, whether it names nobody and so can only be a search)
JUNK = [
    pytest.param("title:* OR (", True, id="query-syntax"),
    pytest.param("🤔🤔🤔", True, id="emoji"),
    pytest.param("متى تحدث أوستن مع شويغو؟", True, id="rtl-arabic"),
    pytest.param("\u202eWhen did Erdogan last talk to Putin?\u202c", False, id="rtl-override"),
    pytest.param("", True, id="empty"),
    pytest.param("   \n\t ", True, id="blank"),
    pytest.param("Erdogan Putin AND OR NOT \"unclosed [to} ~ ^2 ", False, id="operators"),
    pytest.param("When did Erdogan last talk to Putin? " + "blah " * 1000, False, id="5kB"),
    pytest.param("x" * 5000, True, id="5kB-one-word"),
    pytest.param("\x00\x07\ud7ff\ufffd", True, id="control-chars"),
]


@pytest.mark.parametrize(("question", "search_only"), JUNK)
def test_junk_question_is_answered_politely(engine: Engine, question: str, search_only: bool) -> None:
    """Junk gets a search intent or a polite answer, never an exception."""
    answer = engine.ask(question)
    assert answer.answer.strip() and "Traceback" not in answer.answer
    if search_only:
        assert (answer.intent, answer.events) == ("search", [])


@pytest.mark.parametrize(("lang", "question", "more"), [
    ("en", "Who did Lloyd Austin meet?", "… and 3 more."),
    ("fr", "Qui Lloyd Austin a-t-il rencontré ?", "… et 3 de plus."),
    ("uk", "З ким зустрічався Ллойд Остін?", "… і ще 3."),
    ("ru", "С кем встречался Ллойд Остин?", "… и ещё 3."),
])
def test_who_without_a_day_lists_the_newest_and_counts_the_rest(
        make_engine: MakeEngine, lang: str, question: str, more: str) -> None:
    """A busy person's "who" answer lists WHO_LINES contacts, newest first, counts them all, and stays short."""
    from index.qa.answer import WHO_LINES

    engine = make_engine()
    for day in range(1, WHO_LINES + 4):
        engine.ingest([article(f"austin-{day}", "en", f"2024-03-{day + 1:02d}",
                               f"US Defense Secretary Lloyd Austin met British Defence Secretary Grant Shapps in "
                               f"Washington on March {day}, 2024, to discuss support for Ukraine.")])
    answer = engine.ask(question)
    assert (answer.intent, answer.count) == ("who", WHO_LINES + 3), answer.answer
    lines = answer.answer.splitlines()
    assert len(lines) == 1 + WHO_LINES + 1 and lines[-1] == more, answer.answer
    assert answer.events[0].date == date(2024, 3, WHO_LINES + 3)
    assert all(e.sources for e in answer.events)


@pytest.mark.parametrize("question", [q for _, q, *_ in DATED + COUNTS + WHO + EXISTS] + [
    "When did Erdogan last talk to Putin?", "When did Macron first meet Xi Jinping?", "Who did Erdogan meet?",
    "How many times did Erdogan speak with Zelensky in 2024?", "Who did Erdogan speak with in July 2024?",
])
def test_the_store_s_counted_answer_equals_filtering_every_candidate(engine: Engine, question: str) -> None:
    """Named-people questions are filtered, counted and ordered by SQL; the answer must equal the Python filter's."""
    from index import events as ev

    parsed = engine.parser().parse(question, today=engine.today())
    if engine.answerer.exact_people(parsed) is None:
        pytest.skip("not a named-people question")
    candidates = ev.events_for_people(engine.store, engine.answerer.candidate_people(parsed))
    slow = engine.answerer.answer(parsed, candidates, lambda: [])
    fast = engine.ask(question)
    assert (fast.count, fast.answer) == (slow.count, slow.answer)
    assert [e.id for e in fast.events] == [e.id for e in slow.events][:len(fast.events)]


@pytest.mark.parametrize("question", [
    "When did Erdogan last talk to the Russian president?",
    "When did the Turkish president first meet Putin in 2024?",
    "How many times did Erdogan speak with the Russian president in 2024?",
    "When did Erdogan last call the Russian president before July 12, 2024?",
    "Who did the Turkish president meet in July 2024?",
    "Quand le président turc a-t-il parlé pour la dernière fois avec Poutine ?",
    "Коли Ердоган востаннє зустрічався з президентом Росії?",
    "Сколько раз Эрдоган говорил с президентом России в 2022 году?",
    "When did Erdogan last talk to Putin or Zelensky?",
])
def test_role_questions_load_only_contacts_of_the_asked_kind_and_time(engine: Engine, question: str) -> None:
    """Role questions let SQL drop contacts of another kind or time; the answer equals filtering every candidate."""
    from index import events as ev

    parsed = engine.parser().parse(question, today=engine.today())
    if engine.answerer.exact_people(parsed) is not None:
        pytest.skip("a named-people question: the store answers it whole")
    candidates = ev.events_for_people(engine.store, engine.answerer.candidate_people(parsed))
    slow = engine.answerer.answer(parsed, candidates, lambda: engine._hits(question))
    fast = engine.ask(question)
    assert (fast.count, fast.answer) == (slow.count, slow.answer)
    assert [e.id for e in fast.events] == [e.id for e in slow.events][:len(fast.events)]
