"""Extraction: the seed articles and our own sentences in English, French, Ukrainian and Russian."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.engine import Engine
from index.extract.mention import EventMention
from index.models import Article, ArticleIn
from tests.conftest import MakeEngine
from tests.paths import SEEDS as _SEEDS

SEEDS = _SEEDS
SEED_EN = SEEDS / "000_82e3462890df7cb6.txt"
SEED_FR = SEEDS / "003_f2117a8896c249ee.txt"

AUSTIN, BELOUSOV, SHOIGU = "lloyd-austin", "andrei-belousov", "sergei-shoigu"
BLINKEN, WANG, QIN, LAVROV = "antony-blinken", "wang-yi", "qin-gang", "sergei-lavrov"
MACRON, XI, SCHOLZ, PUTIN = "emmanuel-macron", "xi-jinping", "olaf-scholz", "vladimir-putin"
ERDOGAN, KULEBA, BAERBOCK = "recep-tayyip-erdogan", "dmytro-kuleba", "annalena-baerbock"
HEGSETH, UMEROV, FIDAN, CAVUSOGLU = "pete-hegseth", "rustem-umerov", "hakan-fidan", "mevlut-cavusoglu"
LI_QIANG, LI_KEQIANG = "li-qiang", "li-keqiang"

PHONE, MEETING, VISIT = {"phone_call"}, {"meeting"}, {"visit"}
# "Переговори"/"переговоры" and "pourparlers" are both talks and negotiations; either type is right.
TALKS = {"talks", "negotiation"}
# A "conversation" without a medium may be told as a call, a consultation or talks.
CONVERSATION = {"phone_call", "consult", "talks"}


def pairs(mentions: list[EventMention]) -> set[frozenset[str]]:
    """The distinct participant sets of the mentions."""
    return {frozenset(m.participants) for m in mentions}


def fold(text: str) -> str:
    """Collapse every run of whitespace (the seeds contain no-break spaces) to one space."""
    return " ".join(text.split())


def mention_with(mentions: list[EventMention], snippet: str) -> EventMention:
    """The one mention whose evidence sentence contains the snippet."""
    found = [m for m in mentions if fold(snippet) in fold(m.quote)]
    assert len(found) == 1, [m.quote for m in mentions]
    return found[0]


@pytest.fixture(scope="module")
def engine(make_engine: MakeEngine) -> Engine:
    """One engine for the module: its extractor for sentences, its store for bare-text articles."""
    return make_engine()


def extract(engine: Engine, lang: str, published: str, text: str) -> list[EventMention]:
    """Run the extractor alone on a text published on the given ISO day."""
    return engine.extractor.extract(text, lang, date.fromisoformat(published))


def ingest_bare(engine: Engine, text: str) -> Article:
    """Ingest text with no metadata at all, as a bare .txt file gives it, and return the stored article."""
    result = engine.ingest([ArticleIn(text=text)]).results[0]
    assert result.status == "new" and result.article_id, result
    stored = engine.store.get_article(result.article_id)
    assert stored is not None
    return stored


# --- the English seed, ingested as a bare .txt --------------------------------------------------


@pytest.fixture(scope="module")
def seed_en(engine: Engine) -> Article:
    """The English seed article as stored after a metadata-free ingest."""
    return ingest_bare(engine, SEED_EN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_en_mentions(engine: Engine, seed_en: Article) -> list[EventMention]:
    """Every mention the extractor finds in the stored English seed."""
    assert seed_en.published is not None
    return engine.extractor.extract(seed_en.text, seed_en.lang, seed_en.published.date())


def test_seed_en_year_is_inferred_from_the_weekday(seed_en: Article) -> None:
    """'Friday, July 12' with no year means 2024, the latest such Friday before today."""
    assert seed_en.lang == "en"
    assert seed_en.published is not None and seed_en.published.date() == date(2024, 7, 12)
    assert seed_en.published_from == "weekday"


# (snippet of the evidence sentence, allowed types, participants, first day, last day, precision)
SEED_EN_MENTIONS = [
    ("On Friday, July 12, at the initiative of the Russian Federation", PHONE, {AUSTIN, BELOUSOV},
     date(2024, 7, 12), date(2024, 7, 12), "day"),
    ("At the initiative of the Russian side, Minister of Defense of the Russian Federation", PHONE,
     {AUSTIN, BELOUSOV}, date(2024, 7, 12), date(2024, 7, 12), "day"),
    ("the conversation between Austin and Belousov took place following the NATO summit", CONVERSATION,
     {AUSTIN, BELOUSOV}, date(2024, 7, 12), date(2024, 7, 12), "day"),
    ("the previous one took place on June 25", CONVERSATION, {AUSTIN, BELOUSOV},
     date(2024, 6, 25), date(2024, 6, 25), "day"),
    ("took place in March 2023", CONVERSATION, {AUSTIN, SHOIGU}, date(2023, 3, 1), date(2023, 3, 31), "month"),
]


@pytest.mark.parametrize(("snippet", "types", "people", "lo", "hi", "precision"), SEED_EN_MENTIONS,
                         ids=[row[0][:40] for row in SEED_EN_MENTIONS])
def test_seed_en_mention(seed_en_mentions: list[EventMention], snippet: str, types: set[str], people: set[str],
                         lo: date, hi: date, precision: str) -> None:
    """Each seed sentence yields one happened contact with the right people, kind and date."""
    m = mention_with(seed_en_mentions, snippet)
    assert (m.modality, m.type in types, set(m.participants)) == ("happened", True, people), m
    assert m.date is not None and (m.date.lo, m.date.hi, m.date.precision) == (lo, hi, precision)


@pytest.mark.parametrize(("snippet", "initiator"), [
    ("On Friday, July 12, at the initiative of the Russian Federation", BELOUSOV),
    ("At the initiative of the Russian side, Minister of Defense", BELOUSOV),
    ("the previous one took place on June 25", None),
])
def test_seed_en_initiator(seed_en_mentions: list[EventMention], snippet: str, initiator: str | None) -> None:
    """'At the initiative of the Russian side' makes the Russian minister the initiator; no cue, no initiator."""
    assert mention_with(seed_en_mentions, snippet).initiator == initiator


def test_seed_en_evidence_offsets_point_at_the_quote(seed_en: Article,
                                                     seed_en_mentions: list[EventMention]) -> None:
    """The evidence offsets cut the quote out of the stored text."""
    assert seed_en_mentions
    for m in seed_en_mentions:
        assert seed_en.text[m.start:m.end] == m.quote


def test_seed_en_events_are_three_distinct_contacts(engine: Engine, seed_en: Article) -> None:
    """The article's mentions merge into three events: 12 July 2024, 25 June 2024 and March 2023."""
    events = engine.events(article_id=seed_en.id)
    got = {(e.date, e.date_precision, frozenset(e.actor_ids()), e.modality) for e in events}
    assert got == {
        (date(2024, 7, 12), "day", frozenset({AUSTIN, BELOUSOV}), "happened"),
        (date(2024, 6, 25), "day", frozenset({AUSTIN, BELOUSOV}), "happened"),
        (date(2023, 3, 1), "month", frozenset({AUSTIN, SHOIGU}), "happened"),
    }
    main = next(e for e in events if e.date == date(2024, 7, 12))
    assert (main.type, main.cameo, main.initiator) == ("phone_call", "041", BELOUSOV)


