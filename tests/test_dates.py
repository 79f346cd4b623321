"""Date phrases and publication dates in English, French, Ukrainian and Russian."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.dates import (
    DatePhrase,
    find_date_phrases,
    find_publication_date,
    resolve_phrase,
    warm_up,
)
from index.dating.patterns import alternation, phrase

TODAY = date(2026, 11, 22)


def phrase_in(text: str, lang: str, published: date | None, wanted: str) -> DatePhrase:
    """The one phrase found in text whose words are exactly `wanted`."""
    found = [p for p in find_date_phrases(text, lang, published) if p.text == wanted]
    assert len(found) == 1, [p.text for p in find_date_phrases(text, lang, published)]
    return found[0]


# (lang, published, text, phrase, expected day, points forward)
WEEKDAYS = [
    ("en", date(2022, 2, 18), "Shoigu and Austin last spoke on Saturday.", "on Saturday", date(2022, 2, 12), False),
    ("en", date(2022, 5, 13), "Austin spoke by phone with Shoigu on Friday.", "on Friday", date(2022, 5, 13), False),
    ("en", date(2022, 5, 19), "Milley had on Thursday a telephone talk.", "on Thursday", date(2022, 5, 19), False),
    ("en", date(2022, 3, 18), "Austin has been packed since it opened last Friday.", "last Friday", date(2022, 3, 11), False),
    ("en", date(2022, 2, 18), "Shoigu is due to speak with Austin later on Friday.", "later on Friday", date(2022, 2, 18), True),
    ("en", date(2022, 2, 16), "The two ministers are due to talk on Saturday.", "on Saturday", date(2022, 2, 19), True),
    ("en", date(2022, 2, 16), "Blinken meets Lavrov next Friday in Geneva.", "next Friday", date(2022, 2, 18), True),
    ("en", date(2022, 3, 18), "SXSW runs through Sunday.", "through Sunday", date(2022, 3, 20), True),
    ("en", date(2022, 5, 16), "Friday's call lasted an hour.", "Friday's", date(2022, 5, 13), False),
    ("fr", date(2022, 5, 14), "Choïgou et Austin ont eu vendredi un entretien.", "vendredi", date(2022, 5, 13), False),
    ("fr", date(2022, 9, 12), "Macron s'est entretenu dimanche avec Poutine.", "dimanche", date(2022, 9, 11), False),
    ("fr", date(2024, 11, 11), "Le Kremlin a démenti lundi qu'un appel ait eu lieu.", "lundi", date(2024, 11, 11), False),
    ("fr", date(2022, 5, 17), "Ils se sont parlé mardi dernier.", "mardi dernier", date(2022, 5, 10), False),
    ("fr", date(2022, 5, 18), "Ils se reparleront vendredi prochain.", "vendredi prochain", date(2022, 5, 20), True),
    ("fr", date(2022, 5, 18), "Les deux ministres se parleront samedi.", "samedi", date(2022, 5, 21), True),
    ("uk", date(2022, 10, 21), "Остін у п'ятницю провів телефонну розмову.", "у п'ятницю", date(2022, 10, 21), False),
    ("uk", date(2022, 10, 21), "Остін у п’ятницю провів розмову.", "у п’ятницю", date(2022, 10, 21), False),
    ("uk", date(2022, 10, 24), "Шойгу у неділю обдзвонив колег.", "у неділю", date(2022, 10, 23), False),
    ("uk", date(2022, 10, 24), "Герасимов у понеділок провів розмову.", "у понеділок", date(2022, 10, 24), False),
    ("uk", date(2022, 10, 24), "Вони говорили минулої п'ятниці.", "минулої п'ятниці", date(2022, 10, 21), False),
    ("uk", date(2022, 10, 24), "Вони поговорять у наступний понеділок.", "у наступний понеділок", date(2022, 10, 31), True),
    ("ru", date(2022, 2, 12), "Шойгу в субботу поговорил по телефону с Остином.", "в субботу", date(2022, 2, 12), False),
    ("ru", date(2022, 10, 24), "Остин в воскресенье вновь поговорил с Шойгу.", "в воскресенье", date(2022, 10, 23), False),
    ("ru", date(2022, 10, 21), "Министры говорили в прошлую пятницу.", "в прошлую пятницу", date(2022, 10, 14), False),
    ("ru", date(2022, 10, 24), "Они встретятся в следующую пятницу.", "в следующую пятницу", date(2022, 10, 28), True),
    ("ru", date(2022, 2, 12), "Позднее в субботу поговорят и президенты.", "Позднее в субботу", date(2022, 2, 12), True),
    ("ru", date(2022, 10, 19), "Во вторник состоялся разговор.", "Во вторник", date(2022, 10, 18), False),
]


@pytest.mark.parametrize(("lang", "published", "text", "wanted", "expected", "future"), WEEKDAYS)
def test_weekday(lang: str, published: date, text: str, wanted: str, expected: date, future: bool) -> None:
    found = phrase_in(text, lang, published, wanted)
    assert found.kind == "weekday"
    assert found.value is not None
    assert (found.value.lo, found.value.hi, found.value.precision) == (expected, expected, "day")
    assert found.future is future


# (lang, published, text, phrase, expected day, points forward)
DAY_MONTHS = [
    ("en", date(2024, 7, 12), "the previous one took place on June 25.", "on June 25", date(2024, 6, 25), False),
    ("en", date(2022, 3, 24), "The last time they spoke was 18 February.", "18 February", date(2022, 2, 18), False),
    ("en", date(2022, 5, 13), "The two had not spoken since February 18.", "since February 18", date(2022, 2, 18), False),
    ("en", date(2022, 1, 5), "They met on December 30 in Geneva.", "on December 30", date(2021, 12, 30), False),
    ("en", date(2022, 1, 5), "They met on the 30th of December.", "on the 30th of December", date(2021, 12, 30), False),
    ("en", date(2024, 6, 1), "Austin will visit Kyiv on June 25.", "on June 25", date(2024, 6, 25), True),
    ("en", date(2024, 6, 1), "Austin visited Kyiv on June 25.", "on June 25", date(2023, 6, 25), False),
    ("en", date(2030, 1, 1), "They spoke on July 12, 2024.", "on July 12, 2024", date(2024, 7, 12), False),
    ("en", date(2024, 7, 15), "On Friday, July 12, they spoke.", "On Friday, July 12", date(2024, 7, 12), False),
    ("en", date(2022, 2, 20), "MOSCOW, Feb. 18 — Shoigu spoke.", "Feb. 18", date(2022, 2, 18), False),
    ("fr", date(2022, 9, 12), "le 19 août, M. Macron avait déjà appelé", "le 19 août", date(2022, 8, 19), False),
    ("fr", date(2022, 9, 12), "Le 28 mai, il s'était entretenu avec Poutine.", "Le 28 mai", date(2022, 5, 28), False),
    ("fr", date(2023, 1, 1), "Depuis le 1er mars 2022, rien.", "Depuis le 1er mars 2022", date(2022, 3, 1), False),
    ("fr", date(2024, 7, 15), "Le vendredi 12 juillet, ils ont parlé.", "Le vendredi 12 juillet", date(2024, 7, 12), False),
    ("uk", date(2022, 7, 30), "пакет домовленостей, підписаних 22 липня в Стамбулі", "22 липня", date(2022, 7, 22), False),
    ("uk", date(2023, 7, 30), "угоду підписали 22 липня 2022 року", "22 липня 2022 року", date(2022, 7, 22), False),
    ("uk", date(2024, 7, 15), "У п'ятницю, 12 липня, відбулася розмова.", "У п'ятницю, 12 липня", date(2024, 7, 12), False),
    ("ru", date(2022, 3, 1), "Контактов не было с 18 февраля.", "с 18 февраля", date(2022, 2, 18), False),
    ("ru", date(2023, 3, 1), "Разговор состоялся 18 февраля 2022 года.", "18 февраля 2022 года", date(2022, 2, 18), False),
    ("ru", date(2024, 7, 15), "В пятницу, 12 июля, министры поговорили.", "В пятницу, 12 июля", date(2024, 7, 12), False),
]


@pytest.mark.parametrize(("lang", "published", "text", "wanted", "expected", "future"), DAY_MONTHS)
def test_day_and_month(lang: str, published: date, text: str, wanted: str, expected: date, future: bool) -> None:
    found = phrase_in(text, lang, published, wanted)
    assert found.kind == "absolute"
    assert found.value is not None
    assert (found.value.lo, found.value.precision) == (expected, "day")
    assert found.future is future


# (lang, published, text, phrase, first day, last day)
MONTHS = [
    ("en", date(2024, 7, 12), "the last one took place in March 2023.", "in March 2023", date(2023, 3, 1), date(2023, 3, 31)),
    ("en", date(2022, 7, 29), "They sat down in Geneva in January.", "in January", date(2022, 1, 1), date(2022, 1, 31)),
    ("en", date(2022, 7, 29), "They sat down in Geneva in December.", "in December", date(2021, 12, 1), date(2021, 12, 31)),
    ("en", date(2022, 5, 13), "since Russia invaded in late February", "in late February", date(2022, 2, 21), date(2022, 2, 28)),
    ("en", date(2022, 5, 13), "They met in May of last year.", "in May of last year", date(2021, 5, 1), date(2021, 5, 31)),
    ("fr", date(2024, 11, 11), "L'appel remonte à juillet 2020.", "à juillet 2020", date(2020, 7, 1), date(2020, 7, 31)),
    ("fr", date(2024, 11, 11), "Ils se sont parlé en juillet 2020.", "en juillet 2020", date(2020, 7, 1), date(2020, 7, 31)),
    ("fr", date(2023, 5, 1), "Aucun contact depuis septembre 2022.", "depuis septembre 2022", date(2022, 9, 1), date(2022, 9, 30)),
    ("fr", date(2022, 9, 12), "la centrale, occupée depuis mars", "depuis mars", date(2022, 3, 1), date(2022, 3, 31)),
    ("fr", date(2022, 12, 4), "Premier appel depuis la mi-septembre.", "mi-septembre", date(2022, 9, 11), date(2022, 9, 20)),
    ("fr", date(2022, 5, 13), "Ils se sont parlé en mars dernier.", "en mars dernier", date(2022, 3, 1), date(2022, 3, 31)),
    ("uk", date(2022, 10, 21), "вони востаннє говорили в травні", "в травні", date(2022, 5, 1), date(2022, 5, 31)),
    ("uk", date(2022, 10, 21), "вони востаннє говорили у травні", "у травні", date(2022, 5, 1), date(2022, 5, 31)),
    ("uk", date(2022, 10, 21), "розмова відбулася у березні", "у березні", date(2022, 3, 1), date(2022, 3, 31)),
    ("uk", date(2022, 10, 21), "розмова відбулася у березні минулого року", "у березні минулого року", date(2021, 3, 1), date(2021, 3, 31)),
    ("uk", date(2022, 10, 21), "зустріч була в травні минулого року", "в травні минулого року", date(2021, 5, 1), date(2021, 5, 31)),
    ("uk", date(2022, 1, 10), "востаннє вони говорили у грудні", "у грудні", date(2021, 12, 1), date(2021, 12, 31)),
    ("uk", date(2024, 1, 10), "у березні 2023 року", "у березні 2023 року", date(2023, 3, 1), date(2023, 3, 31)),
    ("ru", date(2022, 10, 24), "впервые с мая", "с мая", date(2022, 5, 1), date(2022, 5, 31)),
    ("ru", date(2022, 10, 24), "они говорили в мае", "в мае", date(2022, 5, 1), date(2022, 5, 31)),
    ("ru", date(2022, 10, 24), "они говорили в мае прошлого года", "в мае прошлого года", date(2021, 5, 1), date(2021, 5, 31)),
    ("ru", date(2022, 12, 4), "первый разговор с середины сентября", "с середины сентября", date(2022, 9, 11), date(2022, 9, 20)),
    ("ru", date(2024, 1, 10), "встреча в марте 2023 года", "в марте 2023 года", date(2023, 3, 1), date(2023, 3, 31)),
]


@pytest.mark.parametrize(("lang", "published", "text", "wanted", "lo", "hi"), MONTHS)
def test_month(lang: str, published: date, text: str, wanted: str, lo: date, hi: date) -> None:
    found = phrase_in(text, lang, published, wanted)
    assert found.kind == "month"
    assert found.value is not None
    assert (found.value.lo, found.value.hi, found.value.precision) == (lo, hi, "month")
    assert found.value.shown() == lo.replace(day=1)


@pytest.mark.parametrize(
    ("lang", "text", "wanted"),
    [
        ("en", "They last met in 2022.", "in 2022"),
        ("fr", "Ils se sont vus en 2022.", "en 2022"),
        ("uk", "Вони зустрічалися у 2022 році.", "у 2022 році"),
        ("ru", "Они встречались в 2022 году.", "в 2022 году"),
        ("uk", "Угода діє з 2022 року.", "з 2022 року"),
    ],
)
def test_year(lang: str, text: str, wanted: str) -> None:
    found = phrase_in(text, lang, date(2024, 5, 1), wanted)
    assert found.kind == "year"
    assert found.value is not None
    assert (found.value.lo, found.value.hi, found.value.precision) == (date(2022, 1, 1), date(2022, 12, 31), "year")


# (lang, published, text, phrase, first day, last day, precision, anaphoric)
RELATIVES = [
    ("en", date(2022, 7, 30), "Blinken called Lavrov yesterday.", "yesterday", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("fr", date(2022, 7, 30), "Blinken a appelé Lavrov hier.", "hier", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("ru", date(2022, 7, 30), "Блинкен вчера позвонил Лаврову.", "вчера", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("uk", date(2022, 7, 30), "Блінкен учора подзвонив Лаврову.", "учора", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("uk", date(2022, 7, 30), "Блінкен вчора подзвонив.", "вчора", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("uk", date(2022, 7, 30), "Блінкен учора ввечері провів розмову.", "учора ввечері", date(2022, 7, 29), date(2022, 7, 29), "day", False),
    ("en", date(2022, 7, 30), "Austin spoke to Shoigu today.", "today", date(2022, 7, 30), date(2022, 7, 30), "day", False),
    ("fr", date(2022, 7, 30), "Ils se parlent aujourd'hui.", "aujourd'hui", date(2022, 7, 30), date(2022, 7, 30), "day", False),
    ("ru", date(2022, 7, 30), "Они поговорили сегодня.", "сегодня", date(2022, 7, 30), date(2022, 7, 30), "day", False),
    ("uk", date(2022, 7, 30), "Вони поговорили сьогодні.", "сьогодні", date(2022, 7, 30), date(2022, 7, 30), "day", False),
    ("en", date(2022, 5, 19), "Austin called Shoigu last week.", "last week", date(2022, 5, 9), date(2022, 5, 15), "month", False),
    ("en", date(2022, 5, 3), "Reed returned last week.", "last week", date(2022, 4, 25), date(2022, 5, 1), "year", False),
    ("fr", date(2024, 11, 11), "un appel la semaine dernière", "la semaine dernière", date(2024, 11, 4), date(2024, 11, 10), "month", False),
    ("ru", date(2024, 11, 11), "разговор на прошлой неделе", "на прошлой неделе", date(2024, 11, 4), date(2024, 11, 10), "month", False),
    ("uk", date(2024, 11, 11), "розмова минулого тижня", "минулого тижня", date(2024, 11, 4), date(2024, 11, 10), "month", False),
    ("en", date(2022, 3, 15), "They spoke last month.", "last month", date(2022, 2, 1), date(2022, 2, 28), "month", False),
    ("en", date(2022, 3, 15), "They spoke earlier this month.", "earlier this month", date(2022, 3, 1), date(2022, 3, 14), "month", False),
    ("en", date(2022, 3, 15), "They spoke this year.", "this year", date(2022, 1, 1), date(2022, 3, 15), "year", False),
    ("en", date(2022, 2, 18), "a couple of hours after Blinken called", "a couple of hours after", date(2022, 2, 18), date(2022, 2, 18), "day", True),
    ("en", date(2022, 2, 18), "Earlier that day, Lavrov spoke.", "Earlier that day", date(2022, 2, 18), date(2022, 2, 18), "day", True),
    ("uk", date(2022, 10, 24), "Раніше того ж дня Герасимов говорив.", "Раніше того ж дня", date(2022, 10, 24), date(2022, 10, 24), "day", True),
    ("ru", date(2022, 10, 24), "Накануне Шойгу обзвонил коллег.", "Накануне", date(2022, 10, 23), date(2022, 10, 23), "day", True),
    ("uk", date(2022, 10, 24), "Напередодні Шойгу обдзвонив колег.", "Напередодні", date(2022, 10, 23), date(2022, 10, 23), "day", True),
    ("en", date(2022, 10, 24), "The day before, Shoigu called.", "The day before", date(2022, 10, 23), date(2022, 10, 23), "day", True),
    ("en", date(2022, 7, 30), "They met two days ago.", "two days ago", date(2022, 7, 28), date(2022, 7, 28), "day", False),
    ("fr", date(2022, 7, 30), "Ils se sont vus il y a deux jours.", "il y a deux jours", date(2022, 7, 28), date(2022, 7, 28), "day", False),
    ("ru", date(2022, 7, 30), "Они встретились два дня назад.", "два дня назад", date(2022, 7, 28), date(2022, 7, 28), "day", False),
    ("uk", date(2022, 7, 30), "Вони зустрілися два дні тому.", "два дні тому", date(2022, 7, 28), date(2022, 7, 28), "day", False),
]


@pytest.mark.parametrize(("lang", "published", "text", "wanted", "lo", "hi", "precision", "anaphoric"), RELATIVES)
def test_relative(
    lang: str, published: date, text: str, wanted: str, lo: date, hi: date, precision: str, anaphoric: bool
) -> None:
    found = phrase_in(text, lang, published, wanted)
    assert found.kind == "relative"
    assert found.value is not None
    assert (found.value.lo, found.value.hi, found.value.precision) == (lo, hi, precision)
    assert found.anaphoric is anaphoric
    assert found.future is False


@pytest.mark.parametrize(
    ("lang", "text", "wanted"),
    [
        ("fr", "Les deux dirigeants se reparleront « dans les prochains jours ».", "dans les prochains jours"),
        ("en", "They will meet in the coming days.", "in the coming days"),
        ("ru", "Они поговорят в ближайшие дни.", "в ближайшие дни"),
        ("uk", "Вони поговорять найближчими днями.", "найближчими днями"),
        ("en", "The ministers will talk next week.", "next week"),
    ],
)
def test_relative_future(lang: str, text: str, wanted: str) -> None:
    published = date(2022, 9, 12)
    found = phrase_in(text, lang, published, wanted)
    assert found.future is True
    assert found.value is not None and found.value.lo > published


@pytest.mark.parametrize(
    ("lang", "published", "text", "wanted", "lo", "hi", "precision"),
    [
        ("en", date(2024, 7, 12), "the NATO summit in Washington on July 9-11.", "on July 9-11", date(2024, 7, 9), date(2024, 7, 11), "month"),
        ("en", date(2024, 7, 12), "from June 30 to July 2", "from June 30 to July 2", date(2024, 6, 30), date(2024, 7, 2), "year"),
        ("fr", date(2024, 7, 12), "le sommet du 9 au 11 juillet", "du 9 au 11 juillet", date(2024, 7, 9), date(2024, 7, 11), "month"),
        ("uk", date(2024, 7, 12), "саміт 9-11 липня", "9-11 липня", date(2024, 7, 9), date(2024, 7, 11), "month"),
        ("ru", date(2024, 7, 12), "встречи между 9 и 11 июля", "между 9 и 11 июля", date(2024, 7, 9), date(2024, 7, 11), "month"),
        ("uk", date(2024, 7, 12), "зустрічі між 9 та 11 липня", "між 9 та 11 липня", date(2024, 7, 9), date(2024, 7, 11), "month"),
        ("ru", date(2022, 9, 1), "с 24 февраля по 3 марта", "с 24 февраля по 3 марта", date(2022, 2, 24), date(2022, 3, 3), "year"),
        ("ru", date(2025, 1, 1), "саммит с 9 по 11 июля 2024 года", "с 9 по 11 июля 2024 года", date(2024, 7, 9), date(2024, 7, 11), "month"),
    ],
)
def test_range(lang: str, published: date, text: str, wanted: str, lo: date, hi: date, precision: str) -> None:
    found = phrase_in(text, lang, published, wanted)
    assert found.kind == "range"
    assert found.value is not None
    assert (found.value.lo, found.value.hi, found.value.precision) == (lo, hi, precision)


@pytest.mark.parametrize(
    ("text", "wanted", "expected"),
    [
        ("зброю 11.07.24, 14:27", "11.07.24, 14:27", date(2024, 7, 11)),
        ("21.10.22, 23:10 • 12 748 переглядів", "21.10.22, 23:10", date(2022, 10, 21)),
        ("24.10.2022 20:05 | Світ", "24.10.2022 20:05", date(2022, 10, 24)),
        ("Signed on 24.10.2022 in Kyiv.", "24.10.2022", date(2022, 10, 24)),
        ("Updated 2022-10-24T17:05.", "2022-10-24T17:05", date(2022, 10, 24)),
    ],
)
def test_numeric_dates_are_absolute(text: str, wanted: str, expected: date) -> None:
    found = phrase_in(text, "uk", None, wanted)
    assert found.value is not None
    assert (found.value.lo, found.value.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The president may call Putin, officials said."),
        ("en", "The talks lasted 36 hours."),
        ("en", "The call lasted about forty minutes."),
        ("en", "It was the 2022 talks that failed."),
        ("en", "A call of 80 minutes."),
        ("en", "The Mayor of Kyiv spoke."),
        ("fr", "Une hausse de 5,1 % en un an, après 36 heures de négociations."),
        ("fr", "Un appel de 80 minutes."),
        ("uk", "Зростання на 5,1 відсотка за 36 годин."),
        ("uk", "Це важливо у середі експертів."),
        ("ru", "Это обсуждалось в среде экспертов."),
    ],
)
def test_not_dates(lang: str, text: str) -> None:
    assert find_date_phrases(text, lang, date(2024, 5, 1)) == []


def test_year_label_with_case_word_is_a_year() -> None:
    # "переговоры 2022 года" does name a year: the case word makes it a date, unlike "the 2022 talks".
    found = find_date_phrases("Переговоры 2022 года были трудными.", "ru", date(2024, 5, 1))
    assert [(p.text, p.kind) for p in found] == [("2022 года", "year")]


@pytest.mark.parametrize(
    ("lang", "text", "wanted"),
    [
        ("en", "Austin spoke on Friday.", "on Friday"),
        ("en", "They spoke on June 25.", "on June 25"),
        ("en", "They spoke yesterday.", "yesterday"),
        ("fr", "Ils se sont parlé en mars.", "en mars"),
        ("ru", "Они говорили в прошлую пятницу.", "в прошлую пятницу"),
    ],
)
def test_unresolvable_without_publication_date(lang: str, text: str, wanted: str) -> None:
    assert phrase_in(text, lang, None, wanted).value is None


@pytest.mark.parametrize(
    ("lang", "text", "wanted", "expected"),
    [
        ("en", "The last call was in March 2023.", "in March 2023", date(2023, 3, 1)),
        ("fr", "Ils se sont vus le 12 juillet 2024.", "le 12 juillet 2024", date(2024, 7, 12)),
        ("uk", "Вони говорили у 2022 році.", "у 2022 році", date(2022, 1, 1)),
    ],
)
def test_self_contained_without_publication_date(lang: str, text: str, wanted: str, expected: date) -> None:
    found = phrase_in(text, lang, None, wanted)
    assert found.value is not None and found.value.lo == expected


ARTICLE = {
    "en": "MOSCOW, Feb 18 — Shoigu is due to speak with Austin later on Friday. They last spoke on Saturday, "
    "a couple of hours after Blinken called Lavrov. The two had not spoken since February 18. "
    "In March 2023 they met; in 2022 the talks failed after 36 hours. The president may call next week. ",
    "fr": "MOSCOU — Choïgou et Austin ont eu vendredi un entretien. Le 19 août, Macron avait appelé Poutine. "
    "Depuis mars, la centrale est occupée; ils se reparleront dans les prochains jours, après 36 heures. ",
    "uk": "Остін у п'ятницю провів розмову з Шойгу. Востаннє вони говорили в травні минулого року. "
    "Напередодні, у неділю, 22 липня, підписали угоду; учора ввечері Блінкен подзвонив Лаврову. ",
    "ru": "Шойгу в субботу поговорил с Остином. Позднее в субботу поговорят президенты. Контактов не было "
    "с 18 февраля, а в мае прошлого года был разговор. Накануне, в 2022 году, на прошлой неделе. ",
}


@pytest.mark.parametrize("lang", sorted(ARTICLE))
def test_offsets_index_the_text(lang: str) -> None:
    text = ARTICLE[lang] * 3
    found = find_date_phrases(text, lang, date(2022, 10, 24))
    assert len(found) >= 9
    assert all(text[p.start : p.end] == p.text for p in found)
    assert [p.start for p in found] == sorted(p.start for p in found)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["on", "Friday", "July", "12", "in", "March", "2023", "may", "у", "п'ятницю", "травні", "минулого", "року",
             "в", "мае", "le", "19", "août", "9-11", ",", ".", "\n", "last", "week", "вчера", "11.07.24", "14:27"]
        ),
        max_size=30,
    ),
    lang=st.sampled_from(["en", "fr", "uk", "ru"]),
    published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))),
)
def test_any_text_gives_consistent_phrases(words: list[str], lang: str, published: date | None) -> None:
    text = " ".join(words)
    for p in find_date_phrases(text, lang, published):
        assert text[p.start : p.end] == p.text
        assert p.value is None or p.value.lo <= p.value.hi


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(["on", "Friday", "July", "12", "2023", "will", "talk", "в", "субботу", "le",
                                    "19", "août", "lundi", "prochain", ".", "\n", "last", "week"]), max_size=30),
    lang=st.sampled_from(["en", "fr", "uk", "ru"]),
    cut=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_a_bounded_search_finds_what_the_whole_text_has_there(words: list[str], lang: str,
                                                               cut: tuple[int, int]) -> None:
    """The extractor searches sentence by sentence: it must see what a whole-text search sees in each sentence."""
    text = " . ".join(" ".join(words[i:i + 5]) for i in range(0, len(words), 5))
    start, end = sorted(min(c, len(text)) for c in cut)
    # Sentences end at a full stop: cut there, as the extractor does, so no phrase crosses a bound.
    start, end = text.rfind(" . ", 0, start) + 1 if start else 0, (text.find(" . ", end) + 1 or len(text))
    whole = [p for p in find_date_phrases(text, lang, date(2024, 5, 17)) if start <= p.start and p.end <= end]
    assert find_date_phrases(text, lang, date(2024, 5, 17), start, end) == whole


@pytest.mark.parametrize(
    ("lang", "text", "published", "expected"),
    [
        ("ru", "в прошлую пятницу", date(2022, 10, 21), date(2022, 10, 14)),
        ("uk", "у березні минулого року", date(2022, 10, 21), date(2021, 3, 1)),
        ("fr", "  mardi dernier ", date(2022, 5, 17), date(2022, 5, 10)),
        ("en", "Tue 12 Jul 2024 14.00 BST", None, date(2024, 7, 12)),
    ],
)
def test_resolve_phrase(lang: str, text: str, published: date | None, expected: date) -> None:
    value = resolve_phrase(text, lang, published)
    assert value is not None and value.lo == expected


@pytest.mark.parametrize(("lang", "text"), [("en", "yesterday"), ("en", "next Tuesday"), ("fr", "la semaine dernière")])
def test_resolve_phrase_needs_a_reference_for_relative_words(lang: str, text: str) -> None:
    assert resolve_phrase(text, lang, None) is None


def test_unknown_language_finds_nothing() -> None:
    assert find_date_phrases("am 12. Juli 2024", "de", date(2024, 7, 13)) == []


# (lang, text, expected publication, source)
PUBLICATIONS = [
    ("en", "Home › World\nPentagon: no calls\nBy Staff Writer | 24.03.22, 15:10 • 20334 views\n\nKirby said...",
     datetime(2022, 3, 24, 15, 10), "timestamp"),
    ("uk", "21.10.22, 23:10 • 12 748 переглядів\n\nМіністр оборони США Ллойд Остін у п'ятницю провів розмову.",
     datetime(2022, 10, 21, 23, 10), "timestamp"),
    ("uk", "24.10.2022 20:05 | Світ | 8 903 переглядів\n\nГерасимов у понеділок провів розмову.",
     datetime(2022, 10, 24, 20, 5), "timestamp"),
    ("en", "Austin presses Shoigu\nJuly 12, 2024, 14:27\n\nAustin spoke with Belousov.", datetime(2024, 7, 12, 14, 27), "timestamp"),
    ("en", "Austin calls Shoigu\n\nThe two spoke.\n\nOriginally Published: 13 MAY 22", datetime(2022, 5, 13), "text"),
    ("uk", "Остін і Шойгу\nОпубліковано 12 липня 2024, 14:00\n\nРозмова тривала годину.", datetime(2024, 7, 12, 14, 0), "text"),
    ("ru", "Шойгу и Остин\nОпубликовано: 18.02.2022 09:40\n\nРазговор состоялся.", datetime(2022, 2, 18, 9, 40), "text"),
    ("fr", "Macron appelle Poutine\nPublié le 3 mars 2023 à 10h15\n\nL'appel a duré.", datetime(2023, 3, 3, 10, 15), "text"),
    ("en", "Title\nPublished 12:34 PM EST, Fri February 18, 2022\n\nBody text.", datetime(2022, 2, 18, 12, 34), "text"),
    ("fr", "Titre\nMis à jour le 19 février 2022 à 08h00\nPublié le 18/02/2022 à 11h40\n\nTexte.",
     datetime(2022, 2, 18, 11, 40), "text"),
    ("en", "Title\nFeb 18, 2022 / 9:40 AM\n\nBody.", datetime(2022, 2, 18, 9, 40), "timestamp"),
    ("ru", "Заголовок\n18 февраля 2022 в 11:40\n\nТекст.", datetime(2022, 2, 18, 11, 40), "timestamp"),
    ("ru", "Заголовок\n18 февраля 2022\n\nТекст статьи.", datetime(2022, 2, 18), "text"),
    ("ru", "МОСКВА, 24 октября. /ТАСС/. Министр обороны провел разговор, отметив события марта 2022 года.",
     datetime(2022, 10, 24), "dateline"),
    ("en", "MOSCOW, Feb 18 — Shoigu is due to speak by telephone with Austin later on Friday.", datetime(2022, 2, 18), "dateline"),
    ("en", "WASHINGTON, May 13 (Reuters) - Austin spoke with Shoigu. They last met in March 2023.", datetime(2023, 5, 13), "dateline"),
    ("fr", "MOSCOU, 18 février (AFP) — Choïgou a parlé avec Austin. Le dernier appel remonte à juillet 2020.",
     datetime(2021, 2, 18), "dateline"),
    ("en", "On Friday, July 12, at the initiative of the Russian Federation, a call took place.", datetime(2024, 7, 12), "weekday"),
    ("fr", "Le vendredi 12 juillet, les ministres se sont parlé.", datetime(2024, 7, 12), "weekday"),
    ("uk", "У п'ятницю, 12 липня, міністри провели розмову.", datetime(2024, 7, 12), "weekday"),
    ("ru", "В пятницу, 12 июля, министры провели разговор.", datetime(2024, 7, 12), "weekday"),
]


@pytest.mark.parametrize(("lang", "text", "expected", "source"), PUBLICATIONS)
def test_publication_date(lang: str, text: str, expected: datetime, source: str) -> None:
    assert find_publication_date(text, lang, TODAY) == (expected, source)


def test_related_news_timestamp_anchors_the_year_of_a_weekday_date() -> None:
    # A related headline's stamp (11.07.24) is older than the story; it fixes the year, the weekday the day.
    text = (
        "Ministers spoke\n\nThe Russian and U.S. defense ministers held a telephone conversation to discuss "
        "preventing security threats and reducing the risk of escalation amid the war.\n\n"
        "On Friday, July 12, at the initiative of the Russian Federation, a call took place.\n\n"
        "\"Moscow prepares countermeasures\": Russia answered 11.07.24, 14:27\n\nMore text."
    )
    assert find_publication_date(text, "en", date(2031, 1, 1)) == (datetime(2024, 7, 12), "weekday")


def test_body_timestamp_is_the_last_resort() -> None:
    text = "Ministers spoke on Friday.\n\nRelated: Moscow prepares countermeasures 11.07.24, 14:27"
    assert find_publication_date(text, "en", TODAY) == (datetime(2024, 7, 11, 14, 27), "timestamp")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Austin spoke with Shoigu on Friday, the Pentagon said."),
        ("fr", "Choïgou et Austin ont eu vendredi un entretien."),
        ("uk", "Глава Пентагону Ллойд Остін поговорив телефоном із Шойгу."),
        ("ru", "Шойгу в субботу поговорил с Остином в мае."),
        ("en", "Published: 12.07.2031 10:00\n\nA story from the future."),
    ],
)
def test_no_publication_date_is_invented(lang: str, text: str) -> None:
    assert find_publication_date(text, lang, TODAY) == (None, "none")


def test_warm_up_leaves_dateparser_ready() -> None:
    warm_up()
    value = resolve_phrase("Tue 12 Jul 2024 14.00 BST", "en", date(2024, 7, 13))
    assert value is not None and value.lo == date(2024, 7, 12)


_TRIE_WORDS = ["mar", "mars", "march", "mai", "may", "l'an", "l'année", "last", "last week", "last  month", "sept."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="marchsyiln'’ ewktob.MAL\u00a0\n", max_size=30), st.booleans())
def test_trie_alternation_matches_like_the_flat_one(text: str, sensitive: bool) -> None:
    flat = "|".join(phrase(w) for w in sorted(set(_TRIE_WORDS), key=lambda w: (-len(w), w)))
    flat = f"(?-i:{flat})" if sensitive else f"(?:{flat})"
    spans = [[m.span() for m in re.finditer(rf"(?<!\w){body}(?!\w)", text, re.IGNORECASE)]
             for body in (flat, alternation(_TRIE_WORDS, sensitive=sensitive))]
    assert spans[0] == spans[1]
