"""Admin commands: /stats, /reindex, /delete, /export, and the refusal for everyone else."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Update

from bot.handlers.common import (
    Context,
    ProgressMessage,
    engine,
    reply,
    settings,
    ui_lang,
)
from bot.i18n import t
from bot.render import render_stats
from bot.services import EngineService

logger = logging.getLogger(__name__)

ADMIN_COMMANDS = ("stats", "reindex", "delete", "export")


async def stats(update: Update, context: Context) -> None:
    """/stats: articles, events, languages, index size, last ingest."""
    await reply(update, render_stats(await engine(context).stats(), ui_lang(update)))


async def delete(update: Update, context: Context) -> None:
    """/delete ID: remove an article and the events only it supports."""
    lang = ui_lang(update)
    if len(context.args or []) != 1:
        await reply(update, t(lang, "usage_delete"))
        return
    article_id = (context.args or [""])[0]
    deleted = await engine(context).delete(article_id)
    await reply(update, t(lang, "deleted" if deleted else "delete_missing", id=article_id))


async def export(update: Update, context: Context) -> None:
    """/export: the whole collection as a JSONL document."""
    lang, message = ui_lang(update), update.effective_message
    if message is None:
        return
    data = await engine(context).export_jsonl()
    if not data:
        await reply(update, t(lang, "export_empty"))
        return
    name = f"newsbot-{datetime.now(UTC):%Y%m%d-%H%M}.jsonl"
    await message.reply_document(
        document=data, filename=name, caption=t(lang, "export_caption", count=data.count(b"\n"))
    )


async def reindex(update: Update, context: Context) -> None:
    """/reindex: rebuild the index in the background, editing one progress message."""
    lang = ui_lang(update)
    if engine(context).rebuilding:
        await reply(update, t(lang, "reindex_busy"))
        return
    sent = await reply(update, t(lang, "reindex_started"))
    if sent is None:
        return
    progress = ProgressMessage(sent, settings(context).progress_interval)
    rebuild = engine(context).start_reindex(
        lambda done, total: progress.update(t(lang, "reindex_progress", done=done, total=total))
    )
    if rebuild is None:
        await progress.finish(t(lang, "reindex_busy"))
        return
    context.application.create_task(
        _report_rebuild(engine(context), rebuild, progress, lang), update=update
    )


async def _report_rebuild(service: EngineService, rebuild: asyncio.Future[int],
                          progress: ProgressMessage, lang: str) -> None:
    """Wait for the rebuild and show how it ended, with what the index now holds."""
    try:
        await rebuild
    except Exception:
        logger.exception("index rebuild failed")
        await progress.finish(t(lang, "reindex_failed"))
        return
    stats = await service.stats()
    await progress.finish(t(lang, "reindex_done", articles=stats.articles, events=stats.events))


async def refuse_admin(update: Update, context: Context) -> None:
    """An admin command from someone else: a polite no, and nothing else."""
    message = update.effective_message
    command = (message.text or "").split()[0].lstrip("/").split("@")[0] if message else ""
    await reply(update, t(ui_lang(update), "refused_admin", command=command))