def test_popular_list_gives_no_events(make_engine: MakeEngine) -> None:
    """Headlines in a trailing 'Popular' list are page chrome, even when they report contacts."""
    engine = make_engine()  # a fresh store: without its chrome the text would be a duplicate of the seed
    chrome = ("\n\n    Zelensky met Macron in Paris to discuss security guarantees\n\n     • 50213 переглядiв\n\n"
              "    Erdogan and Putin spoke by phone about the grain deal\n\n     • 3130 переглядiв\n")
    stored = ingest_bare(engine, SEED_EN.read_text(encoding="utf-8") + chrome)
    people = set().union(*(e.actor_ids() for e in engine.events(article_id=stored.id)))
    assert people == {AUSTIN, BELOUSOV, SHOIGU}


@pytest.mark.parametrize("question", [
    "when did Austin last talk to the Russian minister?",
    "Коли Остін востаннє розмовляв з російським міністром?",
])
def test_seed_question_from_bare_text(engine: Engine, seed_en: Article, question: str) -> None:
    """The seed question is answered with 12 July 2024 and Belousov from the bare seed text."""
    answer = engine.ask(question)
    top = answer.events[0]
    assert (answer.intent, top.date, top.date_precision) == ("last", date(2024, 7, 12), "day")
    assert BELOUSOV in top.actor_ids() and AUSTIN in top.actor_ids()


