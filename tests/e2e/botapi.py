"""An in-memory Bot API: the state behind both the offline fake request and the HTTP emulator.

It records every call, builds the Message objects Telegram would return, hands out pushed
updates (with long polling), serves uploaded files, and rejects malformed Telegram HTML the
way Telegram does, so rendering bugs surface as test failures.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import unquote

BOT_ID = 7000001
BOT_USERNAME = "newsbot_test_bot"
TOKEN = "7000001:AAHfakeTokenForTestsOnly_abcdefghijklmnop"
GROUP_ID = -1001234567890
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}
_TOKEN_RE = re.compile(r"<(/?)([A-Za-z][\w-]*)[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]")
_ENTITY_RES = (
    ("url", re.compile(r"https?://\S+")),
    ("mention", re.compile(r"@\w+")),
)


class ApiError(Exception):
    """A Bot API error response."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass
class Call:
    """One recorded Bot API request."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None
    tag: object = None  # set by in-process callers to tell concurrent senders' calls apart

    @property
    def text(self) -> str:
        """The text or caption sent, or an empty string."""
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def chat_id(self) -> int | None:
        """The chat the call addresses, if any."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts offsets."""
    return len(text.encode("utf-16-le")) // 2


def check_html(text: str) -> None:
    """Raise ApiError like Telegram does for text it cannot parse as HTML or that is too long."""
    stack: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        if token in "<>&":
            raise ApiError(400, f"Bad Request: can't parse entities: unescaped {token!r}")
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        if name.lower() not in ALLOWED_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: unsupported tag {name}")
        if not closing:
            stack.append(name.lower())
        elif not stack or stack.pop() != name.lower():
            raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag {name}")
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: unclosed {stack[-1]}")
    visible = unescape(re.sub(r"<[^<>]*>", "", text))
    if not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(visible) > 4096:
        raise ApiError(400, "Bad Request: message is too long")


