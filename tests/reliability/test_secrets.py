"""Secrets: the bot token never appears in logs or in anything sent to users, errors included."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote

import pytest

from bot.app import configure_logging
from bot.i18n import t
from tests.bot.conftest import Harness, forward_update, sent
from tests.bot.test_conversation import document_update
from tests.e2e.botapi import TOKEN, ApiError, BotApi, Call, private_chat, user
from tests.e2e.conftest import ADMIN_ID, RunningBot, running_bot  # noqa: F401 - the e2e bot process fixture
from tests.e2e.emulator import Emulator
from tests.reliability.chaos_ingest import dispatch

SECRET = TOKEN.split(":", 1)[1]
ADMIN = user(ADMIN_ID, "en", "Admin")


def leaks(text: str) -> list[str]:
    """The forms of the token found in a text: plain, URL-quoted, or the secret part alone."""
    return [form for form in (TOKEN, quote(TOKEN), SECRET) if form in text]


def user_visible(calls: list[Call]) -> str:
    """Everything the bot sent to users: texts, captions and button labels."""
    return "\n".join(f"{c.text} {c.params.get('reply_markup') or ''}" for c in calls)


# -- the real bot process, its log at DEBUG ---------------------------------------------------------------


class FaultyFiles(BotApi):
    """A Bot API whose file service fails the way a real one sometimes does."""

    def _api_getFile(self, params: dict[str, Any], files: Any) -> Any:
        content = self._files.get(str(params["file_id"]), b"")
        if content.startswith(b"FAIL"):
            raise ApiError(500, "Internal Server Error: file storage is unavailable")
        if content.startswith(b"GONE"):  # the download that follows gets a 404
            return {"file_id": params["file_id"], "file_unique_id": "gone", "file_size": len(content),
                    "file_path": "documents/gone"}
        return super()._api_getFile(params, files)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """The e2e emulator, over a Bot API with a faulty file service (replaces the e2e fixture here)."""
    server = Emulator(FaultyFiles())
    server.start()
    yield server
    server.stop()


def send_document(bot: RunningBot, name: str, content: bytes) -> Call:
    document = {"file_id": bot.api.add_file(content), "file_unique_id": name, "file_name": name,
                "file_size": len(content)}
    return bot.reply_to(ADMIN, None, document=document)


@pytest.mark.e2e
def test_the_token_is_in_no_log_line_and_no_reply_of_the_running_bot(running_bot: RunningBot) -> None:
    article = dispatch(0)
    origin = {"type": "channel", "chat": {"id": -1001, "type": "channel", "title": "Wire"}, "message_id": 5,
              "date": 1720800000}
    assert "New article" in running_bot.reply_to(ADMIN, article.article.text, forward_origin=origin).text
    assert "New article" in send_document(running_bot, "ok.txt", dispatch(1).article.text.encode()).text
    assert article.day.strftime("%B") in running_bot.reply_to(ADMIN, article.question).text
    for content in (b"FAIL this one", b"GONE before the download"):
        assert send_document(running_bot, "bad.txt", content).text == t("en", "error")
    running_bot.reply_to(ADMIN, "/stats")

    log = running_bot.log_text()
    assert "error while handling an update" in log and "Traceback" in log, "the failures must reach the log"
    assert not leaks(log)
    assert not leaks(user_visible(running_bot.api.calls))


# -- the offline application, logging as `newsbot run` configures it -------------------------------------


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the test process's logging back after a test configured it as `newsbot run` does."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, saved in levels.items():
            logging.getLogger(name).setLevel(saved)


def fail_downloads_mentioning_the_url(api: BotApi, encoded: bool) -> None:
    """Make file downloads fail with an error quoting the download URL, token included (URL-encoded or not)."""

    def broken(token: str, path: str) -> bytes | None:
        shown = token if encoded else unquote(token)  # PTB puts the token URL-encoded into the path
        raise ConnectionResetError(f"connection reset while reading /file/bot{shown}/{path}")

    api.file_bytes = broken  # type: ignore[method-assign]


async def failing_download(bot: Harness, admin: dict[str, Any], capsys: pytest.CaptureFixture[str],
                           encoded: bool) -> str:
    """Run a session whose document download fails quoting the token; return what the log handler wrote."""
    configure_logging("DEBUG", TOKEN)  # here, not in a fixture: stderr is captured only while the test runs
    fail_downloads_mentioning_the_url(bot.api, encoded)
    assert "New article" in sent(await bot.send(forward_update(bot.api, admin, dispatch(0).article.text)))[-1].text
    calls = await bot.send(document_update(bot, admin, "note.txt", b"anything"))
    assert [c.text for c in sent(calls)] == [t("en", "error")]
    assert {c.chat_id for c in sent(calls)} == {private_chat(admin)["id"]}
    await bot.say(admin, dispatch(0).question)
    bot.errors.clear()  # the injected failure is expected; the fixture would fail the test on it
    log = capsys.readouterr().err
    assert "error while handling an update" in log and "connection reset while reading" in log
    return log


@pytest.mark.parametrize("encoded", [False, True])
async def test_a_handler_error_quoting_the_token_shows_users_only_an_apology(
        bot: Harness, admin: dict[str, Any], restore_logging: None, capsys: pytest.CaptureFixture[str],
        encoded: bool) -> None:
    await failing_download(bot, admin, capsys, encoded)
    assert not leaks(user_visible(bot.api.calls))


async def test_the_token_quoted_in_an_error_is_redacted_in_the_log(
        bot: Harness, admin: dict[str, Any], restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    log = await failing_download(bot, admin, capsys, encoded=False)
    assert "<token>" in log, "the error quoted the token, so the formatter must have redacted it"
    assert not leaks(log)


async def test_a_url_encoded_token_in_an_error_is_redacted_in_the_log(
        bot: Harness, admin: dict[str, Any], restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    log = await failing_download(bot, admin, capsys, encoded=True)
    assert not leaks(log)