# --- the French seed: machine-translated, misspelled, undated -----------------------------------


@pytest.fixture(scope="module")
def seed_fr(engine: Engine) -> Article:
    """The French seed article as stored after a metadata-free ingest."""
    return ingest_bare(engine, SEED_FR.read_text(encoding="utf-8"))


def test_seed_fr_is_french_and_undated(seed_fr: Article) -> None:
    """Nothing in the French seed dates it, so no date is invented."""
    assert (seed_fr.lang, seed_fr.published, seed_fr.published_from) == ("fr", None, "none")


def test_seed_fr_call_between_austin_and_shoig(engine: Engine, seed_fr: Article) -> None:
    """'Sergei Shoig' is Shoigu: one undated phone call that Austin initiated, and nothing about 'Blyen'."""
    events = engine.events(article_id=seed_fr.id)
    contacts = [e for e in events if e.modality == "happened"]
    assert [frozenset(e.actor_ids()) for e in contacts] == [frozenset({AUSTIN, SHOIGU})]
    call = contacts[0]
    assert (call.type, call.date, call.date_precision, call.initiator) == ("phone_call", None, None, AUSTIN)
    assert "Shoig" in call.sources[0].quote
    assert all(BLINKEN not in e.actor_ids() for e in events)


# --- our own sentences -----------------------------------------------------------------------------

