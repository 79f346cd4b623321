"""Adding articles: forwarded posts, uploaded documents and bare links (private chats only)."""

from __future__ import annotations

from pathlib import PurePath

from telegram import (
    Message,
    MessageEntity,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.ext import filters

from bot.handlers.common import Context, engine, reply, settings, typing, ui_lang
from bot.i18n import t
from bot.render import human_bytes, render_ingest
from bot.services import LinkRefused
from index.models import ArticleIn

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


def link_only_url(message: Message) -> str | None:
    """The URL when a message is one link and nothing else, otherwise None."""
    text = (message.text or "").strip()
    if not text or len(message.entities) != 1:
        return None
    entity = message.entities[0]
    if message.parse_entity(entity).strip() != text:
        return None
    if entity.type == MessageEntity.TEXT_LINK and entity.url:
        return entity.url
    if entity.type == MessageEntity.URL:
        return text if "://" in text else f"https://{text}"
    return None


class _LinkOnly(filters.MessageFilter):
    """Messages that are a single link."""

    def filter(self, message: Message) -> bool:
        return message.forward_origin is None and link_only_url(message) is not None


def _readable_documents() -> filters.BaseFilter:
    """Documents whose extension the engine reads."""
    readable: filters.BaseFilter = filters.Document.FileExtension(DOCUMENT_SUFFIXES[0][1:])
    for suffix in DOCUMENT_SUFFIXES[1:]:
        readable = readable | filters.Document.FileExtension(suffix[1:])
    return readable


# A forwarded file is read when the engine can read it; otherwise its caption is the article.
DOCUMENT = filters.ChatType.PRIVATE & filters.Document.ALL & (~filters.FORWARDED | _readable_documents())
FORWARDED = filters.ChatType.PRIVATE & filters.FORWARDED
LINK = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & _LinkOnly()
INGEST = FORWARDED | DOCUMENT | LINK


def forwarded_article(message: Message, text: str) -> ArticleIn:
    """Build an article from a forwarded message, with a stable id so a redelivery is no duplicate."""
    origin = message.forward_origin
    source, url, key = _origin_details(message)
    return ArticleIn(
        text=text,
        id=f"tg:{key}",
        url=url,
        source=source,
        published=origin.date if origin else message.date,
        origin="telegram",
        location=f"chat {message.chat_id} message {message.message_id}",
    )


def _origin_details(message: Message) -> tuple[str | None, str | None, str]:
    """Source name, post URL and id key; a channel post keeps its own id whoever forwards it."""
    origin = message.forward_origin
    own_key = f"{message.chat_id}:{message.message_id}"
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        url = channel_post_url(chat.id, chat.username, origin.message_id)
        return chat.title or chat.username, url, f"{chat.id}:{origin.message_id}"
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name, None, own_key
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name, None, own_key
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or origin.author_signature, None, own_key
    return None, None, own_key


def channel_post_url(chat_id: int, username: str | None, message_id: int) -> str:
    """The t.me address of a channel post; private channels use the /c/ form."""
    if username:
        return f"https://t.me/{username}/{message_id}"
    internal = str(chat_id).removeprefix("-100").lstrip("-")
    return f"https://t.me/c/{internal}/{message_id}"


async def ingest_forward(update: Update, context: Context) -> None:
    """Ingest a forwarded post's text or caption."""
    message = update.effective_message
    lang = ui_lang(update)
    if message is None:
        return
    text = message.text or message.caption
    if not text or not text.strip():
        await reply(update, t(lang, "no_text"))
        return
    async with typing(context.bot, message.chat_id):
        report = await engine(context).ingest([forwarded_article(message, text)])
    await reply(update, render_ingest(report, lang))


async def ingest_document(update: Update, context: Context) -> None:
    """Ingest an uploaded .txt/.md/.html/.jsonl file, refusing oversized ones before download."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    lang, document, limit = ui_lang(update), message.document, settings(context).max_document_bytes
    name = document.file_name or "upload.txt"
    if PurePath(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        await reply(update, t(lang, "doc_bad_type"))
        return
    if document.file_size is not None and document.file_size > limit:
        await reply(update, t(lang, "doc_too_big", size=human_bytes(document.file_size),
                              limit=human_bytes(limit)))
        return
    async with typing(context.bot, message.chat_id):
        data = await (await document.get_file()).download_as_bytearray()
        if len(data) > limit:
            await reply(update, t(lang, "doc_too_big", size=human_bytes(len(data)),
                                  limit=human_bytes(limit)))
            return
        report = await engine(context).ingest_bytes(name, bytes(data))
    await reply(update, render_ingest(report, lang))


async def ingest_link(update: Update, context: Context) -> None:
    """Fetch a bare link and ingest the article behind it."""
    message = update.effective_message
    url = link_only_url(message) if message else None
    lang, config = ui_lang(update), settings(context)
    if message is None or url is None:
        return
    if not config.fetch_links:
        await reply(update, t(lang, "links_off"))
        return
    async with typing(context.bot, message.chat_id):
        try:
            article = await engine(context).fetch_article(
                url, timeout=config.link_timeout, max_bytes=config.link_max_bytes
            )
        except LinkRefused as exc:
            await reply(update, t(lang, "link_failed", error=str(exc)))
            return
        report = await engine(context).ingest([article])
    await reply(update, render_ingest(report, lang))
