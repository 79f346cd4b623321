"""Wiring: build the Application, start and stop services, run polling (or a webhook)."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import urllib.parse
import sys
import weakref
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.config import ConfigError, Settings, load_settings
from bot.handlers import admin, callbacks, commands, ingest, questions
from bot.handlers.errors import error_handler
from bot.handlers.gate import gate
from bot.i18n import UI_LANGS, raw
from bot.services import EngineService, Heartbeat, Service

logger = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "help", "ask", "search", "timeline", "sources")
SERVICES = ("engine", "heartbeat")  # started in this order, stopped in reverse


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Processes updates concurrently across chats but in arrival order within one chat."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's earlier updates, then process this one."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.get(chat.id)
        if lock is None:
            lock = self._locks[chat.id] = asyncio.Lock()
        async with lock:
            await coroutine

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:  # type: ignore[type-arg]
    """Build the Application with all handlers; tests pass fake requests to stay offline."""
    builder = (
        ApplicationBuilder()
        .token(settings.token_value())
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(AIORateLimiter())
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    application.bot_data["settings"] = settings
    add_handlers(application, settings)
    return application


def add_handlers(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Register handlers; within a group the first matching handler wins, so order matters."""
    # Access control runs before everything else and stops what it refuses.
    application.add_handler(TypeHandler(Update, gate), group=-1)

    # Commands open to everyone.
    application.add_handler(CommandHandler("start", commands.start))
    application.add_handler(CommandHandler("help", commands.help_command))
    application.add_handler(CommandHandler("ask", questions.ask_command))
    application.add_handler(CommandHandler("search", commands.search))
    application.add_handler(CommandHandler("timeline", commands.timeline))
    application.add_handler(CommandHandler("sources", commands.sources))

    # Admin commands, then a polite refusal of the same commands for everyone else.
    is_admin = filters.User(user_id=settings.admin_ids, allow_empty=False)
    application.add_handler(CommandHandler("stats", admin.stats, filters=is_admin))
    application.add_handler(CommandHandler("reindex", admin.reindex, filters=is_admin))
    application.add_handler(CommandHandler("delete", admin.delete, filters=is_admin))
    application.add_handler(CommandHandler("export", admin.export, filters=is_admin))
    application.add_handler(CommandHandler(admin.ADMIN_COMMANDS, admin.refuse_admin))
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, commands.unknown_command)
    )

    # Articles: forwards, documents and bare links (before questions, which take any text).
    application.add_handler(MessageHandler(ingest.DOCUMENT, ingest.ingest_document))
    application.add_handler(MessageHandler(ingest.FORWARDED, ingest.ingest_forward))
    application.add_handler(MessageHandler(ingest.LINK, ingest.ingest_link))

    # Questions: all other private text; group text only when addressed to the bot.
    new_text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(new_text & filters.ChatType.PRIVATE, questions.ask_private))
    application.add_handler(MessageHandler(new_text & filters.ChatType.GROUPS, questions.ask_group))

    # Inline buttons.
    application.add_handler(CallbackQueryHandler(callbacks.more_sources, pattern=callbacks.SOURCES_PATTERN))
    application.add_handler(CallbackQueryHandler(callbacks.search_turn, pattern=callbacks.SEARCH_PATTERN))
    application.add_handler(CallbackQueryHandler(callbacks.timeline_turn, pattern=callbacks.TIMELINE_PATTERN))

    application.add_error_handler(error_handler)


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Start the services and publish the command menus."""
    settings: Settings = application.bot_data["settings"]
    services: dict[str, Service] = {
        "engine": EngineService(settings.data_dir),
        "heartbeat": Heartbeat(settings.heartbeat_path, settings.heartbeat_interval),
    }
    for name in SERVICES:
        await services[name].initialize()
        application.bot_data[name] = services[name]
    await set_menus(application, settings)


async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    """Stop the services that started, newest first."""
    for name in reversed(SERVICES):
        service = application.bot_data.pop(name, None)
        if service is None:
            continue
        try:
            await service.shutdown()
        except Exception:
            logger.exception("error while stopping %s", name)


def command_list(lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    """Menu entries with descriptions in the language."""
    return [BotCommand(name, raw(lang, f"cmd_{name}")) for name in names]


async def set_menus(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Public commands for everyone; each admin's private chat also lists the admin commands."""
    every = PUBLIC_COMMANDS + admin.ADMIN_COMMANDS
    for lang in UI_LANGS:
        code = None if lang == "en" else lang
        try:
            await application.bot.set_my_commands(
                command_list(lang, PUBLIC_COMMANDS), scope=BotCommandScopeDefault(), language_code=code
            )
            for admin_id in settings.admin_ids:
                await application.bot.set_my_commands(
                    command_list(lang, every), scope=BotCommandScopeChat(admin_id), language_code=code
                )
        except TelegramError as exc:
            # An admin who never opened a chat with the bot makes this fail; the bot still works.
            logger.warning("could not set the command menu (%s): %s", lang, exc.message)


class RedactingFormatter(logging.Formatter):
    """A formatter that never prints the token, even inside exception text."""

    def __init__(self, fmt: str, secret: str) -> None:
        super().__init__(fmt)
        # The part after the colon is the secret; URLs may carry it percent-encoded ("123%3AABC…").
        tail = secret.split(":", 1)[-1]
        forms = {secret, urllib.parse.quote(secret, safe=""), tail}
        self._forms = sorted((f for f in forms if len(f) >= 8), key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then blank out the secret in every spelling it may take."""
        text = super().format(record)
        for form in self._forms:
            text = text.replace(form, "<token>")
        return text


def _not_invalid_token(record: logging.LogRecord) -> bool:
    """Drop PTB's traceback for a rejected token: main() reports it in one line."""
    return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


def configure_logging(level: str, token: str) -> None:
    """Log to stderr with the token redacted; httpx is quieted since its URLs carry the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", token))
    handler.addFilter(_not_invalid_token)
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def main(config_path: Path | None = None, data_dir: Path | None = None) -> int:
    """Run the bot until stopped; 2 on a configuration or token problem (one line on stderr)."""
    try:
        settings = load_settings(config_path, data_dir)
        token = settings.token_value()
    except ConfigError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    if settings.webhook is not None and importlib.util.find_spec("tornado") is None:
        print('newsbot: webhook mode needs "python-telegram-bot[webhooks]" installed.', file=sys.stderr)
        return 2
    configure_logging(settings.log_level, token)
    application = build_application(settings)
    try:
        run(application, settings)
    except InvalidToken:
        print("newsbot: Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"newsbot: cannot start: {exc}", file=sys.stderr)
        return 1
    return 0


def run(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Long-poll, or serve a webhook when one is configured."""
    allowed = [Update.MESSAGE, Update.CALLBACK_QUERY]
    hook = settings.webhook
    if hook is None:
        application.run_polling(allowed_updates=allowed)
        return
    application.run_webhook(
        listen=hook.listen,
        port=hook.port,
        url_path=hook.path,
        webhook_url=f"{hook.url.rstrip('/')}/{hook.path}",
        secret_token=hook.secret_token.get_secret_value() if hook.secret_token else None,
        allowed_updates=allowed,
    )
