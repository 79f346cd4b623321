"""Question parsing in four languages, against the real knowledge base and date finder."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.kb import KnowledgeBase
from index.qa.cues import load_cues
from index.qa.parse import ParsedQuestion, QActor, QuestionParser, parse_question

TODAY = date(2025, 6, 1)
INVASION = date(2022, 2, 24)
TRUMP_RETURN = date(2025, 1, 20)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The shipped knowledge base."""
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def parser(kb: KnowledgeBase) -> QuestionParser:
    """One parser for the whole module, as the engine keeps one."""
    return QuestionParser(kb)


def person_id(kb: KnowledgeBase, english_name: str) -> str:
    """The knowledge-base id of a person named in English."""
    ids = kb.resolve_name(english_name, "en")
    assert ids, f"the knowledge base does not know {english_name}"
    return ids[0]


def check_actor(kb: KnowledgeBase, actor: QActor, expected: str) -> None:
    """An expected actor is an English surname ("Putin") or a role with its countries ("role:us+ru")."""
    if expected.startswith("role:"):
        assert actor.role is not None and not actor.ids, actor
        assert sorted(actor.role.countries) == sorted(expected[5:].split("+")), actor
    else:
        assert person_id(kb, expected) in actor.ids, actor


# (language, question, intent, verb class, actors)
QUESTIONS = [
    # English
    ("en", "When did Macron last speak with Putin?", "last", "any", ["Macron", "Putin"]),
    ("en", "When was the most recent phone call between Scholz and Putin?", "last", "phone", ["Scholz", "Putin"]),
    ("en", "What was the latest meeting between Biden and Zelensky?", "last", "meet", ["Biden", "Zelensky"]),
    ("en", "When did Blinken first meet Lavrov?", "first", "meet", ["Blinken", "Lavrov"]),
    ("en", "When did Zelensky and Macron talk for the first time?", "first", "any", ["Zelensky", "Macron"]),
    ("en", "How many times did Macron phone Putin in 2022?", "count", "phone", ["Macron", "Putin"]),
    ("en", "How often did Macron and Scholz meet?", "count", "meet", ["Macron", "Scholz"]),
    ("en", "how many calls did Biden and Zelensky have", "count", "phone", ["Biden", "Zelensky"]),
    ("en", "Who did Putin call on 3 March 2022?", "who", "phone", ["Putin"]),
    ("en", "With whom did Blinken speak on January 21, 2022?", "who", "any", ["Blinken"]),
    ("en", "Did Biden ever meet Putin in person?", "exists", "meet", ["Biden", "Putin"]),
    ("en", "Has Lavrov talked to Blinken at all?", "exists", "any", ["Lavrov", "Blinken"]),
    ("en", "When did Putin talk to Macron?", "when", "any", ["Putin", "Macron"]),
    ("en", "When did Scholz telephone Putin?", "when", "phone", ["Scholz", "Putin"]),
    ("en", "On what date did Zelensky visit Biden?", "when", "meet", ["Zelensky", "Biden"]),
    ("en", "The last time Scholz and Putin discussed Ukraine?", "last", "any", ["Scholz", "Putin"]),
    ("en", "When did Lavrov last speak with his American counterpart?", "last", "any", ["Lavrov", "role:us"]),
    ("en", "When did Lavrov last talk to the US secretary of state?", "last", "any", ["Lavrov", "role:us"]),
    ("en", "When did the US and Russian defense ministers last talk?", "last", "any", ["role:us+ru"]),
    ("en", "when did putin last call macron", "last", "phone", ["Putin", "Macron"]),
    ("en", "Austin and Shoigu: when did they first sit down together?", "first", "meet", ["Austin", "Shoigu"]),
    ("en", "When did Macron last see Putin?", "last", "meet", ["Macron", "Putin"]),
    ("en", "Zelensky's last call with Biden", "last", "phone", ["Zelensky", "Biden"]),
    ("en", "When did the French and German leaders last talk to Putin?", "last", "any", ["role:fr+de", "Putin"]),
    ("en", "when did the british prime minister last meet zelensky", "last", "meet", ["role:gb", "Zelensky"]),
    ("en", "when did austen talk to shoigoo", "when", "any", ["Austin", "Shoigu"]),
    ("en", "When did Macron meet Biden in Paris?", "when", "meet", ["Macron", "Biden"]),
    ("en", "Did NATO talk to Putin?", "exists", "any", ["Putin"]),
    ("en", "WHEN DID BLINKEN LAST TALK TO LAVROV", "last", "any", ["Blinken", "Lavrov"]),
    # French
    ("fr", "Quand Macron a-t-il parlé avec Poutine pour la dernière fois ?", "last", "any", ["Macron", "Putin"]),
    ("fr", "La dernière fois que Scholz a téléphoné à Poutine, c'était quand ?", "last", "phone", ["Scholz", "Putin"]),
    ("fr", "Quand Macron a-t-il rencontré Zelensky pour la première fois ?", "first", "meet", ["Macron", "Zelensky"]),
    ("fr", "Combien de fois Macron et Poutine se sont-ils parlé au téléphone en 2022 ?", "count", "phone", ["Macron", "Putin"]),
    ("fr", "Combien de rencontres entre Biden et Zelensky ?", "count", "meet", ["Biden", "Zelensky"]),
    ("fr", "Avec qui Lavrov s'est-il entretenu le 5 mars 2022 ?", "who", "any", ["Lavrov"]),
    ("fr", "À qui Poutine a-t-il téléphoné le 12 septembre 2022 ?", "who", "phone", ["Putin"]),
    ("fr", "Est-ce que Biden a déjà rencontré Poutine en personne ?", "exists", "meet", ["Biden", "Putin"]),
    ("fr", "Macron a-t-il appelé Poutine en octobre 2022 ?", "exists", "phone", ["Macron", "Putin"]),
    ("fr", "Quand Blinken a-t-il échangé avec Lavrov ?", "when", "any", ["Blinken", "Lavrov"]),
    ("fr", "À quelle date Zelensky a-t-il rencontré Macron ?", "when", "meet", ["Zelensky", "Macron"]),
    ("fr", "Quand Lavrov s'est-il entretenu avec son homologue américain pour la dernière fois ?", "last", "any", ["Lavrov", "role:us"]),
    ("fr", "Quand Macron et Scholz ont-ils discuté pour la première fois ?", "first", "any", ["Macron", "Scholz"]),
    ("fr", "Quand Zelensky et Macron se sont-ils vus pour la dernière fois ?", "last", "meet", ["Zelensky", "Macron"]),
    # Ukrainian
    ("uk", "Коли Зеленський востаннє розмовляв з Макроном?", "last", "any", ["Zelensky", "Macron"]),
    ("uk", "Коли Байден уперше зустрівся із Зеленським?", "first", "meet", ["Biden", "Zelensky"]),
    ("uk", "Коли Макрон вперше зателефонував Путіну?", "first", "phone", ["Macron", "Putin"]),
    ("uk", "Скільки разів Шольц розмовляв з Путіним телефоном у 2022 році?", "count", "phone", ["Scholz", "Putin"]),
    ("uk", "Скільки зустрічей мали Байден і Зеленський?", "count", "meet", ["Biden", "Zelensky"]),
    ("uk", "З ким Зеленський говорив 5 березня 2022 року?", "who", "any", ["Zelensky"]),
    ("uk", "Із ким зустрічався Блінкен у січні 2022 року?", "who", "meet", ["Blinken"]),
    ("uk", "Чи зустрічався Байден з Путіним особисто?", "exists", "meet", ["Biden", "Putin"]),
    ("uk", "Чи розмовляв Макрон із Путіним у жовтні 2022 року?", "exists", "any", ["Macron", "Putin"]),
    ("uk", "Коли Лавров говорив з Блінкеном?", "when", "any", ["Lavrov", "Blinken"]),
    ("uk", "Останній раз Зеленський і Байден зустрічалися коли?", "last", "meet", ["Zelensky", "Biden"]),
    ("uk", "Коли Остін востаннє дзвонив Шойгу?", "last", "phone", ["Austin", "Shoigu"]),
    ("uk", "Якого числа Шольц поговорив з Путіним?", "when", "any", ["Scholz", "Putin"]),
    ("uk", "Коли Зеленський і Макрон бачилися востаннє?", "last", "meet", ["Zelensky", "Macron"]),
    # Russian
    ("ru", "Когда Путин в последний раз разговаривал с Макроном?", "last", "any", ["Putin", "Macron"]),
    ("ru", "Когда Шольц последний раз звонил Путину?", "last", "phone", ["Scholz", "Putin"]),
    ("ru", "Когда Байден впервые встретился с Зеленским?", "first", "meet", ["Biden", "Zelensky"]),
    ("ru", "Сколько раз Путин и Макрон созвонились в 2022 году?", "count", "phone", ["Putin", "Macron"]),
    ("ru", "Сколько раз Лавров и Блинкен созванивались?", "count", "any", ["Lavrov", "Blinken"]),
    ("ru", "С кем Лавров встречался 15 сентября 2022 года?", "who", "meet", ["Lavrov"]),
    ("ru", "Кому звонил Путин 3 марта 2022 года?", "who", "phone", ["Putin"]),
    ("ru", "Разговаривал ли Путин с Байденом в 2023 году?", "exists", "any", ["Putin", "Biden"]),
    ("ru", "Встречался ли Лавров с Блинкеном лично?", "exists", "meet", ["Lavrov", "Blinken"]),
    ("ru", "Когда Лавров говорил с Блинкеном?", "when", "any", ["Lavrov", "Blinken"]),
    ("ru", "Когда Путин впервые поговорил с Шольцем по телефону?", "first", "phone", ["Putin", "Scholz"]),
    ("ru", "Когда Шойгу последний раз говорил со своим американским коллегой?", "last", "any", ["Shoigu", "role:us"]),
    ("ru", "Какого числа Макрон встречался с Путиным?", "when", "meet", ["Macron", "Putin"]),
    ("ru", "когда последний раз путин звонил эрдогану", "last", "phone", ["Putin", "Erdogan"]),
    ("ru", "Когда Путин и Си Цзиньпин виделись в последний раз?", "last", "meet", ["Putin", "Xi"]),
]