# (lang, published, sentence, allowed types, participants, day)
TYPES = [
    ("en", "2024-06-14", "On Tuesday, Antony Blinken spoke by phone with Chinese Foreign Minister Wang Yi.",
     PHONE, {BLINKEN, WANG}, date(2024, 6, 11)),
    ("en", "2022-11-16", "Emmanuel Macron met Xi Jinping on the sidelines of the G20 summit in Bali on November 15, "
     "2022.", MEETING, {MACRON, XI}, date(2022, 11, 15)),
    ("en", "2024-04-17", "Chancellor Olaf Scholz visited Beijing on April 16, 2024, where he was received by Xi "
     "Jinping.", VISIT, {SCHOLZ, XI}, date(2024, 4, 16)),
    ("en", "2024-06-14", "Talks between Kuleba and Baerbock took place in Kyiv on Thursday.", TALKS,
     {KULEBA, BAERBOCK}, date(2024, 6, 13)),
    pytest.param("en", "2024-06-04", "Dmytro Kuleba and Annalena Baerbock held talks in Kyiv on June 3.", TALKS,
                 {KULEBA, BAERBOCK}, date(2024, 6, 3), id="en-held-talks"),
    pytest.param("en", "2023-04-03", "Talks between Olaf Scholz and Xi Jinping scheduled for Friday in Beijing were "
                 "called off at the last minute.", TALKS, {SCHOLZ, XI}, date(2023, 4, 7), id="en-talks-called-off"),
    ("fr", "2024-06-12", "Le 11 juin, Antony Blinken s'est entretenu par téléphone avec Wang Yi.", PHONE,
     {BLINKEN, WANG}, date(2024, 6, 11)),
    ("fr", "2024-05-07", "Emmanuel Macron a rencontré Xi Jinping le 6 mai 2024 à Paris.", MEETING, {MACRON, XI},
     date(2024, 5, 6)),
    ("fr", "2024-06-13", "Dmytro Kouleba s'est rendu à Berlin le 12 juin, où il a été reçu par Annalena Baerbock.",
     VISIT, {KULEBA, BAERBOCK}, date(2024, 6, 12)),
    ("fr", "2024-06-04", "Dmytro Kouleba et Annalena Baerbock ont mené des pourparlers à Kyiv le 3 juin.", TALKS,
     {KULEBA, BAERBOCK}, date(2024, 6, 3)),
    ("uk", "2024-06-11", "10 червня Ентоні Блінкен провів телефонну розмову з Ван І.", PHONE, {BLINKEN, WANG},
     date(2024, 6, 10)),
    ("uk", "2024-05-07", "Емманюель Макрон зустрівся з Сі Цзіньпіном 6 травня 2024 року в Парижі.", MEETING,
     {MACRON, XI}, date(2024, 5, 6)),
    ("uk", "2024-06-13", "Дмитро Кулеба відвідав Берлін 12 червня, де його прийняла Анналена Бербок.", VISIT,
     {KULEBA, BAERBOCK}, date(2024, 6, 12)),
    ("uk", "2024-06-04", "Дмитро Кулеба та Анналена Бербок провели переговори у Києві 3 червня.", TALKS,
     {KULEBA, BAERBOCK}, date(2024, 6, 3)),
    ("ru", "2024-06-11", "10 июня Энтони Блинкен провел телефонный разговор с Ван И.", PHONE, {BLINKEN, WANG},
     date(2024, 6, 10)),
    ("ru", "2024-05-07", "Эммануэль Макрон встретился с Си Цзиньпином 6 мая 2024 года в Париже.", MEETING,
     {MACRON, XI}, date(2024, 5, 6)),
    ("ru", "2024-06-13", "Дмитрий Кулеба посетил Берлин 12 июня, где его приняла Анналена Бербок.", VISIT,
     {KULEBA, BAERBOCK}, date(2024, 6, 12)),
    ("ru", "2024-06-04", "Дмитрий Кулеба и Анналена Бербок провели переговоры в Киеве 3 июня.", TALKS,
     {KULEBA, BAERBOCK}, date(2024, 6, 3)),
]


@pytest.mark.parametrize(("lang", "published", "text", "types", "people", "day"), TYPES)
def test_contact_type(engine: Engine, lang: str, published: str, text: str, types: set[str], people: set[str],
                      day: date) -> None:
    """Phone calls, meetings, visits and talks each get their type, their people and their day."""
    mentions = extract(engine, lang, published, text)
    assert pairs(mentions) == {frozenset(people)}, mentions
    for m in mentions:
        assert m.type in types, m
        assert m.date is not None and (m.date.lo, m.date.precision) == (day, "day"), m