def entities_for(text: str) -> list[dict[str, Any]]:
    """Entities a client would attach: a leading /command, @mentions and URLs."""
    found: list[dict[str, Any]] = []
    command = re.match(r"/[\w@]+", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
    for kind, pattern in _ENTITY_RES:
        for match in pattern.finditer(text):
            if kind == "mention" and command and match.start() < command.end():
                continue
            found.append({"type": kind, "offset": utf16_len(text[: match.start()]),
                          "length": utf16_len(match.group(0))})
    return sorted(found, key=lambda e: e["offset"])


def user(user_id: int, lang: str = "en", name: str = "Tester") -> dict[str, Any]:
    """A Telegram User object."""
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": lang}


def private_chat(who: dict[str, Any]) -> dict[str, Any]:
    """The private chat with a user."""
    return {"id": who["id"], "type": "private", "first_name": who["first_name"]}


def group_chat(chat_id: int = GROUP_ID) -> dict[str, Any]:
    """A supergroup."""
    return {"id": chat_id, "type": "supergroup", "title": "Newsroom"}


def channel_origin(username: str | None, message_id: int, date: int, *,
                   chat_id: int = -1001111111111, title: str = "UNN") -> dict[str, Any]:
    """A forward_origin for a channel post."""
    chat: dict[str, Any] = {"id": chat_id, "type": "channel", "title": title}
    if username:
        chat["username"] = username
    return {"type": "channel", "chat": chat, "message_id": message_id, "date": date}


class BotApi:
    """Thread-safe Bot API state shared by the fake request and the HTTP emulator."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, bytes] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = threading.Condition()
        self.blocked: set[int] = set()  # chats whose user blocked the bot
        self.bot = {"id": BOT_ID, "is_bot": True, "first_name": "Newsbot", "username": BOT_USERNAME,
                    "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}

    # ---- the test side -------------------------------------------------------------------

    def message(self, chat: dict[str, Any], sender: dict[str, Any], text: str | None = None,
                **extra: Any) -> dict[str, Any]:
        """Create an incoming message (stored so replies and buttons can refer to it)."""
        body: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                "chat": chat, "from": sender, **extra}
        if text is not None:
            body["text"] = text
            entities = entities_for(text)
            if entities:
                body["entities"] = entities
        with self._changed:
            self._messages[(chat["id"], body["message_id"])] = body
        return body

    def update_for(self, message: dict[str, Any]) -> dict[str, Any]:
        """Wrap a message in an update with a fresh update_id."""
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, sender: dict[str, Any], message: dict[str, Any], data: str) -> dict[str, Any]:
        """An update for pressing an inline button on a bot message."""
        query = {"id": str(next(self._update_ids) + 10_000), "from": sender, "message": message,
                 "chat_instance": "1", "data": data}
        return {"update_id": next(self._update_ids), "callback_query": query}

    def add_file(self, content: bytes) -> str:
        """Store a file the bot can download; return its file_id."""
        file_id = f"file{len(self._files) + 1}"
        with self._changed:
            self._files[file_id] = content
        return file_id

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates."""
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    def forget(self, chat_id: int, message_id: int) -> None:
        """Delete a message, as a user deleting it in their client would."""
        with self._changed:
            self._messages.pop((chat_id, message_id), None)

    def stored(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The current state of a message (after edits)."""
        with self._changed:
            return dict(self._messages[(chat_id, message_id)])

    def find(self, predicate: Callable[[Call], bool], since: int = 0) -> list[Call]:
        """Recorded calls from index `since` on that match."""
        with self._changed:
            return [call for call in self.calls[since:] if predicate(call)]

    def wait_for(self, predicate: Callable[[Call], bool], *, since: int = 0,
                 timeout: float = 30.0) -> Call:
        """Block until a matching call is recorded (or fail after `timeout`)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for call in self.calls[since:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(c.method, c.text[:80]) for c in self.calls[since:]]
                    raise AssertionError(f"no matching Bot API call within {timeout} s; saw {seen}")
                self._changed.wait(remaining)

    # ---- the bot side ----------------------------------------------------------------------

    def handle(self, token: str, method: str, params: dict[str, Any],
               files: dict[str, tuple[str, bytes]] | None = None, tag: object = None) -> tuple[int, dict[str, Any]]:
        """Serve one Bot API call; return the HTTP status and the JSON body."""
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        call = Call(method, params, files or {}, tag=tag)
        try:
            result = self._dispatch(call)
        except ApiError as exc:
            self._record(call)
            return exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
        call.result = result
        if method != "getUpdates":
            self._record(call)
        return 200, {"ok": True, "result": result}

    def file_bytes(self, token: str, path: str) -> bytes | None:
        """The content behind a getFile path, or None (the token arrives URL-quoted here)."""
        if unquote(token) != self.token:
            return None
        with self._changed:
            return self._files.get(path.rsplit("/", 1)[-1])

    def take_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        """getUpdates: confirm updates below `offset`, then wait up to `timeout` for new ones."""
        deadline = time.monotonic() + timeout
        with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())
            return list(self._updates)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _dispatch(self, call: Call) -> Any:
        handler = getattr(self, f"_api_{call.method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(call.params, call.files)

    def _api_getMe(self, params: dict[str, Any], files: Any) -> Any:
        return self.bot

    def _api_getUpdates(self, params: dict[str, Any], files: Any) -> Any:
        return self.take_updates(int(params.get("offset", 0)), float(params.get("timeout", 0)))

    def _api_sendMessage(self, params: dict[str, Any], files: Any) -> Any:
        if params.get("parse_mode") == "HTML":
            check_html(str(params["text"]))
        return self._new_bot_message(params, text=str(params["text"]))

    def _api_editMessageText(self, params: dict[str, Any], files: Any) -> Any:
        if params.get("parse_mode") == "HTML":
            check_html(str(params["text"]))
        stored = self._existing(params)
        markup = _markup(params)
        if stored.get("text") == params["text"] and stored.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same")
        return self._update_stored(stored, text=params["text"], reply_markup=markup)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: Any) -> Any:
        return self._update_stored(self._existing(params), reply_markup=_markup(params))

    def _api_sendDocument(self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> Any:
        name, content = files.get("document", ("document", b""))
        document = {"file_id": self.add_file(content), "file_unique_id": "u", "file_name": name,
                    "file_size": len(content)}
        return self._new_bot_message(params, caption=params.get("caption"), document=document)

    def _api_getFile(self, params: dict[str, Any], files: Any) -> Any:
        file_id = str(params["file_id"])
        with self._changed:
            content = self._files.get(file_id)
        if content is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content),
                "file_path": f"documents/{file_id}"}

    def _api_sendChatAction(self, params: dict[str, Any], files: Any) -> Any:
        return True

    _api_setMyCommands = _api_sendChatAction
    _api_deleteWebhook = _api_sendChatAction
    _api_answerCallbackQuery = _api_sendChatAction
    _api_close = _api_sendChatAction

    def _existing(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        with self._changed:
            if key not in self._messages:
                raise ApiError(400, "Bad Request: message to edit not found")
            return self._messages[key]

    def _update_stored(self, stored: dict[str, Any], **changes: Any) -> dict[str, Any]:
        with self._changed:
            for name, value in changes.items():
                if value is None:
                    stored.pop(name, None)
                else:
                    stored[name] = value
            return dict(stored)

    def _new_bot_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        body: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                                "chat": chat, "from": self.bot}
        body.update({k: v for k, v in content.items() if v is not None})
        markup = _markup(params)
        if markup:
            body["reply_markup"] = markup
        with self._changed:
            self._messages[(chat_id, body["message_id"])] = body
        return body


def _markup(params: dict[str, Any]) -> Any:
    """The reply_markup parameter decoded (it arrives JSON-encoded)."""
    value = params.get("reply_markup")
    if isinstance(value, str):
        value = json.loads(value)
    return value or None


def buttons(call_or_message: Call | dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons on a sent message or recorded call."""
    markup = (_markup(call_or_message.params) if isinstance(call_or_message, Call)
              else call_or_message.get("reply_markup"))
    if not markup:
        return []
    return [button for row in markup.get("inline_keyboard", []) for button in row]