@pytest.mark.parametrize(("lang", "question", "intent", "verb_class", "actors"), QUESTIONS)
def test_question_table(
    parser: QuestionParser, kb: KnowledgeBase, lang: str, question: str, intent: str, verb_class: str, actors: list[str]
) -> None:
    parsed = parser.parse(question, today=TODAY)
    assert (parsed.lang, parsed.intent, parsed.verb_class) == (lang, intent, verb_class), parsed
    assert len(parsed.actors) == len(actors), parsed.actors
    for actor, expected in zip(parsed.actors, actors):
        check_actor(kb, actor, expected)
    assert parsed.problem is None
    assert parsed.initiator is None


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("en", "What is the grain deal?"),
        ("en", "Ukraine grain deal news"),
        ("en", "Who is Lavrov?"),
        ("en", "Who is the Russian defence minister?"),
        ("fr", "Quelle est la météo à Paris ?"),
        ("uk", "Що відомо про зерновий коридор?"),
        ("ru", "Что такое НАТО?"),
    ],
)
def test_not_a_contact_question_is_a_search(parser: QuestionParser, lang: str, question: str) -> None:
    parsed = parser.parse(question, today=TODAY)
    assert (parsed.lang, parsed.intent, parsed.problem) == (lang, "search", None)


# (question, window lo, window hi, day)
WINDOWS = [
    ("How many times did Macron talk to Putin in 2022?", date(2022, 1, 1), date(2022, 12, 31), None),
    ("When did Macron talk to Putin before July 12, 2024?", None, date(2024, 7, 11), None),
    ("When did Macron talk to Putin after July 12, 2024?", date(2024, 7, 13), None, None),
    ("When did Macron last talk to Putin since July 12, 2024?", date(2024, 7, 12), None, None),
    ("Did Macron talk to Putin in October 2022?", date(2022, 10, 1), date(2022, 10, 31), None),
    ("Who did Putin talk to on May 2, 2022?", date(2022, 5, 2), date(2022, 5, 2), date(2022, 5, 2)),
    ("When did Putin first talk to Macron after the start of the invasion?", INVASION, None, None),
    ("When did Putin last talk to Macron before the full-scale invasion?", None, date(2022, 2, 23), None),
    ("Has Zelensky talked to Trump since Trump's return?", TRUMP_RETURN, None, None),
    ("Macron a-t-il parlé à Poutine en octobre 2022 ?", date(2022, 10, 1), date(2022, 10, 31), None),
    ("Avec qui Poutine s'est-il entretenu le 23 octobre 2022 ?", date(2022, 10, 23), date(2022, 10, 23), date(2022, 10, 23)),
    ("Quand Macron a-t-il parlé à Poutine après le début de l'invasion ?", INVASION, None, None),
    ("Quand Macron a-t-il parlé à Poutine avant le 12 juillet 2024 ?", None, date(2024, 7, 11), None),
    ("Combien de fois Macron a-t-il appelé Poutine à partir d'octobre 2022 ?", date(2022, 10, 1), None, None),
    ("Quand Macron a-t-il parlé à Poutine depuis l'invasion ?", INVASION, None, None),
    ("Чи розмовляв Макрон з Путіним у 2022 році?", date(2022, 1, 1), date(2022, 12, 31), None),
    ("Коли Путін вперше зателефонував Макрону після початку повномасштабного вторгнення?", INVASION, None, None),
    ("Коли Зеленський розмовляв з Байденом у листопаді 2024 року?", date(2024, 11, 1), date(2024, 11, 30), None),
    ("Разговаривал ли Макрон с Путиным в ноябре 2024 года?", date(2024, 11, 1), date(2024, 11, 30), None),
    ("С кем Путин разговаривал 21 октября 2022 года?", date(2022, 10, 21), date(2022, 10, 21), date(2022, 10, 21)),
    ("Когда Путин впервые поговорил с Макроном после начала вторжения России в Украину?", INVASION, None, None),
    ("Когда Путин говорил с Макроном после 12 июля 2024 года?", date(2024, 7, 13), None, None),
    ("Did Macron talk to Putin between March 2022 and May 2022?", date(2022, 3, 1), date(2022, 5, 31), None),
    ("How many times did Macron call Putin from March to May 2022?", date(2022, 3, 1), date(2022, 5, 31), None),
    ("Did Macron talk to Putin from December to February 2023?", date(2022, 12, 1), date(2023, 2, 28), None),
    ("Скільки разів Макрон дзвонив Путіну з березня до травня 2022 року?", date(2022, 3, 1), date(2022, 5, 31), None),
    ("Сколько раз Макрон звонил Путину с марта по май 2022 года?", date(2022, 3, 1), date(2022, 5, 31), None),
    ("When did Macron talk to Putin between the invasion and May 2022?", INVASION, date(2022, 5, 31), None),
    ("When did Macron talk to Putin in 2022 before the invasion?", date(2022, 1, 1), date(2022, 2, 23), None),
]


