"""Access control: admin commands, ingest permissions, and where answers may go."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from bot.config import Settings
from bot.i18n import t
from bot.services import EngineService
from tests.bot.conftest import ADMIN_ID, USER_ID, Harness, forward_update, sent
from tests.bot.test_conversation import document_update
from tests.e2e.botapi import BOT_USERNAME, GROUP_ID, group_chat, private_chat, user
from tests.reliability.chaos_ingest import dispatch

STRANGER_ID = 3003
OTHER_GROUP_ID = GROUP_ID - 1
ARTICLE = dispatch(0)
ADMIN_COMMANDS = ("/stats", "/reindex", f"/delete {ARTICLE.article.id}", "/export")
NON_ADMINS = MappingProxyType({
    "stranger": user(STRANGER_ID, "en", "Stranger"),
    "editor": user(USER_ID, "en", "Editor"),  # may add articles (ingest_mode lists them), but is no admin
})


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The offline bot's settings, changed by the test's `settings` parameter if it has one."""
    return settings.model_copy(update=getattr(request, "param", {"ingest_mode": [USER_ID]}))


def service(bot: Harness) -> EngineService:
    """The bot's engine service."""
    engine = bot.app.bot_data["engine"]
    assert isinstance(engine, EngineService)
    return engine


async def collection(bot: Harness) -> tuple[Any, bytes]:
    """Everything an admin command could change or reveal."""
    # The index's size on disk is no content: it shrinks whenever the idle writer merges segments.
    return (await service(bot).stats()).model_copy(update={"index_bytes": 0}), await service(bot).export_jsonl()


async def stocked(bot: Harness) -> Harness:
    """Give the bot's collection one article."""
    await service(bot).ingest([ARTICLE.article])
    return bot


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
@pytest.mark.parametrize("who", sorted(NON_ADMINS))
@pytest.mark.parametrize("where", ["private", "group", "group, addressed"])
async def test_admin_commands_are_refused_to_non_admins_with_no_effect(bot: Harness, command: str, who: str,
                                                                       where: str) -> None:
    await stocked(bot)
    before = await collection(bot)
    sender = NON_ADMINS[who]
    chat = private_chat(sender) if where == "private" else group_chat()
    name, _, rest = command.partition(" ")
    text = f"{name}@{BOT_USERNAME} {rest}".strip() if where == "group, addressed" else command
    calls = await bot.say(sender, text, chat=chat)

    assert [c.method for c in calls] == ["sendMessage"], "a refusal and nothing else"
    assert calls[0].chat_id == chat["id"]
    assert calls[0].text == t("en", "refused_admin", command=name[1:])
    assert not service(bot).rebuilding
    assert await collection(bot) == before


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_the_same_commands_work_for_the_admin(bot: Harness, admin: dict[str, Any], command: str) -> None:
    # The other half of the matrix: without it, a bot refusing everyone would pass the test above.
    await stocked(bot)
    calls = await bot.say(admin, command)
    assert calls and t("en", "refused_admin", command=command.split()[0][1:]) not in [c.text for c in calls]
    if command == "/export":
        assert [c.method for c in calls] == ["sendDocument"]


MODES: tuple[tuple[Any, dict[str, bool]], ...] = (
    ("everyone", {"admin": True, "editor": True, "stranger": True}),
    ("admins", {"admin": True, "editor": False, "stranger": False}),
    ([USER_ID], {"admin": True, "editor": True, "stranger": False}),
)
PEOPLE = MappingProxyType({"admin": user(ADMIN_ID, "en", "Admin"), **NON_ADMINS})


@pytest.mark.parametrize(
    ("settings", "allowed"), [({"ingest_mode": mode}, allowed) for mode, allowed in MODES],
    indirect=["settings"], ids=["everyone", "admins", "listed"],
)
@pytest.mark.parametrize("who", sorted(PEOPLE))
@pytest.mark.parametrize("how", ["forward", "document"])
async def test_ingest_permission_modes(bot: Harness, allowed: dict[str, bool], who: str, how: str) -> None:
    sender = PEOPLE[who]
    if how == "forward":
        update = forward_update(bot.api, sender, ARTICLE.article.text)
    else:
        update = document_update(bot, sender, "note.txt", ARTICLE.article.text.encode("utf-8"))
    calls = await bot.send(update)
    stored = (await service(bot).stats()).articles
    if allowed[who]:
        assert stored == 1 and "New article" in sent(calls)[-1].text
    else:
        assert stored == 0
        assert [c.text for c in sent(calls)] == [t("en", "refused_ingest")]
        assert not any(c.method == "getFile" for c in calls), "a refused document is never downloaded"


