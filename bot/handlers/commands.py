"""Commands open to everyone: /start, /help, /search, /timeline, /sources."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.handlers.common import Context, engine, remember, reply, settings, ui_lang
from bot.i18n import first_example, raw, t
from bot.render import Rendered, render_recent, render_search, render_timeline

PER_PAGE = 5
RECENT = 10

PageMaker = Callable[[Context, str, int, str], Awaitable[Rendered]]


async def start(update: Update, context: Context) -> None:
    """Greet the user with an example question in their language."""
    lang = ui_lang(update)
    await reply(update, t(lang, "start", example=first_example(lang)))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask and add articles, with examples in the user's language."""
    lang = ui_lang(update)
    examples = "\n".join(f"• <i>{html.escape(q, quote=False)}</i>" for q in raw(lang, "examples").splitlines())
    text = raw(lang, "help").format(examples=examples)
    user = update.effective_user
    if user is not None and settings(context).is_admin(user.id):
        text += raw(lang, "help_admin")
    await reply(update, text)


async def search(update: Update, context: Context) -> None:
    """/search WORDS: the first page of full-text hits."""
    await _first_page(update, context, "usage_search", search_page)


async def search_page(context: Context, query: str, page: int, lang: str) -> Rendered:
    """One rendered page of search hits, its query kept under a short key for the buttons."""
    result = await engine(context).search(query, page, PER_PAGE)
    rendered = render_search(result, lang, remember(context, query), per_page=PER_PAGE)
    if result.error:
        return Rendered(f"{rendered.text}\n\n{t(lang, 'usage_search')}")
    return rendered


async def timeline(update: Update, context: Context) -> None:
    """/timeline NAME: a person's contacts, newest first."""
    await _first_page(update, context, "usage_timeline", timeline_page)


async def _first_page(update: Update, context: Context, usage: str, make_page: PageMaker) -> None:
    """Reply with page 1 for the command's argument, or with the usage line when there is none."""
    subject = " ".join(context.args or [])
    lang = ui_lang(update)
    if not subject:
        await reply(update, t(lang, usage))
        return
    await reply(update, await make_page(context, subject, 1, lang))


async def timeline_page(context: Context, name: str, page: int, lang: str) -> Rendered:
    """One rendered page of a person's contacts."""
    result = await engine(context).timeline(name, page, PER_PAGE)
    return render_timeline(result, lang, name, remember(context, name))


async def sources(update: Update, context: Context) -> None:
    """/sources: the most recently added articles."""
    articles = await engine(context).recent(RECENT)
    await reply(update, render_recent(articles, ui_lang(update)))


async def unknown_command(update: Update, context: Context) -> None:
    """A command we do not have, in a private chat."""
    await reply(update, t(ui_lang(update), "unknown_command"))
