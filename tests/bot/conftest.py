"""Offline bot tests: the real Application over a fake request that serves an in-memory Bot API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application, ContextTypes
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.config import Settings
from tests.e2e.botapi import TOKEN, BotApi, Call, channel_origin, private_chat, user
from tests.paths import SEED_EN

ADMIN_ID = 1001
USER_ID = 2002
API_URL = "http://botapi.test"
SEED = SEED_EN
# Which Harness.send a Bot API call belongs to; tasks started by a handler inherit it.
SENDER: ContextVar[object] = ContextVar("SENDER", default=None)


class FakeRequest(BaseRequest):
    """A BaseRequest that answers from a BotApi instead of the network."""

    def __init__(self, api: BotApi) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        path = urlsplit(url).path
        if path.startswith("/file/bot"):
            token, _, file_path = path.removeprefix("/file/bot").partition("/")
            content = self.api.file_bytes(token, file_path)
            return (200, content) if content is not None else (404, b"")
        token, _, name = path.removeprefix("/bot").partition("/")
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        files = {key: (str(value[0]), _content(value[1]))
                 for key, value in (request_data.multipart_data if request_data else {}).items()}
        status, body = self.api.handle(token, name, params, files, tag=SENDER.get())
        return status, json.dumps(body).encode()


def _content(value: Any) -> bytes:
    """Multipart content may be bytes or a file handle."""
    return value if isinstance(value, bytes) else value.read()


@dataclass
class Harness:
    """The running application, its Bot API, and the errors its handlers raised."""

    app: Application  # type: ignore[type-arg]
    api: BotApi
    errors: list[BaseException] = field(default_factory=list)

    async def send(self, update: dict[str, Any]) -> list[Call]:
        """Process one update; return the Bot API calls it caused (even when sends overlap)."""
        start, tag = len(self.api.calls), object()
        token = SENDER.set(tag)
        try:
            await self.app.process_update(Update.de_json(update, self.app.bot))
        finally:
            SENDER.reset(token)
        return [call for call in self.api.calls[start:] if call.tag is tag]

    async def say(self, who: dict[str, Any], text: str, chat: dict[str, Any] | None = None,
                  **extra: Any) -> list[Call]:
        """Send a text message (private chat unless `chat` is given)."""
        message = self.api.message(chat or private_chat(who), who, text, **extra)
        return await self.send(self.api.update_for(message))


def sent(calls: list[Call], method: str = "sendMessage") -> list[Call]:
    """The calls of one method."""
    return [call for call in calls if call.method == method]


def texts(calls: list[Call]) -> str:
    """Everything sent or edited, joined."""
    return "\n".join(c.text for c in calls if c.method in ("sendMessage", "editMessageText", "sendDocument"))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep the developer's own bot settings out of the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("NEWSBOT_") or name == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(name)
    yield


@pytest.fixture
def admin() -> dict[str, Any]:
    return user(ADMIN_ID, "en", "Admin")


@pytest.fixture
def reader() -> dict[str, Any]:
    return user(USER_ID, "uk", "Reader")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(token=SecretStr(TOKEN), api_url=API_URL, data_dir=tmp_path / "data", admin_ids=[ADMIN_ID],
                    ingest_mode="admins", max_document_bytes=20_000, progress_interval=0.0)


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Harness]:
    """The real Application with services started, fed updates directly."""
    api = BotApi()
    app = build_application(settings, request=FakeRequest(api), get_updates_request=FakeRequest(api))
    harness = Harness(app, api)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            harness.errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    await app.start()
    try:
        yield harness
    finally:
        await app.stop()
        await app.post_shutdown(app)
        await app.shutdown()
    assert not harness.errors, harness.errors


def forward_update(api: BotApi, who: dict[str, Any], text: str, *, username: str | None = "unn_news",
                   post_id: int = 123, date: int = 1720800000) -> dict[str, Any]:
    """An update for a channel post forwarded into the private chat."""
    origin = channel_origin(username, post_id, date)
    return api.update_for(api.message(private_chat(who), who, text, forward_origin=origin))


async def settle(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for background work (a rebuild) to reach a state, failing after `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