@pytest.mark.parametrize("settings", [{"ingest_mode": "everyone", "allowed_users": [USER_ID]}], indirect=True)
async def test_a_closed_bot_refuses_strangers_everything(bot: Harness) -> None:
    await stocked(bot)
    stranger = NON_ADMINS["stranger"]
    for text in (ARTICLE.question, "/search Austin", "/timeline Austin", "/stats"):
        assert [c.text for c in sent(await bot.say(stranger, text))] == [t("en", "refused_use")]
    assert [c.text for c in sent(await bot.send(forward_update(bot.api, stranger, dispatch(1).article.text)))] == [
        t("en", "refused_use")]
    assert await bot.say(stranger, f"@{BOT_USERNAME} {ARTICLE.question}", chat=group_chat()) == []
    assert (await service(bot).stats()).articles == 1
    assert ARTICLE.day.strftime("%B") in sent(await bot.say(NON_ADMINS["editor"], ARTICLE.question))[-1].text


def answer_date(item: Any = ARTICLE) -> str:
    """The day of the item's contact, as an English answer writes it."""
    return f"{item.day.day} {item.day:%B %Y}"


async def test_group_questions_are_answered_only_when_addressed_and_only_there(bot: Harness,
                                                                             admin: dict[str, Any]) -> None:
    await stocked(bot)
    asker, group = NON_ADMINS["stranger"], group_chat()
    someone_else = bot.api.message(group, admin, "a message from someone else")
    silent = [
        ARTICLE.question,
        f"@other_bot {ARTICLE.question}",
        f"/ask@other_bot {ARTICLE.question}",
    ]
    for text in silent:
        assert await bot.say(asker, text, chat=group) == [], text
    assert await bot.say(asker, ARTICLE.question, chat=group, reply_to_message=someone_else) == []

    addressed = [
        {"text": f"@{BOT_USERNAME} {ARTICLE.question}"},
        {"text": f"/ask {ARTICLE.question}"},
        {"text": f"/ask@{BOT_USERNAME} {ARTICLE.question}"},
    ]
    for extra in addressed:
        calls = await bot.say(asker, chat=group, **extra)
        assert sent(calls), extra
        assert {c.chat_id for c in calls if c.chat_id is not None} == {GROUP_ID}, "answers go only where asked"
        assert answer_date() in sent(calls)[-1].text
    # A reply to one of the bot's messages in the group addresses the bot too.
    calls = await bot.say(asker, ARTICLE.question, chat=group, reply_to_message=sent(calls)[-1].result)
    assert {c.chat_id for c in calls if c.chat_id is not None} == {GROUP_ID}
    assert answer_date() in sent(calls)[-1].text


async def test_articles_are_never_taken_from_groups(bot: Harness, admin: dict[str, Any]) -> None:
    group = group_chat()
    forwarded = forward_update(bot.api, admin, dispatch(1).article.text)
    forwarded["message"]["chat"] = group
    document = document_update(bot, admin, "note.txt", dispatch(2).article.text.encode("utf-8"))
    document["message"]["chat"] = group
    for update in (forwarded, document):
        assert [c for c in await bot.send(update) if c.method != "sendChatAction"] == []
    assert (await service(bot).stats()).articles == 0


async def test_a_groups_answer_never_reaches_another_group(bot: Harness) -> None:
    await stocked(bot)
    asker = NON_ADMINS["editor"]
    first = await bot.say(asker, f"/ask {ARTICLE.question}", chat=group_chat())
    second = await bot.say(asker, f"/ask {ARTICLE.question}", chat=group_chat(OTHER_GROUP_ID))
    assert {c.chat_id for c in first if c.chat_id} == {GROUP_ID}
    assert {c.chat_id for c in second if c.chat_id} == {OTHER_GROUP_ID}
