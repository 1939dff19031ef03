"""A local stand-in of the Telegram Bot API: the methods vanthu uses, every call recorded."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from tests.bot.recorded import Call, RecordedCalls, serve_until_input_ends

TOKEN = "123456:TEST-TOKEN"
BOT_ID = 123456
BOT_USERNAME = "vanthu_test_bot"


def _decode(value: str) -> Any:
    """PTB sends scalars as text and objects as JSON text in form fields."""
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _params(request: web.Request) -> dict[str, Any]:
    """A Bot API call's parameters, from JSON or a form (an uploaded file's name too)."""
    if request.content_type == "application/json":
        params: dict[str, Any] = await request.json()
        return params
    form = await request.post()
    params = {key: _field(value) for key, value in form.items()}
    for key, value in form.items():  # an uploaded file's name (sendDocument)
        if isinstance(value, FileField):
            params[f"{key}:filename"] = value.filename
    return params


def _field(value: str | bytes | bytearray | FileField) -> Any:
    """A form field: decoded text, or the bytes of an uploaded file (a photo)."""
    if isinstance(value, str):
        return _decode(value)
    if isinstance(value, FileField):
        return value.file.read()
    return bytes(value)


@dataclass
class TelegramApi(RecordedCalls):
    """Serves /bot<token>/<method> and /file/bot<token>/<path> on loopback."""

    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    busy: dict[str, int] = field(default_factory=dict)  # method -> how many 429s to answer
    retry_after: int = 1
    updates: list[dict[str, Any]] = field(default_factory=list)
    base: str = ""
    port: int = 0
    _runner: web.AppRunner | None = None
    _new_updates: asyncio.Event = field(default_factory=asyncio.Event)
    _message_id: int = 1000

    async def __aenter__(self) -> TelegramApi:
        app = web.Application()
        app.router.add_post(f"/bot{TOKEN}/{{method}}", self._method)
        app.router.add_get(f"/file/bot{TOKEN}/{{path:.+}}", self._file)
        app.router.add_get("/_calls", self.calls_json)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates."""
        self.updates.extend(updates)
        self._new_updates.set()

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await _params(request)
        except ConnectionResetError:  # the bot went away mid-request (it is stopping)
            return web.Response(status=499, text="client closed the request")
        self.calls.append(Call(time.monotonic(), method, params))
        if self.busy.get(method, 0) > 0:
            self.busy[method] -= 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                },
                status=429,
            )
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        result = await handler(params)
        return web.json_response({"ok": True, "result": result})

    async def _getMe(self, _params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "vanthu",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 2.0)
        while True:
            ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready[:100]
            self._new_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), deadline - time.monotonic())

    async def _deleteWebhook(self, _params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _setWebhook(self, _params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _sendChatAction(self, _params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _setMyCommands(self, params: dict[str, Any]) -> bool:  # noqa: N802
        commands = params.get("commands")
        if not isinstance(commands, list) or not all(
            isinstance(c, dict) and 1 <= len(c.get("command", "")) <= 32 for c in commands
        ):
            raise web.HTTPBadRequest(text="commands must be a list of BotCommand")
        return True

    async def _answerCallbackQuery(self, _params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        self._message_id += 1
        chat_id = int(params["chat_id"])
        return {
            "message_id": self._message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "vanthu"},
            "text": str(params.get("text", "")),
        }

    async def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        chat_id = int(params["chat_id"])
        return {
            "message_id": int(params["message_id"]),
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "vanthu"},
            "text": str(params.get("text", "")),
        }

    async def _deleteMessage(self, _params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    async def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        message = await self._sendMessage({**params, "text": ""})
        message["photo"] = [{"file_id": "p", "file_unique_id": "pu", "width": 600, "height": 250}]
        return message

    async def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        message = await self._sendMessage({**params, "text": ""})
        data = params.get("document")
        message["document"] = {
            "file_id": f"d{self._message_id}",
            "file_unique_id": f"du{self._message_id}",
            "file_size": len(data) if isinstance(data, bytes) else 0,
        }
        return message

    async def _getFile(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        file_id = str(params["file_id"])
        data = self.files.get(file_id, b"")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        self.calls.append(Call(time.monotonic(), "download", {"file_id": file_id}))
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])


_COUNTER = iter(range(10_000, 10**9))


def message_update(
    text: str,
    *,
    chat_id: int = 501,
    user_id: int = 501,
    update_id: int | None = None,
    reply_to_bot: bool = False,
    thread_id: int | None = None,
    document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An update carrying a message, as Telegram sends it; entities for @mentions and commands."""
    message_id = next(_COUNTER)
    chat_type = "private" if chat_id > 0 else "supergroup"
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Lan"
    else:
        chat["title"] = "Phòng Hành chính"
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
    }
    entities = []
    mention = f"@{BOT_USERNAME}"
    at = text.find(mention)
    if at >= 0:
        entities.append({"type": "mention", "offset": at, "length": len(mention)})
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": len(command)})
    if document is not None:
        message["document"] = document
        if text:
            message["caption"] = text
            if entities:
                message["caption_entities"] = entities
    else:
        message["text"] = text
        if entities:
            message["entities"] = entities
    if reply_to_bot:
        message["reply_to_message"] = {
            "message_id": message_id - 1,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "vanthu"},
            "text": "earlier answer",
        }
    if thread_id is not None:
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
    return {"update_id": update_id if update_id is not None else message_id, "message": message}


def callback_update(data: str, *, user_id: int = 501, chat_id: int = 501) -> dict[str, Any]:
    """A click on an inline button under one of the bot's messages."""
    update_id = next(_COUNTER)
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": {"id": user_id, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Lan"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "vanthu"},
                "text": "answer",
            },
        },
    }


if __name__ == "__main__":
    asyncio.run(serve_until_input_ends(TelegramApi()))