@pytest.mark.parametrize(("question", "lo", "hi", "day"), WINDOWS)
def test_windows_and_days(
    parser: QuestionParser, question: str, lo: date | None, hi: date | None, day: date | None
) -> None:
    parsed = parser.parse(question, today=TODAY)
    assert parsed.window is not None, parsed
    assert (parsed.window.lo, parsed.window.hi, parsed.day) == (lo, hi, day)


def test_epoch_words_are_not_people(parser: QuestionParser, kb: KnowledgeBase) -> None:
    parsed = parser.parse("Has Zelensky talked to Macron since Trump's return?", today=TODAY)
    assert [a.ids[0] for a in parsed.actors] == [person_id(kb, "Zelensky"), person_id(kb, "Macron")]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Did Macron talk to Putin last week?", "exists"),
        ("Quand Macron a-t-il parlé à Poutine la semaine dernière ?", "when"),
        ("Коли Макрон розмовляв з Путіним минулого тижня?", "when"),
        ("Когда Макрон разговаривал с Путиным на прошлой неделе?", "when"),
        ("Est-ce que le Premier ministre a parlé à Poutine en 2022 ?", "exists"),
    ],
)
def test_date_words_are_not_intent_words(parser: QuestionParser, question: str, intent: str) -> None:
    assert parser.parse(question, today=TODAY).intent == intent


