"""Language identification on short questions, headlines, long paragraphs and mixed-script texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.text.clean import clean_text
from index.text.lang import detect_language
from tests.paths import SEEDS as _SEEDS

SEEDS = _SEEDS

EN = [
    "When did Austin last talk to the Russian minister?",
    "Who called Shoigu?",
    "How many times did Blinken speak with Lavrov?",
    "Did Macron meet Putin in 2022?",
    "When was the first call between Austin and Belousov?",
    "Austin held phone talks with his Russian counterpart",
    "Shoigu to hold phone talks with Pentagon chief on Friday, Russian ministry says",
    "The Russian and U.S. defense ministers held a telephone conversation to discuss preventing security "
    "threats and reducing the risk of escalation amid Russia's ongoing war against Ukraine.",
    "Secretary of State Antony Blinken said he had pressed his Russian counterpart to accept a proposal to "
    "free two detained Americans, in the first call between the two diplomats since the invasion began.",
    "The Pentagon said the call lasted about an hour and was requested by the American side; the ministry in "
    "Moscow confirmed it but gave no details.",
    "Is there any meeting between Scholz and Putin?",
    "Last contact with the Kremlin?",
]
FR = [
    "Quand Austin a-t-il parlé à Choïgou ?",
    "Qui a appelé Poutine ?",
    "Combien de fois Macron a-t-il parlé avec Poutine ?",
    "Quand a eu lieu le dernier appel entre Blinken et Lavrov ?",
    "Est-ce que Scholz a rencontré Poutine ?",
    "Macron a de nouveau appelé Poutine",
    "Le Kremlin dément tout entretien téléphonique entre Poutine et Trump",
    "Les ministres russe et américain de la Défense se parlent pour la première fois depuis février",
    "Le ministre russe de la Défense a passé dimanche une série d'appels à ses homologues de plusieurs pays de "
    "l'OTAN pour leur faire part de ses inquiétudes.",
    "Selon les responsables américains, la ligne de déconfliction militaire entre les deux pays s'est "
    "refroidie après l'invasion, et les appels répétés à Moscou sont restés sans réponse.",
    "Quand Austin et Shoigu se sont-ils parle pour la derniere fois ?",
    "Dernier contact entre la France et la Russie ?",
]
UK = [
    "Коли Остін востаннє розмовляв з російським міністром?",
    "Хто дзвонив Шойгу?",
    "Скільки разів Блінкен говорив з Лавровим?",
    "Коли була перша розмова Остіна з Білоусовим?",
    "Чи зустрічався Макрон з Путіним?",
    "Остін уперше з травня поговорив із Шойгу",
    "Блінкен і Лавров уперше від початку вторгнення поговорили телефоном",
    "Глава Пентагону Ллойд Остін поговорив телефоном із російським міністром оборони Сергієм Шойгу — уперше "
    "відтоді, як Росія розпочала повномасштабне вторгнення в Україну.",
    "Розмова тривала близько години і відбулася на прохання американської сторони, повідомив речник "
    "Пентагону, додавши, що сторони домовилися підтримувати зв'язок.",
    "У МЗС РФ заявили, що Лавров поінформував співрозмовника про пакет домовленостей, підписаних у Стамбулі.",
    "Хто говорив з Путіним у грудні?",
    "Остін говорив з Шойгу?",
]
RU = [
    "Когда Остин последний раз говорил с российским министром?",
    "Кто звонил Шойгу?",
    "Сколько раз Блинкен говорил с Лавровым?",
    "Когда был первый разговор Остина с Белоусовым?",
    "Встречался ли Макрон с Путиным?",
    "Шойгу и Остин провели телефонный разговор",
    "Остин и Шойгу созвонились второй раз за три дня",
    "Министр обороны России Сергей Шойгу в субботу поговорил по телефону с главой Пентагона Ллойдом Остином, "
    "сообщили в Минобороны РФ.",
    "Судя по всему, американцы добивались этого разговора в срочном порядке: запрос из Вашингтона поступил "
    "примерно через два часа после телефонной беседы госсекретаря США.",
    "Канцлер Германии Олаф Шольц в пятницу около часа разговаривал по телефону с президентом России.",
    "Кто говорил с Путиным в декабре?",
    "Остин говорил с Шойгу?",
]

TABLE = (
    [(t, "en") for t in EN] + [(t, "fr") for t in FR] + [(t, "uk") for t in UK] + [(t, "ru") for t in RU]
)


@pytest.mark.parametrize(("text", "lang"), TABLE)
def test_detects_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # English text quoting a Ukrainian headline and a Russian view counter: the majority wins.
        ("The ministers spoke on Friday, the Pentagon said. «москва вже напрацьовує контрзаходи» • 20334 "
         "переглядiв. Austin stressed the need to keep channels of communication open.", "en"),
        # Russian text with an English organisation name.
        ("Пресс-секретарь NATO Summit заявила, что разговор был долгим и содержательным.", "ru"),
        # Ukrainian text typed with a Latin "i" inside Cyrillic words.
        ("Мiнiстр оборони провiв розмову з колегою", "uk"),
        # Russian text citing a Ukrainian place name keeps its Russian majority.
        ("Министр заявил, что объекты в районе Київ не пострадали, а переговоры будут продолжены в ближайшие "
         "дни, хотя пока ещё рано говорить о результатах.", "ru"),
    ],
)
def test_mixed_texts_by_majority(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(("name", "lang"), [("000_82e3462890df7cb6.txt", "en"), ("003_f2117a8896c249ee.txt", "fr")])
def test_seed_articles(name: str, lang: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    assert detect_language(text) == lang
    assert detect_language(clean_text(text)) == lang


@pytest.mark.parametrize(
    ("text", "hint", "lang"),
    [
        ("", "uk", "uk"),
        ("2022 — 14:27 ?", "fr", "fr"),
        ("123", None, "en"),
        ("", "de", "en"),  # a hint outside our languages is ignored
        ("Шойгу", "ru", "ru"),  # a bare name: the hint decides
        ("Шойгу", "uk", "uk"),
        ("Who called Shoigu?", "ru", "en"),  # the hint never overrides the script
        ("Коли Остін говорив з Шойгу?", "ru", "uk"),  # nor clear letter evidence
    ],
)
def test_hint(text: str, hint: str | None, lang: str) -> None:
    assert detect_language(text, hint) == lang
