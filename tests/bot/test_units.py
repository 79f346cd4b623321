"""Pure helpers: forwarded articles, bare links, group addressing, languages, settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, Message

from bot.config import ConfigError, Settings, load_settings
from bot.handlers.ingest import channel_post_url, forwarded_article, link_only_url
from bot.handlers.questions import addressed_text
from bot.i18n import normalize_lang
from tests.e2e.botapi import (
    BOT_ID,
    BOT_USERNAME,
    TOKEN,
    BotApi,
    channel_origin,
    group_chat,
    private_chat,
    user,
)

ME = user(5, "en")


def to_message(body: dict[str, Any]) -> Message:
    message = Message.de_json(body, Bot(TOKEN))
    assert message is not None
    return message


def incoming(text: str | None = None, chat: dict[str, Any] | None = None, **extra: Any) -> Message:
    return to_message(BotApi().message(chat or private_chat(ME), ME, text, **extra))


def test_channel_forward_keeps_the_channel_identity() -> None:
    origin = channel_origin("unn_news", 123, 1720800000, chat_id=-1001234, title="UNN")
    article = forwarded_article(incoming("text", forward_origin=origin), "text")
    assert article.id == "tg:-1001234:123"
    assert article.url == "https://t.me/unn_news/123"
    assert article.source == "UNN"
    assert article.published == datetime.fromtimestamp(1720800000, UTC)
    assert article.origin == "telegram"


def test_the_same_post_forwarded_twice_has_the_same_id() -> None:
    origin = channel_origin("unn_news", 123, 1720800000)
    first = forwarded_article(incoming("a", forward_origin=origin), "a")
    second = forwarded_article(incoming("a", forward_origin=origin), "a")
    assert first.id == second.id


@pytest.mark.parametrize(
    ("chat_id", "username", "expected"),
    [
        (-1001234567, "unn_news", "https://t.me/unn_news/9"),
        (-1001234567, None, "https://t.me/c/1234567/9"),
    ],
)
def test_post_urls(chat_id: int, username: str | None, expected: str) -> None:
    assert channel_post_url(chat_id, username, 9) == expected


@pytest.mark.parametrize(
    ("origin", "source"),
    [
        ({"type": "user", "date": 1720800000, "sender_user": user(9, name="Olena")}, "Olena"),
        ({"type": "hidden_user", "date": 1720800000, "sender_user_name": "Anon"}, "Anon"),
        ({"type": "chat", "date": 1720800000,
          "sender_chat": {"id": -100555, "type": "supergroup", "title": "Desk"}}, "Desk"),
    ],
)
def test_other_origins_use_the_sender_and_the_message_id(origin: dict[str, Any], source: str) -> None:
    message = incoming("text", forward_origin=origin)
    article = forwarded_article(message, "text")
    assert article.source == source
    assert article.url is None
    assert article.id == f"tg:{message.chat_id}:{message.message_id}"
    assert article.published == datetime.fromtimestamp(1720800000, UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/news/1", "https://example.com/news/1"),
        ("  https://example.com/a?b=1  ", "https://example.com/a?b=1"),
        ("read https://example.com/news/1", None),
        ("https://a.test/1 https://b.test/2", None),
        ("when did Austin call?", None),
    ],
)
def test_link_only(text: str, expected: str | None) -> None:
    assert link_only_url(incoming(text)) == expected


def test_a_text_link_covering_the_whole_message_counts() -> None:
    message = incoming("the article", entities=[{"type": "text_link", "offset": 0, "length": 11,
                                                  "url": "https://example.com/x"}])
    assert link_only_url(message) == "https://example.com/x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"@{BOT_USERNAME} when did Austin call?", "when did Austin call?"),
        (f"when did Austin call, @{BOT_USERNAME}?", "when did Austin call, ?"),
        (f"😀 @{BOT_USERNAME.upper()} коли?", "😀 коли?"),
        ("@someone_else when did Austin call?", None),
        ("when did Austin call?", None),
    ],
)
def test_group_addressing_by_mention(text: str, expected: str | None) -> None:
    message = incoming(text, chat=group_chat())
    assert addressed_text(message, BOT_USERNAME, BOT_ID) == expected


def test_group_addressing_by_reply() -> None:
    bot_message = {"message_id": 1, "date": 0, "chat": group_chat(), "from": BotApi().bot, "text": "hi"}
    message = incoming("and before that?", chat=group_chat(), reply_to_message=bot_message)
    assert addressed_text(message, BOT_USERNAME, BOT_ID) == "and before that?"


@pytest.mark.parametrize(
    ("code", "lang"),
    [("uk", "uk"), ("ru-RU", "ru"), ("fr_CA", "fr"), ("en-GB", "en"), ("de", "en"), (None, "en"), ("", "en")],
)
def test_language_codes(code: str | None, lang: str) -> None:
    assert normalize_lang(code) == lang


def test_environment_overrides_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('admin_ids = [1]\ningest_mode = "everyone"\nmax_document_bytes = 10\n'
                      'data_dir = "/toml/data"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSBOT_ADMIN_IDS", "7, 8")
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = load_settings(config)
    assert settings.admin_ids == [7, 8]
    assert settings.ingest_mode == "everyone"
    assert settings.max_document_bytes == 10
    assert settings.data_dir == tmp_path / "env"
    assert settings.token_value() == TOKEN
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


def test_config_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "other.toml"
    config.write_text('fetch_links = false\nallowed_users = [3, 4]\n', encoding="utf-8")
    monkeypatch.setenv("NEWSBOT_CONFIG", str(config))
    settings = load_settings(data_dir=tmp_path / "cli")
    assert settings.fetch_links is False
    assert settings.allowed_users == [3, 4]
    assert settings.data_dir == tmp_path / "cli"


@pytest.mark.parametrize(
    ("mode", "user_id", "may_ingest"),
    [("everyone", 50, True), ("admins", 50, False), ("admins", 1, True), ("50,60", 60, True), ("50,60", 70, False)],
)
def test_who_may_ingest(mode: str, user_id: int, may_ingest: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_INGEST_MODE", mode)
    settings = Settings(admin_ids=[1])
    assert settings.may_ingest(user_id) is may_ingest
    assert settings.may_ask(user_id)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:short", "abc:" + "x" * 40])
def test_bad_tokens_are_refused_in_one_line(token: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if token is not None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    with pytest.raises(ConfigError) as caught:
        load_settings().token_value()
    assert "\n" not in str(caught.value) and "TELEGRAM_BOT_TOKEN" in str(caught.value)


def test_malformed_config_is_one_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("max_document_bytes = -5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="max_document_bytes"):
        load_settings(config)
    config.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(config)


def test_main_exits_2_without_a_token(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.app import main

    monkeypatch.chdir(tmp_path)  # no ./config.toml to pick up

    assert main(None, None) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in err and "Traceback" not in err


async def test_updates_keep_their_order_within_a_chat_but_not_across_chats() -> None:
    import asyncio

    from telegram import Update

    from bot.app import ChatOrderedProcessor

    api, bot = BotApi(), Bot(TOKEN)
    first_chat, second_chat = user(1), user(2)

    def update_in(who: dict[str, Any]) -> Update:
        return Update.de_json(api.update_for(api.message(private_chat(who), who, "hi")), bot)

    order: list[str] = []
    release = asyncio.Event()

    async def slow() -> None:
        order.append("first chat: start")
        await release.wait()
        order.append("first chat: end")

    async def record(step: str, then: asyncio.Event | None = None) -> None:
        order.append(step)
        if then is not None:
            then.set()

    processor = ChatOrderedProcessor(4)
    await asyncio.gather(
        processor.process_update(update_in(first_chat), slow()),
        processor.process_update(update_in(first_chat), record("first chat: next")),
        processor.process_update(update_in(second_chat), record("second chat", then=release)),
    )
    assert order == ["first chat: start", "second chat", "first chat: end", "first chat: next"]
