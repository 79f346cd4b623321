"""Page-chrome stripping: seed articles, chrome in four languages, and text that must survive."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.text import clean as clean_module
from index.text.clean import chrome_lines, clean, clean_text, is_chrome_line
from tests.paths import SEEDS as _SEEDS

SEEDS = _SEEDS
BODY = "The two ministers spoke by phone on Friday, the ministry said."
BODY_UK = "Міністри поговорили телефоном у п'ятницю, повідомило міністерство."


def test_seed_000_keeps_the_story_and_drops_the_chrome() -> None:
    result = clean((SEEDS / "000_82e3462890df7cb6.txt").read_text(encoding="utf-8"))
    text = result.text
    assert text.startswith("Possible escalation was discussed")
    for kept in (
        "At the initiative of the Russian side, Minister of Defense",
        "- the rf said in a statement.",
        "the previous one\u00a0took place on June 25.",
        "took place in March 2023.",
        "including hypersonic weapons.",
    ):
        assert kept in text
    for gone in ("possible-escalation-was", "переглядiв", "Popular", "News by theme", "Okhmatdet", "Irpin",
                 "москва вже напрацьовує", "Volodymyr Omelchenko"):
        assert gone not in text
    # The related headline's timestamp is kept aside as a clue to the publication date.
    assert any(line.endswith("11.07.24, 14:27") for line in result.removed)


def test_seed_003_drops_only_the_rubric() -> None:
    original = (SEEDS / "003_f2117a8896c249ee.txt").read_text(encoding="utf-8")
    result = clean(original)
    assert result.removed == ["Incidents"]
    assert result.text.startswith('"Nous le ferons"')
    assert result.text.endswith("mais ils ont saisi 194.")
    assert result.text.count("\n\n") == original.strip().count("\n\n") - 1


@pytest.mark.parametrize(
    "line",
    [
        "• 20334 переглядiв",
        "20334 views",
        "12 748 переглядів",
        "21.10.22, 23:10 • 12 748 переглядів",
        "Просмотров: 5 341",
        "1,2K views",
        "3 512 vues",
        "Home › World › Europe",
        "Головна / Новини / Світ",
        "Accueil > International > Europe",
        "Politics | World | Europe",
        "Read also: Gas prices in Europe hit new record",
        "READ ALSO: Top 10 smartphones of spring 2022",
        "Читайте також: Синоптики попереджають про перші заморозки",
        "Читайте также: Курс доллара на сегодня",
        "Lire aussi : Les prix du gaz s'envolent",
        "À lire aussi - Le Kremlin réagit",
        "Subscribe to our Telegram channel for the latest news",
        "Підписуйтесь на канал, щоб першими дізнаватися новини.",
        "Подписывайтесь на наш канал в Telegram",
        "Abonnez-vous à notre newsletter",
        "possible-escalation-was-discussed-the-us-and-russian-defense-ministers",
        "https://example.test/news/2022/05/13/austin-shoigu",
        "Share | Facebook | Twitter | Telegram",
        "Поділитися",
        "Partager sur Facebook",
        "Photo: Reuters",
        "Фото: Офіс президента",
        "Tags: Russia, USA, Pentagon",
        "#Україна #Шойгу, #новини",
        "Details",
        "Нагадаємо",
        "Напомним:",
        "© 2024 All rights reserved",
        '"москва вже напрацьовує контрзаходи": у росії відповіли на рішення США 11.07.24, 14:27',
        "Зеленський провів нараду зі Ставкою 14:05, 12.07.2024",
    ],
)
def test_chrome_lines_in_four_languages(line: str) -> None:
    assert is_chrome_line(line)
    assert clean_text(f"{BODY}\n\n{line}\n\n{BODY_UK}") == f"{BODY}\n\n{BODY_UK}"


@pytest.mark.parametrize(
    "line",
    [
        "Austin and Shoigu spoke by phone for about an hour on Friday.",
        "Popular support for the talks has fallen, a poll found.",
        "Reading the statement, the spokesman said the call was useful.",
        "Subscribers were told that the meeting would take place in Geneva.",
        "Share prices fell after the call between the two leaders.",
        "Photo opportunities were limited: the leaders met behind closed doors for two hours, officials said.",
        "Лавров и Блинкен поговорили 12.07.2024 в 14:27.",
        "Розмова тривала близько години, повідомили у Пентагоні.",
        "« Bombe sale » : Choïgou enchaîne les coups de fil avec ses homologues",
        "Le président a déclaré : « Nous le ferons » – et il est parti.",
        "- the rf said in a statement.",
        "Macron et Scholz / Poutine : la rencontre de Moscou reportée",
    ],
)
def test_body_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)
    text = f"{BODY}\n\n{line}\n\n{BODY_UK}"
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("marker", "items"),
    [
        ("Popular", ["IAEA condemns Russian missile attack", "• 70198 views", "Irpin introduces water schedules"]),
        ("Популярне:", ["• Укренерго: графіки відключень на завтра", "• Курс долара на міжбанку"]),
        ("Популярное", ["Шойгу провёл переговоры с Остином", "Путин встретился с Си"]),
        ("Les plus lus", ["Macron a appelé Poutine", "Le Kremlin dément"]),
        ("News by theme", ["Austin met Shoigu in Moscow", "Blinken called Lavrov"]),
    ],
)
def test_trailing_link_blocks_are_dropped(marker: str, items: list[str]) -> None:
    text = "\n\n".join([BODY, BODY_UK, marker, *items])
    result = clean(text)
    assert result.text == f"{BODY}\n\n{BODY_UK}"
    assert result.removed == [marker, *items]


def test_a_marker_word_used_as_a_heading_keeps_what_follows() -> None:
    paragraph = (
        "Austin urged an immediate ceasefire and stressed the importance of maintaining lines of communication "
        "between the two militaries, while Shoigu, according to the Russian ministry, discussed the situation in "
        "Ukraine and other current issues of international security at considerable length with him."
    )
    result = clean(f"{BODY}\n\nPopular\n\n{paragraph}\n\n{BODY}")
    assert result.text == f"{BODY}\n\n{paragraph}\n\n{BODY}"
    assert result.removed == ["Popular"]


@pytest.mark.parametrize("marker", ["Read also:", "Читайте також", "ЧИТАЙТЕ ТАКЖЕ:", "Lire aussi"])
def test_lone_read_also_marker_takes_the_next_headline(marker: str) -> None:
    text = f"{BODY}\n\n{marker}\nAustin met Shoigu in Moscow\n\n{BODY_UK}"
    result = clean(text)
    assert result.text == f"{BODY}\n\n{BODY_UK}"
    assert "Austin met Shoigu in Moscow" in result.removed


def test_trailing_bylines_and_headlines_go_but_an_attribution_stays() -> None:
    text = f"{BODY}\n\n\"We will talk again\"\n\n- the minister said\n\nJane Doe\n\nWorld news\n\nAustin met Shoigu"
    result = clean(text)
    assert result.text == f"{BODY}\n\n\"We will talk again\"\n\n- the minister said"
    assert result.removed == ["Jane Doe", "World news", "Austin met Shoigu"]


@pytest.mark.parametrize(
    "last",
    [
        "Shoigu also spoke with his French counterpart Sebastien Lecornu",
        "The call lasted an hour. Шойгу также поговорил с Лекорню",
    ],
)
def test_a_last_sentence_without_full_stop_stays(last: str) -> None:
    text = f"{BODY}\n\n{last}"
    assert clean_text(text) == text


def test_trailing_byline_and_hashtags_go() -> None:
    assert clean(f"{BODY}\n\nJane Doe").removed == ["Jane Doe"]
    assert clean(f"{BODY}\n\nThe call lasted an hour\n\n#news #ukraine").text == f"{BODY}\n\nThe call lasted an hour"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short post without punctuation is content: there is no sentence to tell it from chrome.
        ("Austin and Shoigu held a phone call today", "Austin and Shoigu held a phone call today"),
        ("Breaking\nAustin and Shoigu held a phone call today", "Austin and Shoigu held a phone call today"),
        ("Шойгу и Остин провели телефонный разговор", "Шойгу и Остин провели телефонный разговор"),
    ],
)
def test_short_unpunctuated_posts_survive(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_paragraphs_and_line_breaks_are_kept() -> None:
    text = "  Title line  \n\n\n\nFirst paragraph.\nIts second line.\r\n\r\nSecond paragraph.  \n"
    assert clean_text(text) == "Title line\n\nFirst paragraph.\nIts second line.\n\nSecond paragraph."
    assert chrome_lines(text) == []


def test_removing_a_line_inside_a_paragraph_leaves_no_gap() -> None:
    text = f"{BODY}\n• 20334 views\n{BODY_UK}"
    assert clean_text(text) == f"{BODY}\n{BODY_UK}"


def test_leading_rubric_before_the_headline() -> None:
    text = "Politics\n\nMacron calls Putin again over Zaporizhzhia\n\nThe French president spoke to Putin."
    result = clean(text)
    assert result.removed == ["Politics"]
    assert result.text.startswith("Macron calls Putin again")


def test_empty_and_blank_text() -> None:
    assert clean("").text == ""
    assert clean(" \n\n \n").text == ""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["views", "переглядів", "share", "facebook", "12", "2024", "•", "|", "14:27",
                                 "12.07.2024", "(", ")", "—", ",", "x-y", "l'a", "Telegram", "news", " "]),
                max_size=14))
def test_a_lines_first_word_is_read_without_blanking_the_whole_line(words: list[str]) -> None:
    """The shortcut must find the word that blanking numbers, dates and separators first would find."""
    folded = " ".join(words).casefold()
    blanked = clean_module._WORD.search(clean_module._META_TOKENS.sub(" ", folded))
    assert clean_module._first_bare_word(folded) == (blanked.group() if blanked else None)
