"""Every UI string exists in all four languages with the same placeholders."""

from __future__ import annotations

from string import Formatter

import pytest

from bot.i18n import STRINGS, UI_LANGS, month_name, t


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGS if lang != "en"])
def test_every_key_is_translated_with_the_same_placeholders(lang: str) -> None:
    english, table = STRINGS["en"], STRINGS[lang]
    assert set(table) == set(english)
    for key, template in table.items():
        assert placeholders(template) == placeholders(english[key]), key


@pytest.mark.parametrize(("lang", "nominative", "genitive"),
                         [("uk", "березень", "березня"), ("ru", "март", "марта"), ("fr", "mars", "mars")])
def test_month_forms(lang: str, nominative: str, genitive: str) -> None:
    assert month_name(lang, 3, genitive=False) == nominative
    assert month_name(lang, 3, genitive=True) == genitive


def test_values_are_escaped() -> None:
    assert t("en", "deleted", id="<b>x</b>") == "Deleted article &lt;b&gt;x&lt;/b&gt;."