# (lang, published, sentence, participants, initiator)
INITIATORS = [
    ("en", "2024-06-14", "Turkish President Recep Tayyip Erdogan had a phone call with Vladimir Putin on Monday at "
     "the initiative of the Turkish side.", {ERDOGAN, PUTIN}, ERDOGAN),
    ("en", "2024-06-14", "Emmanuel Macron held a phone call with Vladimir Putin on Friday at the request of the "
     "French side.", {MACRON, PUTIN}, MACRON),
    ("en", "2024-06-14", "At the initiative of Olaf Scholz, the chancellor and Recep Tayyip Erdogan spoke by phone "
     "on Thursday.", {SCHOLZ, ERDOGAN}, SCHOLZ),
    ("en", "2024-06-14", "Olaf Scholz spoke by phone with Recep Tayyip Erdogan on Thursday.", {SCHOLZ, ERDOGAN}, None),
    ("fr", "2024-06-14", "Recep Tayyip Erdogan a eu un entretien téléphonique avec Vladimir Poutine le 10 juin, à la "
     "demande de la partie turque.", {ERDOGAN, PUTIN}, ERDOGAN),
    ("fr", "2024-06-14", "Emmanuel Macron s'est entretenu jeudi par téléphone avec Vladimir Poutine, à l'initiative "
     "de la partie française.", {MACRON, PUTIN}, MACRON),
    pytest.param("fr", "2024-06-14", "À la demande d'Olaf Scholz, le chancelier s'est entretenu jeudi par téléphone "
                 "avec Recep Tayyip Erdogan.", {SCHOLZ, ERDOGAN}, SCHOLZ, id="fr-a-la-demande-de-sentence-start"),
    ("uk", "2024-06-14", "Реджеп Тайіп Ердоган провів телефонну розмову з Володимиром Путіним 10 червня за "
     "ініціативою турецької сторони.", {ERDOGAN, PUTIN}, ERDOGAN),
    ("uk", "2024-06-14", "За ініціативою Олафа Шольца в четвер відбулася телефонна розмова з Реджепом Тайіпом "
     "Ердоганом.", {SCHOLZ, ERDOGAN}, SCHOLZ),
    ("uk", "2024-06-14", "Емманюель Макрон у четвер провів телефонну розмову з Володимиром Путіним на прохання "
     "французької сторони.", {MACRON, PUTIN}, MACRON),
    ("ru", "2024-06-14", "Реджеп Тайип Эрдоган провел телефонный разговор с Владимиром Путиным 10 июня по инициативе "
     "турецкой стороны.", {ERDOGAN, PUTIN}, ERDOGAN),
    ("ru", "2024-06-14", "По инициативе Владимира Путина состоялся телефонный разговор с Олафом Шольцем в четверг.",
     {PUTIN, SCHOLZ}, PUTIN),
    ("ru", "2024-06-14", "Эрдоган в четверг разговаривал с Путином по телефону.", {ERDOGAN, PUTIN}, None),
    pytest.param("en", "2023-04-03", "Talks between Olaf Scholz and Xi Jinping scheduled for Friday in Beijing were "
                 "called off at the last minute.", {SCHOLZ, XI}, None, id="en-called-off-names-no-caller"),
]


@pytest.mark.parametrize(("lang", "published", "text", "people", "initiator"), INITIATORS)
def test_initiator(engine: Engine, lang: str, published: str, text: str, people: set[str],
                   initiator: str | None) -> None:
    """Initiative cues name the side that asked for the contact; without a cue there is no initiator."""
    mentions = extract(engine, lang, published, text)
    assert pairs(mentions) == {frozenset(people)}, mentions
    assert {m.initiator for m in mentions} == {initiator}


# (lang, published, sentence, participants): role phrases resolve through the roles held on the event date.
ROLES = [
    ("en", "2022-03-11", "The Turkish foreign minister met Sergei Lavrov in Antalya on March 10, 2022.",
     {CAVUSOGLU, LAVROV}),
    ("en", "2024-09-03", "The Turkish foreign minister met Sergei Lavrov in Moscow on September 2, 2024.",
     {FIDAN, LAVROV}),
    ("en", "2024-06-14", "Olaf Scholz spoke with his Turkish counterpart on June 10.", {SCHOLZ, ERDOGAN}),
    ("en", "2023-10-21", "The Pentagon chief spoke by phone with Rustem Umerov on October 20, 2023.", {AUSTIN, UMEROV}),
    ("en", "2025-03-21", "The Pentagon chief spoke by phone with Rustem Umerov on March 20, 2025.", {HEGSETH, UMEROV}),
    ("en", "2024-07-15", "The Pentagon chief last spoke with the Russian defence minister in March 2023.",
     {AUSTIN, SHOIGU}),
    ("en", "2024-07-15", "The Pentagon chief last spoke with the Russian defence minister on June 25.",
     {AUSTIN, BELOUSOV}),
    ("fr", "2023-06-19", "Antony Blinken s'est entretenu le 18 juin 2023 à Pékin avec le chef de la diplomatie "
     "chinoise.", {BLINKEN, QIN}),
    ("fr", "2024-06-12", "Antony Blinken s'est entretenu le 11 juin 2024 par téléphone avec le chef de la diplomatie "
     "chinoise.", {BLINKEN, WANG}),
    ("fr", "2024-06-14", "Le chef du Pentagone Lloyd Austin s'est entretenu jeudi avec son homologue russe.",
     {AUSTIN, BELOUSOV}),
    pytest.param("fr", "2024-05-07", "Emmanuel Macron a reçu Xi Jinping à l'Élysée le 6 mai, pour la première visite "
                 "d'État du dirigeant chinois en France depuis cinq ans.", {MACRON, XI}, id="fr-dirigeant-chinois"),
    ("uk", "2023-10-21", "Глава Пентагону провів телефонну розмову з Рустемом Умєровим 20 жовтня 2023 року.",
     {AUSTIN, UMEROV}),
    ("uk", "2025-03-21", "Глава Пентагону провів телефонну розмову з Рустемом Умєровим 20 березня 2025 року.",
     {HEGSETH, UMEROV}),
    ("uk", "2024-06-14", "Очільник Пентагону Ллойд Остін у четвер провів розмову зі своїм російським колегою.",
     {AUSTIN, BELOUSOV}),
    ("ru", "2023-03-16", "15 марта министр обороны РФ провел телефонный разговор с Ллойдом Остином.",
     {SHOIGU, AUSTIN}),
    ("ru", "2024-06-11", "10 июня министр обороны РФ провел телефонный разговор с Ллойдом Остином.",
     {BELOUSOV, AUSTIN}),
    ("ru", "2024-06-14", "Глава МИД Турции в четверг провел переговоры с Сергеем Лавровым.", {FIDAN, LAVROV}),
]


