"""The error handler: log the failure, apologise to the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.common import Context, reply, ui_lang
from bot.i18n import t

logger = logging.getLogger(__name__)


async def error_handler(update: object, context: Context) -> None:
    """Log the exception with its traceback and tell the user something went wrong."""
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    lang = ui_lang(update)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error"), show_alert=True)
        elif update.effective_message is not None:
            await reply(update, t(lang, "error"))
    except TelegramError as exc:
        logger.warning("could not apologise for the error: %s", exc.message)
