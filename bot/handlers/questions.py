"""Questions: any text in a private chat; in groups only when the bot is addressed or via /ask."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update

from bot.handlers.common import (
    Context,
    engine,
    lang_hint,
    remember,
    reply,
    typing,
    ui_lang,
)
from bot.i18n import UI_LANGS, first_example, t
from bot.render import Rendered, render_answer, render_hits, render_search
from index.models import SearchHit

PER_PAGE = 5


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The question in a group message: the text without the bot's @mention, or None if not addressed."""
    text = message.text or ""
    mention = f"@{username}".lower()
    mentions = [
        entity for entity in message.entities
        if entity.type == MessageEntity.MENTION and message.parse_entity(entity).lower() == mention
    ]
    replied = message.reply_to_message
    if not mentions and not (replied and replied.from_user and replied.from_user.id == bot_id):
        return None
    for entity in sorted(mentions, key=lambda e: e.offset, reverse=True):
        # Offsets count UTF-16 units, so cut in that encoding.
        encoded = text.encode("utf-16-le")
        text = (encoded[: 2 * entity.offset] + encoded[2 * (entity.offset + entity.length):]).decode(
            "utf-16-le"
        )
    return " ".join(text.split()) or None


async def ask_private(update: Update, context: Context) -> None:
    """A private message that is not a command or an article: a question."""
    message = update.effective_message
    if message is not None and message.text:
        await answer_question(update, context, message.text)


async def ask_group(update: Update, context: Context) -> None:
    """A group message: answered only when it mentions or replies to the bot."""
    message = update.effective_message
    if message is None or not context.bot.username:
        return
    question = addressed_text(message, context.bot.username, context.bot.id)
    if question:
        await answer_question(update, context, question)


async def ask_command(update: Update, context: Context) -> None:
    """/ask QUESTION, for groups with privacy mode and anyone who prefers commands."""
    question = " ".join(context.args or [])
    if not question:
        lang = ui_lang(update)
        await reply(update, t(lang, "usage_ask", example=first_example(lang)))
        return
    await answer_question(update, context, question)


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Ask the engine and reply in the chat where the question was asked (never elsewhere)."""
    message = update.effective_message
    if message is None:
        return
    async with typing(context.bot, message.chat_id):
        answer = await engine(context).ask(question, lang_hint(update))
        lang = answer.lang if answer.lang in UI_LANGS else ui_lang(update)
        rendered = render_answer(answer, lang)
        if not answer.events:
            rendered = await _with_hits(context, question, lang, rendered, answer.hits)
    await reply(update, rendered)


async def _with_hits(context: Context, question: str, lang: str, said: Rendered,
                     carried: list[SearchHit]) -> Rendered:
    """After "nothing found", offer full-text hits: paginated if search finds any."""
    page = await engine(context).search(question, 1, PER_PAGE)
    if page.hits and not page.error:
        key = remember(context, question)
        return render_search(page, lang, key, per_page=PER_PAGE, intro=said.text)
    if carried:
        return render_hits(carried, lang, intro=said.text)
    return said
