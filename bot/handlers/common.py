"""Helpers every handler uses: services from bot_data, language, replies, typing, progress."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator
from typing import Any, cast

from telegram import Bot, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.i18n import normalize_lang
from bot.render import Rendered, split_html
from bot.services import EngineService

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
TYPING_EVERY = 4.0  # Telegram shows a chat action for about 5 s
KEYS_KEPT = 200  # stored pagination queries per chat


def engine(context: Context) -> EngineService:
    """The engine service created in post_init."""
    return cast(EngineService, context.bot_data["engine"])


def settings(context: Context) -> Settings:
    """The settings the application was built with."""
    return cast(Settings, context.bot_data["settings"])


def ui_lang(update: Update) -> str:
    """The user's Telegram language, as one of the UI languages."""
    user = update.effective_user
    return normalize_lang(user.language_code if user else None)


def lang_hint(update: Update) -> str | None:
    """The user's language as a hint for the engine, only when it is one we support."""
    user = update.effective_user
    code = (user.language_code or "").lower() if user else ""
    lang = normalize_lang(code)
    # normalize_lang falls back to English; a German user gives no hint rather than a wrong one.
    return lang if code.startswith(lang) else None


async def reply(update: Update, rendered: Rendered | str) -> Message | None:
    """Reply in the chat where the update came from, split under Telegram's length limit."""
    message = update.effective_message
    if message is None:
        return None
    if isinstance(rendered, str):
        rendered = Rendered(rendered)
    parts = split_html(rendered.text)
    sent: Message | None = None
    for number, part in enumerate(parts, start=1):
        markup = rendered.markup if number == len(parts) else None
        sent = await message.reply_text(part, reply_markup=markup)
    return sent


def remember(context: Context, payload: str) -> str:
    """Keep a query under a short key, since callback data is limited to 64 bytes."""
    key = hashlib.sha1(payload.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    store = _keys(context)
    store.pop(key, None)
    store[key] = payload
    while len(store) > KEYS_KEPT:
        store.pop(next(iter(store)))
    return key


def recall(context: Context, key: str) -> str | None:
    """The query stored under a key, or None once it has been forgotten (e.g. after a restart)."""
    return _keys(context).get(key)


def _keys(context: Context) -> dict[str, str]:
    """The per-chat key store, created on first use."""
    chat_data = cast(dict[str, Any], context.chat_data if context.chat_data is not None else {})
    return cast(dict[str, str], chat_data.setdefault("keys", {}))


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int, every: float = TYPING_EVERY) -> AsyncIterator[None]:
    """Keep "typing…" visible while the body runs, re-sending it every few seconds."""

    async def keep_typing() -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(every)

    task = asyncio.get_running_loop().create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def edit(message: Message, rendered: Rendered | str) -> None:
    """Edit a message in place, ignoring Telegram's "message is not modified"."""
    if isinstance(rendered, str):
        rendered = Rendered(rendered)
    parts = split_html(rendered.text) or [rendered.text]
    try:
        await message.edit_text(parts[0], reply_markup=rendered.markup)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


class ProgressMessage:
    """One message edited to show progress, at most once per interval."""

    def __init__(self, message: Message, interval: float) -> None:
        self._message = message
        self._interval = interval
        self._pending: str | None = None
        self._last_edit = float("-inf")
        self._task: asyncio.Task[None] | None = None

    def update(self, text: str) -> None:
        """Record the newest progress text; it is shown when the interval allows."""
        self._pending = text
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._flush())

    async def finish(self, text: str) -> None:
        """Stop pending updates and show the final text."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._pending = None
        await self._edit(text)

    async def _flush(self) -> None:
        """Show the pending text, waiting out the interval since the last edit."""
        loop = asyncio.get_running_loop()
        while self._pending is not None:
            delay = self._last_edit + self._interval - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            text, self._pending = self._pending, None
            if text is not None:
                await self._edit(text)

    async def _edit(self, text: str) -> None:
        """Edit the message; a failed progress edit is logged, never fatal."""
        self._last_edit = asyncio.get_running_loop().time()
        try:
            await edit(self._message, text)
        except TelegramError as exc:
            logger.warning("progress edit failed: %s", exc.message)