@pytest.mark.parametrize(("lang", "published", "text", "people"), ROLES)
def test_role_phrase(engine: Engine, lang: str, published: str, text: str, people: set[str]) -> None:
    """'His Turkish counterpart', 'le chef de la diplomatie chinoise', 'министр обороны РФ' name the holder then."""
    assert pairs(extract(engine, lang, published, text)) == {frozenset(people)}


JOINT = [
    ("en", "Emmanuel Macron and Olaf Scholz held a joint phone call with Vladimir Putin on May 28, 2022."),
    ("fr", "Emmanuel Macron et Olaf Scholz ont eu un entretien téléphonique conjoint avec Vladimir Poutine le 28 mai "
     "2022."),
    ("uk", "Емманюель Макрон та Олаф Шольц провели спільну телефонну розмову з Володимиром Путіним 28 травня 2022 "
     "року."),
    ("ru", "Эммануэль Макрон и Олаф Шольц провели совместный телефонный разговор с Владимиром Путиным 28 мая 2022 "
     "года."),
]


@pytest.mark.parametrize(("lang", "text"), JOINT)
def test_joint_call_is_one_contact_of_three(engine: Engine, lang: str, text: str) -> None:
    """A joint call records its participants as one set of three, not as pairs."""
    mentions = extract(engine, lang, "2022-05-30", text)
    assert pairs(mentions) == {frozenset({MACRON, SCHOLZ, PUTIN})}
    assert {(m.type, m.date.lo if m.date else None) for m in mentions} == {("phone_call", date(2022, 5, 28))}


# (lang, sentence, participants): machine-translation damage resolves to the right person, and only to them.
MISSPELLINGS = [
    ("en", "Antony Blinkin spoke by telephone with Sergei Lavrow on June 11.", {BLINKEN, LAVROV}),
    ("en", "Secretary Ostin phoned Shoigou on Thursday.", {AUSTIN, SHOIGU}),
    pytest.param("en", "Antony Blyen spoke by phone with Sergei Lavrov on Thursday.", {BLINKEN, LAVROV},
                 id="en-Antony-Blyen", marks=pytest.mark.xfail(strict=True, reason="'Antony Blyen' is not resolved")),
    ("en", "Li Qiang met Olaf Scholz in Berlin on Thursday.", {LI_QIANG, SCHOLZ}),
    ("fr", "Le secrétaire d'État Blyen s'est entretenu jeudi par téléphone avec Sergueï Lavrov.", {BLINKEN, LAVROV}),
    ("fr", "Antony Blinken s'est entretenu jeudi par téléphone avec Sergueï Lavrow.", {BLINKEN, LAVROV}),
    ("fr", "Poutin a reçu Erdogan jeudi au Kremlin.", {PUTIN, ERDOGAN}),
    ("fr", "Le ministre Beloussov s'est entretenu jeudi avec Lloyd Austin.", {BELOUSOV, AUSTIN}),
    ("fr", "Li Keqiang a rencontré Olaf Scholz à Berlin jeudi.", {LI_KEQIANG, SCHOLZ}),
    ("uk", "Остін у четвер розмовляв з Шойґу.", {AUSTIN, SHOIGU}),
    pytest.param("ru", "Блинкин в четверг разговаривал с Лавровым по телефону.", {BLINKEN, LAVROV},
                 id="ru-Blinkin", marks=pytest.mark.xfail(strict=True, reason="'Блинкин' is not resolved to Blinken")),
]


