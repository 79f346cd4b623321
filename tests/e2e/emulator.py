"""A small Bot API server on 127.0.0.1 for end-to-end tests (stdlib ThreadingHTTPServer)."""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.e2e.botapi import BotApi

Files = dict[str, tuple[str, bytes]]


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], Files]:
    """Decode a Bot API request body: form-encoded, multipart or JSON."""
    if content_type.startswith("application/json"):
        return (json.loads(body) if body else {}), {}
    if content_type.startswith("multipart/form-data"):
        return _multipart(content_type, body)
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, Any], Files]:
    """Split multipart/form-data into plain fields and uploaded files."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    files: Files = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[str(name)] = (filename, payload)
        else:
            fields[str(name)] = payload.decode("utf-8")
    return fields, files


class _QuietServer(ThreadingHTTPServer):
    """A server that does not print a traceback when the bot drops a connection."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore errors: the bot closing a long poll mid-way is normal at shutdown."""


class Emulator:
    """Serves a BotApi over HTTP at `url`, the value for NEWSBOT_API_URL."""

    def __init__(self, api: BotApi) -> None:
        self.api = api
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(api))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's base address."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(api: BotApi) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one BotApi."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._serve(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve(self.rfile.read(length))

        def _serve(self, body: bytes) -> None:
            url = urlsplit(self.path)
            if url.path.startswith("/file/bot"):
                token, _, file_path = url.path.removeprefix("/file/bot").partition("/")
                content = api.file_bytes(token, file_path)
                self._send(200 if content is not None else 404, content or b"", "application/octet-stream")
                return
            token, _, method = url.path.removeprefix("/bot").partition("/")
            params, files = parse_body(self.headers.get("Content-Type", ""), body)
            params.update(parse_qsl(url.query))
            status, answer = api.handle(token, method, params, files)
            self._send(status, json.dumps(answer).encode(), "application/json")

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the bot went away in the middle of a long poll

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: request lines carry the token."""

    return Handler