# (question, initiator: a country code, a person's English name, or None)
INITIATORS = [
    ("When did the Russian side last initiate a call with Macron?", "ru"),
    ("When did Moscow last request a call with Macron?", "ru"),
    ("When did Macron last talk to Putin at the request of the French side?", "fr"),
    ("When did Macron last talk to Putin at Putin's request?", "person:Putin"),
    ("When did Scholz last initiate a call with Putin?", "person:Scholz"),
    ("Quand Macron a-t-il parlé à Poutine à l'initiative de la partie française ?", "fr"),
    ("Коли Путін розмовляв з Макроном на прохання французької сторони?", "fr"),
    ("Когда Путин разговаривал с Макроном по инициативе российской стороны?", "ru"),
    ("When did Scholz call Putin first?", None),
    ("When did Putin last call Macron?", None),
]


@pytest.mark.parametrize(("question", "expected"), INITIATORS)
def test_initiator(parser: QuestionParser, kb: KnowledgeBase, question: str, expected: str | None) -> None:
    parsed = parser.parse(question, today=TODAY)
    if expected is not None and expected.startswith("person:"):
        assert isinstance(parsed.initiator, QActor)
        assert person_id(kb, expected[7:]) in parsed.initiator.ids
    else:
        assert parsed.initiator == expected
    assert parsed.actors, parsed


