"""The one place that decides who may use the bot and who may add articles."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.handlers.common import Context, reply, settings, ui_lang
from bot.handlers.ingest import INGEST
from bot.i18n import t


async def gate(update: object, context: Context) -> None:
    """Stop updates from users who may not ask, or may not add the article they send."""
    if not isinstance(update, Update) or update.effective_user is None:
        return
    config, user_id = settings(context), update.effective_user.id
    if not config.may_ask(user_id):
        await refuse(update, "refused_use")
        raise ApplicationHandlerStop
    if INGEST.check_update(update) and not config.may_ingest(user_id):
        await refuse(update, "refused_ingest")
        raise ApplicationHandlerStop


async def refuse(update: Update, key: str) -> None:
    """Say no politely: as an alert on a button, as a reply in a private chat, silently in groups."""
    lang = ui_lang(update)
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(t(lang, key), show_alert=True)
        except TelegramError:
            pass  # the query may have expired; nothing else to tell the user
        return
    chat = update.effective_chat
    if chat is not None and chat.type == ChatType.PRIVATE:
        await reply(update, t(lang, key))
