"""Inline buttons: more sources of an event, and ⬅️ ➡️ pages of search and timeline lists."""

from __future__ import annotations

from telegram import Message, Update
from telegram.error import BadRequest

from bot.handlers.commands import PageMaker, search_page, timeline_page
from bot.handlers.common import Context, edit, engine, recall, ui_lang
from bot.i18n import t
from bot.render import SHOWN_SOURCES, sources_text, split_html

SOURCES_PATTERN = r"^src:"
SEARCH_PATTERN = r"^search:\d+:\w+$"
TIMELINE_PATTERN = r"^tl:\d+:\w+$"


async def more_sources(update: Update, context: Context) -> None:
    """Send the sources beyond the first few, as a reply to the answer, and drop the button."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    lang = ui_lang(update)
    event = await engine(context).event(query.data.removeprefix("src:"))
    if event is None or len(event.sources) <= SHOWN_SOURCES or not isinstance(query.message, Message):
        await query.answer(t(lang, "expired"), show_alert=True)
        return
    await query.answer()
    header = f"<b>{t(lang, 'sources_more')}</b>"
    for part in split_html(f"{header}\n\n{sources_text(event, lang, start=SHOWN_SOURCES)}"):
        await query.message.reply_text(part, do_quote=True)
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def search_turn(update: Update, context: Context) -> None:
    """Turn a search result page in place."""
    await _turn(update, context, search_page)


async def timeline_turn(update: Update, context: Context) -> None:
    """Turn a timeline page in place."""
    await _turn(update, context, timeline_page)


async def _turn(update: Update, context: Context, make_page: PageMaker) -> None:
    """Edit the list message to show the page named in "<kind>:<page>:<key>"."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    lang = ui_lang(update)
    _, page, key = query.data.split(":", 2)
    subject = recall(context, key)
    if subject is None or not isinstance(query.message, Message):
        await query.answer(t(lang, "expired"), show_alert=True)
        return
    await query.answer()
    rendered = await make_page(context, subject, max(int(page), 1), lang)
    await edit(query.message, rendered)