def test_a_country_side_is_not_a_participant(parser: QuestionParser, kb: KnowledgeBase) -> None:
    parsed = parser.parse("When did the Russian side last initiate a call with Macron?", today=TODAY)
    assert [a.ids for a in parsed.actors] == [[person_id(kb, "Macron")]]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("When was the last phone call?", "en"),
        ("Quand a eu lieu la dernière rencontre ?", "fr"),
        ("Коли була остання телефонна розмова?", "uk"),
        ("Когда был последний телефонный разговор?", "ru"),
    ],
)
def test_a_contact_question_without_a_person_says_so(parser: QuestionParser, question: str, lang: str) -> None:
    parsed = parser.parse(question, today=TODAY)
    assert parsed.lang == lang and not parsed.actors
    assert parsed.problem == load_cues()[lang].problems["no_person"]


@pytest.mark.parametrize(
    "text",
    [
        "@newsbot_bot when did Macron last call Putin?",
        "/ask when did Macron last call Putin?",
        "/ask@newsbot_bot  when did Macron last call Putin?",
        "@newsbot_bot /ask, when did Macron last call Putin?",
    ],
)
def test_bot_address_is_stripped(parser: QuestionParser, text: str) -> None:
    parsed = parser.parse(text, today=TODAY)
    assert parsed.text == "when did Macron last call Putin?"
    assert (parsed.intent, parsed.verb_class, len(parsed.actors)) == ("last", "phone", 2)


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("", True),
        ("   \n\t ", True),
        ("/ask", True),
        ("@newsbot_bot", True),
        ("\x00\x01\x02\x07", True),
        ("\u200b\u200f\u202e", True),
        ("?!…", True),
        ("🙂🙂🙂", True),
        ("title:* OR (", False),
        ("((((((( AND OR NOT", False),
        ("\u202eמתי דיבר פוטין עם מקרון\u202c", False),
        ("x" * 10_000, False),
        ("Putin Macron call " * 600, False),
    ],
)
def test_junk_never_raises(parser: QuestionParser, text: str, empty: bool) -> None:
    parsed = parser.parse(text, today=TODAY)
    assert parsed.intent == "search"
    assert (parsed.problem is not None) == empty


def test_control_characters_inside_a_question_are_ignored(parser: QuestionParser) -> None:
    parsed = parser.parse("When did\x00 Macron\u200b last\ttalk to\r\nPutin?", today=TODAY)
    assert (parsed.intent, len(parsed.actors)) == ("last", 2)


@pytest.mark.parametrize(
    ("hint", "question", "lang"),
    [
        ("uk", "Когда Макрон говорил с Путиным?", "ru"),
        ("en", "Коли Макрон говорив з Путіним?", "uk"),
        ("ru", "When did Macron talk to Putin?", "en"),
        ("xx", "Quand Macron a-t-il parlé à Poutine ?", "fr"),
    ],
)
def test_language_comes_from_the_question_not_the_hint(parser: QuestionParser, hint: str, question: str, lang: str) -> None:
    assert parser.parse(question, lang_hint=hint, today=TODAY).lang == lang


def test_convenience_function_matches_the_parser(parser: QuestionParser, kb: KnowledgeBase) -> None:
    question = "Combien de fois Macron et Poutine se sont-ils parlé en 2022 ?"
    assert parse_question(question, kb, today=TODAY) == parser.parse(question, today=TODAY)


def test_result_round_trips_as_json(parser: QuestionParser) -> None:
    parsed = parser.parse("When did Lavrov last speak with his American counterpart in 2022?", today=TODAY)
    assert ParsedQuestion.model_validate_json(parsed.model_dump_json()) == parsed


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses(parser: QuestionParser, text: str) -> None:
    parsed = parser.parse(text, today=TODAY)
    assert parsed.intent in ("last", "first", "when", "count", "who", "exists", "search")