@pytest.mark.parametrize(("lang", "text", "people"), MISSPELLINGS)
def test_misspelled_names(engine: Engine, lang: str, text: str, people: set[str]) -> None:
    """Ostin, Shoigou, Lavrow, Poutin, Beloussov resolve fuzzily; Li Qiang is never Li Keqiang."""
    assert pairs(extract(engine, lang, "2024-06-14", text)) == {frozenset(people)}


# (lang, published, sentence): Austin the city, Austin Tice the journalist, Austin as a first name.
NAMESAKES = [
    ("en", "2024-06-14", "AUSTIN, Texas, June 11: The governor met reporters in Austin on Tuesday."),
    ("en", "2024-05-03", "The family of Austin Tice met US officials in Washington on May 2, 2024."),
    pytest.param("en", "2024-06-14", "Austin Butler met Olaf Scholz at the Berlinale on Thursday.", id="en-Austin-Butler"),
    ("fr", "2024-06-14", "Austin, au Texas, a accueilli mardi une rencontre entre maires américains."),
    ("uk", "2024-06-14", "В Остіні, штат Техас, у вівторок відбулася зустріч мерів американських міст."),
    ("uk", "2024-06-14", "Журналіст Остін Тайс зустрівся з Джо Байденом у вівторок."),
    ("ru", "2024-06-14", "Журналист Остин Тайс встретился с Джо Байденом во вторник."),
]


@pytest.mark.parametrize(("lang", "published", "text"), NAMESAKES)
def test_namesake_is_not_lloyd_austin(engine: Engine, lang: str, published: str, text: str) -> None:
    """A place or another person called Austin never becomes Lloyd Austin."""
    assert all(AUSTIN not in m.participants for m in extract(engine, lang, published, text))


YEAR_INFERENCE = [
    ("en", "Emmanuel Macron spoke by phone with Xi Jinping on Tuesday, March 5, the Elysee said."),
    ("fr", "Emmanuel Macron s'est entretenu par téléphone avec Xi Jinping le mardi 5 mars, a indiqué l'Élysée."),
    ("uk", "Емманюель Макрон у вівторок, 5 березня, провів телефонну розмову з Сі Цзіньпіном, повідомили в "
     "Єлисейському палаці."),
    ("ru", "Эммануэль Макрон во вторник, 5 марта, провел телефонный разговор с Си Цзиньпином, сообщили в Елисейском "
     "дворце."),
]


@pytest.mark.parametrize(("lang", "text"), YEAR_INFERENCE)
def test_year_inferred_for_bare_text(make_engine: MakeEngine, lang: str, text: str) -> None:
    """'Tuesday, March 5' with no year and no metadata is 2024, the latest such Tuesday before today."""
    engine = make_engine()
    stored = ingest_bare(engine, text)
    assert (stored.lang, stored.published_from) == (lang, "weekday")
    assert stored.published is not None and stored.published.date() == date(2024, 3, 5)
    events = engine.events(article_id=stored.id)
    assert [(e.date, e.date_precision, e.actor_ids()) for e in events] == [(date(2024, 3, 5), "day", {MACRON, XI})]
