"""Conversations with the real Application and a real Engine, offline."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Message

from bot.handlers.common import ProgressMessage
from bot.services import EngineService
from index.models import ArticleIn
from tests.bot.conftest import (
    ADMIN_ID,
    SEED,
    Harness,
    forward_update,
    sent,
    settle,
    texts,
)
from tests.e2e.botapi import (
    BOT_USERNAME,
    GROUP_ID,
    buttons,
    group_chat,
    private_chat,
    user,
)

SEED_TEXT = SEED.read_text(encoding="utf-8")
QUESTION_EN = "when did Austin last talk to the Russian minister?"
QUESTION_UK = "Коли Остін востаннє розмовляв з російським міністром?"
STRANGER = user(3003, "en", "Stranger")


def service(bot: Harness) -> EngineService:
    engine = bot.app.bot_data["engine"]
    assert isinstance(engine, EngineService)
    return engine


async def article_count(bot: Harness) -> int:
    return (await service(bot).stats()).articles


async def test_forward_is_ingested_and_the_question_answered_with_a_link(bot: Harness, admin: dict[str, Any]) -> None:
    ingest = sent(await bot.send(forward_update(bot.api, admin, SEED_TEXT)))[-1].text
    assert "New article (English)" in ingest
    assert "Belousov" in ingest and "12 July 2024" in ingest

    calls = await bot.say(admin, QUESTION_EN)
    answer = sent(calls)[-1].text
    assert "Belousov" in answer
    assert "12 July 2024" in answer
    assert 'href="https://t.me/unn_news/123"' in answer
    assert any(call.method == "sendChatAction" for call in calls)


@pytest.mark.parametrize("telegram_lang", ["uk", "en"])
async def test_a_ukrainian_question_gets_a_ukrainian_answer(bot: Harness, admin: dict[str, Any],
                                                             telegram_lang: str) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    answer = sent(await bot.say(user(4004, telegram_lang), QUESTION_UK))[-1].text
    assert "12 липня 2024" in answer
    assert "https://t.me/unn_news/123" in answer


async def test_duplicates_are_recognised(bot: Harness, admin: dict[str, Any]) -> None:
    update = forward_update(bot.api, admin, SEED_TEXT)
    assert "New article" in sent(await bot.send(update))[-1].text
    assert "Already known" in sent(await bot.send(update))[-1].text
    reforwarded = forward_update(bot.api, admin, SEED_TEXT, username="other_channel", post_id=999)
    assert "Already known" in sent(await bot.send(reforwarded))[-1].text
    assert await article_count(bot) == 1


@pytest.mark.parametrize("command", ["/reindex", "/stats", "/delete tg:-1001111111111:123", "/export"])
@pytest.mark.parametrize("where", ["private", "group"])
async def test_admin_commands_are_refused_to_others(bot: Harness, admin: dict[str, Any], command: str,
                                                     where: str) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    chat = private_chat(STRANGER) if where == "private" else group_chat()
    calls = await bot.say(STRANGER, command, chat=chat)
    assert [c.method for c in calls] == ["sendMessage"]
    assert "only the bot's administrators can use /" + command.split()[0][1:] in calls[0].text
    assert await article_count(bot) == 1
    assert not service(bot).rebuilding


async def test_reindex_runs_in_the_background_while_questions_are_answered(bot: Harness,
                                                                           admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    started = sent(await bot.say(admin, "/reindex"))[-1]
    assert "Rebuilding" in started.text
    answer = sent(await bot.say(admin, QUESTION_EN))[-1].text
    assert "12 July 2024" in answer

    def finished() -> bool:
        return any("rebuilt" in c.text for c in bot.api.calls if c.method == "editMessageText")

    await settle(finished)
    final = [c for c in bot.api.calls if c.method == "editMessageText"][-1]
    assert final.params["message_id"] == str(started.result["message_id"])
    assert "1 articles" in final.text and "contacts" in final.text
    assert "12 July 2024" in sent(await bot.say(admin, QUESTION_EN))[-1].text


async def test_stats_for_admins(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    text = sent(await bot.say(admin, "/stats"))[-1].text
    assert "<b>Articles</b>: 1" in text and "en 1" in text and "never" not in text


async def test_sources_delete_and_export(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    listing = sent(await bot.say(admin, "/sources"))[-1].text
    assert "tg:-1001111111111:123" in listing

    exported = [c for c in await bot.say(admin, "/export") if c.method == "sendDocument"]
    name, content = exported[0].files["document"]
    assert name.endswith(".jsonl")
    line = json.loads(content.decode("utf-8").splitlines()[0])
    assert "Belousov" in line["text"]

    assert "Deleted" in sent(await bot.say(admin, "/delete tg:-1001111111111:123"))[-1].text
    assert await article_count(bot) == 0
    assert "There is no article" in sent(await bot.say(admin, "/delete tg:-1001111111111:123"))[-1].text
    assert "nothing to export" in sent(await bot.say(admin, "/export"))[-1].text


def document_update(bot: Harness, who: dict[str, Any], name: str, content: bytes,
                    declared: int | None = None) -> dict[str, Any]:
    document = {"file_id": bot.api.add_file(content), "file_unique_id": "u", "file_name": name,
                "file_size": len(content) if declared is None else declared}
    return bot.api.update_for(bot.api.message(private_chat(who), who, None, document=document))


async def test_a_document_is_downloaded_and_ingested(bot: Harness, admin: dict[str, Any]) -> None:
    calls = await bot.send(document_update(bot, admin, "seed.txt", SEED_TEXT.encode("utf-8")))
    assert any(c.method == "getFile" for c in calls)
    assert "New article (English)" in sent(calls)[-1].text


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [("big.txt", 50_000, "I accept files up to 19.5 KB"), ("scan.pdf", 100, "I can read .txt")],
)
async def test_unsuitable_documents_are_refused_without_download(bot: Harness, admin: dict[str, Any],
                                                                 name: str, size: int, expected: str) -> None:
    calls = await bot.send(document_update(bot, admin, name, b"x" * 10, declared=size))
    assert expected in sent(calls)[-1].text
    assert not any(c.method == "getFile" for c in calls)


async def test_a_link_to_a_private_address_is_refused(bot: Harness, admin: dict[str, Any]) -> None:
    text = sent(await bot.say(admin, "http://127.0.0.1/"))[-1].text
    assert "I could not read that link" in text
    assert await article_count(bot) == 0


async def test_links_can_be_turned_off(bot: Harness, admin: dict[str, Any]) -> None:
    bot.app.bot_data["settings"] = bot.app.bot_data["settings"].model_copy(update={"fetch_links": False})
    assert "Reading links is turned off" in sent(await bot.say(admin, "https://example.com/a"))[-1].text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/delete", "Usage: /delete"),
        ("/delete a b", "Usage: /delete"),
        ("/timeline", "Usage: /timeline"),
        ("/search", "Usage: /search"),
        ("/ask", "Usage: /ask"),
        ("/frobnicate", "I don't know that command"),
    ],
)
async def test_malformed_commands_get_a_usage_line(bot: Harness, admin: dict[str, Any], command: str,
                                                   expected: str) -> None:
    assert expected in sent(await bot.say(admin, command))[-1].text


async def test_search_syntax_junk_gets_a_way_out(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    text = sent(await bot.say(admin, '/search "Austin AND (( OR'))[-1].text
    assert "Usage: /search" in text


async def test_group_messages_without_mention_are_ignored(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    assert await bot.say(STRANGER, QUESTION_EN, chat=group_chat()) == []


async def test_a_group_mention_is_answered_in_that_group_only(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    calls = await bot.say(STRANGER, f"@{BOT_USERNAME} {QUESTION_EN}", chat=group_chat())
    assert sent(calls) and all(c.chat_id == GROUP_ID for c in calls)
    assert "12 July 2024" in sent(calls)[-1].text
    ask = await bot.say(STRANGER, f"/ask {QUESTION_EN}", chat=group_chat())
    assert "12 July 2024" in sent(ask)[-1].text and all(c.chat_id == GROUP_ID for c in ask)


async def test_search_pages_turn_in_one_message(bot: Harness, admin: dict[str, Any]) -> None:
    notes = [ArticleIn(id=f"note{n}", title=f"Austin note {n}", source="Desk", text=(
        f"Note {n}. Lloyd Austin spoke about logistics item {n} at the Pentagon briefing.")) for n in range(12)]
    await service(bot).ingest(notes)
    first = sent(await bot.say(admin, "/search logistics"))[-1]
    assert "page 1/3" in first.text
    (forward,) = buttons(first)
    calls = await bot.send(bot.api.callback_update(admin, first.result, forward["callback_data"]))
    (edited,) = [c for c in calls if c.method == "editMessageText"]
    assert edited.params["message_id"] == str(first.result["message_id"])
    assert "page 2/3" in edited.text and "6. " in edited.text
    assert [b["text"] for b in buttons(edited)] == ["⬅️", "➡️"]
    assert any(c.method == "answerCallbackQuery" for c in calls) and not sent(calls)


async def test_an_expired_page_button_says_so(bot: Harness, admin: dict[str, Any]) -> None:
    message = bot.api.message(private_chat(admin), admin, "old list")
    calls = await bot.send(bot.api.callback_update(admin, message, "search:2:0123456789"))
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert "expired" in calls[0].text or "expired" in str(calls[0].params)


async def test_timeline_lists_a_persons_contacts(bot: Harness, admin: dict[str, Any]) -> None:
    await bot.send(forward_update(bot.api, admin, SEED_TEXT))
    text = sent(await bot.say(admin, "/timeline Lloyd Austin"))[-1].text
    assert "12 July 2024" in text and "Belousov" in text


async def test_forwards_from_non_editors_are_refused(bot: Harness) -> None:
    text = sent(await bot.send(forward_update(bot.api, STRANGER, SEED_TEXT)))[-1].text
    assert "adding articles is limited" in text
    assert await article_count(bot) == 0


async def test_allowed_users_close_the_bot_to_others(bot: Harness, admin: dict[str, Any]) -> None:
    bot.app.bot_data["settings"] = bot.app.bot_data["settings"].model_copy(update={"allowed_users": [ADMIN_ID]})
    assert "only open to its invited users" in sent(await bot.say(STRANGER, QUESTION_EN))[-1].text
    assert await bot.say(STRANGER, f"@{BOT_USERNAME} {QUESTION_EN}", chat=group_chat()) == []
    assert sent(await bot.say(admin, QUESTION_EN))


@pytest.mark.parametrize(
    ("lang", "greeting", "example"),
    [
        ("en", "Ask me a question", "When did Austin last talk"),
        ("fr", "Posez-moi une question", "Quand Austin"),
        ("uk", "Поставте мені запитання", "Коли Остін"),
        ("ru", "Задайте мне вопрос", "Когда Остин"),
    ],
)
async def test_start_and_help_speak_the_users_language(bot: Harness, lang: str, greeting: str,
                                                        example: str) -> None:
    someone = user(5005, lang)
    assert greeting in sent(await bot.say(someone, "/start"))[-1].text
    help_text = sent(await bot.say(someone, "/help"))[-1].text
    assert example in help_text and "/reindex" not in help_text


async def test_menus_are_published_per_scope(bot: Harness) -> None:
    menus = [c for c in bot.api.calls if c.method == "setMyCommands"]
    scopes = {(json.loads(c.params["scope"])["type"], c.params.get("language_code")): c for c in menus}
    public = json.loads(scopes[("default", None)].params["commands"])
    admin_menu = json.loads(scopes[("chat", None)].params["commands"])
    assert {"start", "help", "ask", "search"} <= {c["command"] for c in public}
    assert "reindex" not in {c["command"] for c in public}
    assert {"reindex", "stats", "export", "delete"} <= {c["command"] for c in admin_menu}
    assert json.loads(scopes[("chat", None)].params["scope"])["chat_id"] == ADMIN_ID
    assert ("default", "uk") in scopes


async def test_the_heartbeat_file_exists(bot: Harness) -> None:
    settings = bot.app.bot_data["settings"]
    assert settings.heartbeat_path.is_file()


async def test_the_help_shows_admin_commands_to_admins(bot: Harness, admin: dict[str, Any]) -> None:
    assert "/reindex" in texts(await bot.say(admin, "/help"))


def same_call_reports(count: int) -> list[ArticleIn]:
    """Several outlets reporting one call, each in its own words."""
    outlets = ["Reuters", "AP", "AFP", "UNN", "Kyiv Post", "Le Monde"][:count]
    return [ArticleIn(
        id=f"report{n}", source=outlet, title=f"{outlet}: Austin and Belousov spoke", url=f"https://news{n}.test/a",
        published=datetime(2024, 7, 12, 20, tzinfo=UTC),
        text=(f"{outlet} report. On July 12, U.S. Defense Secretary Lloyd Austin held a phone call with "
              f"Russian Defense Minister Andrei Belousov, {outlet} said. Item {n}."))
        for n, outlet in enumerate(outlets)]


async def test_more_sources_button_sends_the_rest_and_goes_away(bot: Harness, admin: dict[str, Any]) -> None:
    await service(bot).ingest(same_call_reports(5))
    answer = sent(await bot.say(admin, "when did Austin last talk to Belousov?"))[-1]
    assert answer.text.count("<blockquote>") == 3
    (button,) = buttons(answer)
    assert button["callback_data"].startswith("src:") and "2" in button["text"]
    calls = await bot.send(bot.api.callback_update(admin, answer.result, button["callback_data"]))
    (more,) = sent(calls)
    assert more.text.count("<blockquote>") == 2 and more.chat_id == ADMIN_ID
    assert any(c.method == "editMessageReplyMarkup" for c in calls)
    assert buttons(bot.api.stored(ADMIN_ID, answer.result["message_id"])) == []


def monthly_meetings(count: int) -> list[ArticleIn]:
    """One meeting a month, each reported by its own article."""
    return [ArticleIn(
        id=f"meeting{month}", source="Desk", published=datetime(2023, month, 20, tzinfo=UTC),
        text=(f"On {month} {MONTHS[month - 1]} 2023, U.S. Defense Secretary Lloyd Austin met Ukrainian Defense "
              f"Minister Rustem Umerov in Brussels to discuss air defence. Report {month}."))
        for month in range(1, count + 1)]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")


async def test_timeline_pages_turn(bot: Harness, admin: dict[str, Any]) -> None:
    await service(bot).ingest(monthly_meetings(9))
    first = sent(await bot.say(admin, "/timeline Lloyd Austin"))[-1]
    assert "page 1/2" in first.text
    (forward,) = buttons(first)
    calls = await bot.send(bot.api.callback_update(admin, first.result, forward["callback_data"]))
    (edited,) = [c for c in calls if c.method == "editMessageText"]
    assert "page 2/2" in edited.text and edited.params["message_id"] == str(first.result["message_id"])


async def test_progress_edits_are_throttled_and_final(bot: Harness, admin: dict[str, Any]) -> None:
    body = bot.api.message(private_chat(admin), bot.api.bot, "Working…")
    message = Message.de_json(body, bot.app.bot)
    assert message is not None
    progress = ProgressMessage(message, interval=3600)
    for step in ("1/3", "2/3", "3/3"):
        progress.update(step)
    await settle(lambda: bool(bot.api.find(lambda c: c.method == "editMessageText")))
    progress.update("never shown: the interval has not passed")
    await progress.finish("done")
    await progress.finish("done")  # "message is not modified" is ignored
    edits = [c.text for c in bot.api.calls if c.method == "editMessageText"]
    assert edits == ["3/3", "done", "done"]
    assert bot.api.stored(ADMIN_ID, body["message_id"])["text"] == "done"


async def test_a_failed_edit_is_apologised_for(bot: Harness, admin: dict[str, Any]) -> None:
    notes = [ArticleIn(id=f"n{n}", source="Desk", text=f"Note {n} about logistics and supply item {n}.")
             for n in range(8)]
    await service(bot).ingest(notes)
    listing = sent(await bot.say(admin, "/search logistics"))[-1]
    bot.api.forget(ADMIN_ID, listing.result["message_id"])
    (forward,) = buttons(listing)
    calls = await bot.send(bot.api.callback_update(admin, listing.result, forward["callback_data"]))
    assert any("something went wrong" in str(c.params.get("text")) for c in calls
               if c.method == "answerCallbackQuery")
    assert [type(e).__name__ for e in bot.errors] == ["BadRequest"]
    bot.errors.clear()


async def test_a_user_who_blocked_the_bot_breaks_nothing(bot: Harness, admin: dict[str, Any]) -> None:
    bot.api.blocked.add(STRANGER["id"])
    await bot.say(STRANGER, QUESTION_EN)
    assert [type(e).__name__ for e in bot.errors] == ["Forbidden"]
    bot.errors.clear()
    bot.api.blocked.clear()
    assert sent(await bot.say(STRANGER, QUESTION_EN))


@pytest.mark.parametrize(("name", "expected"), [("seed.TXT", "New article (English)"), ("photo.pdf", "New article")])
async def test_forwarded_files_are_read_or_their_caption_is(bot: Harness, admin: dict[str, Any], name: str,
                                                            expected: str) -> None:
    document = {"file_id": bot.api.add_file(SEED_TEXT.encode("utf-8")), "file_unique_id": "f",
                "file_name": name, "file_size": len(SEED_TEXT.encode("utf-8"))}
    message = bot.api.message(private_chat(admin), admin, None, document=document, caption=SEED_TEXT[:1000],
                              forward_origin={"type": "hidden_user", "date": 1720800000, "sender_user_name": "X"})
    calls = await bot.send(bot.api.update_for(message))
    assert expected in sent(calls)[-1].text
    assert any(c.method == "getFile" for c in calls) is name.endswith("TXT")
