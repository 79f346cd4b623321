"""End-to-end fixtures: the Bot API emulator and a real `newsbot run` process talking to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.botapi import TOKEN, BotApi, Call, private_chat
from tests.e2e.emulator import Emulator

ADMIN_ID = 1001
START_TIMEOUT = 90.0
REPLY_TIMEOUT = 60.0


def newsbot_command() -> list[str]:
    """The installed `newsbot` script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("newsbot")
    return [str(script), "run"] if script.exists() else [sys.executable, "-m", "bot.cli", "run"]


def bot_environment(api_url: str, data_dir: Path, token: str = TOKEN, **extra: str) -> dict[str, str]:
    """The process environment: ours without any NEWSBOT_* settings, plus the test's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_") and k != "TELEGRAM_BOT_TOKEN"}
    env.update({
        "TELEGRAM_BOT_TOKEN": token,
        "NEWSBOT_API_URL": api_url,
        "NEWSBOT_DATA_DIR": str(data_dir),
        "NEWSBOT_ADMIN_IDS": str(ADMIN_ID),
        "NEWSBOT_MAX_DOCUMENT_BYTES": "20000",
        "NEWSBOT_PROGRESS_INTERVAL": "0.5",
        "NEWSBOT_LOG_LEVEL": "DEBUG",
        **extra,
    })
    return env


@dataclass
class RunningBot:
    """A bot process, the Bot API it talks to, and where its log goes."""

    api: BotApi
    process: subprocess.Popen[bytes]
    log: Path

    def send(self, update: dict[str, Any]) -> int:
        """Push an update; return the call index to wait from."""
        since = len(self.api.calls)
        self.api.push(update)
        return since

    def reply_to(self, who: dict[str, Any], text: str | None, chat: dict[str, Any] | None = None,
                 **extra: Any) -> Call:
        """Send a message and wait for the bot's next message in that chat."""
        chat = chat or private_chat(who)
        since = self.send(self.api.update_for(self.api.message(chat, who, text, **extra)))
        return self.next_message(chat["id"], since)

    def next_message(self, chat_id: int, since: int) -> Call:
        """The first message the bot sends to the chat after call index `since`."""
        return self.api.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == chat_id,
                                 since=since, timeout=REPLY_TIMEOUT)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    server = Emulator(BotApi())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def running_bot(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """One bot process for the module; scenarios use their own users and chats."""
    work = tmp_path_factory.mktemp("bot")
    log = work / "bot.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(newsbot_command(), env=bot_environment(emulator.url, work / "data"),
                                   stdout=sink, stderr=subprocess.STDOUT, cwd=work)
    bot = RunningBot(emulator.api, process, log)
    try:
        emulator.api.wait_for(lambda c: c.method == "deleteWebhook", timeout=START_TIMEOUT)
    except AssertionError:
        process.kill()
        process.wait()
        raise AssertionError(f"the bot did not start; its log:\n{bot.log_text()[-3000:]}") from None
    yield bot
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    secret = TOKEN.split(":", 1)[1]
    assert secret not in bot.log_text(), "the token appeared in the bot's log"
