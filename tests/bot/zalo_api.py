"""A local stand-in of the Zalo Bot API: the methods vanthu uses, every call recorded."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.bot.recorded import Call, RecordedCalls, serve_until_input_ends

TOKEN = "1234567890:zalo-test-token"
BOT_NAME = "Văn thư"
_IDS = itertools.count(1)


def zalo_update(
    words: str,
    *,
    chat_id: str = "c501",
    user_id: str = "u501",
    group: bool = False,
    event: str = "message.text.received",
    message_id: str | None = None,
    photo: str = "https://example.invalid/p.jpg",
    photo_field: str = "photo_url",
) -> dict[str, Any]:
    """An update as Zalo delivers it (bare; the webhook may wrap it in {ok, result})."""
    message: dict[str, Any] = {
        "message_id": message_id or f"m{next(_IDS)}",
        "date": 1_764_880_000_000,
        "chat": {"id": chat_id, "chat_type": "GROUP" if group else "PRIVATE"},
        "from": {"id": user_id, "display_name": "Chị Lan", "is_bot": False},
    }
    if event == "message.image.received":
        message.update({photo_field: photo, "caption": words})
    elif words:
        message["text"] = words
    return {"event_name": event, "message": message}


@dataclass
class ZaloApi(RecordedCalls):
    """Serves /bot<token>/<method> on loopback; getUpdates hands out one update per call;
    the pictures of photos at /photos/<name>, as Zalo's CDN serves them."""

    calls: list[Call] = field(default_factory=list)
    busy: dict[str, int] = field(default_factory=dict)  # method -> how many 429s to answer
    failing: dict[str, int] = field(default_factory=dict)  # method -> how many ok:false
    updates: list[Any] = field(default_factory=list)
    photos: dict[str, bytes] = field(default_factory=dict)
    base: str = ""
    _runner: web.AppRunner | None = None
    _new_updates: asyncio.Event = field(default_factory=asyncio.Event)

    async def __aenter__(self) -> ZaloApi:
        app = web.Application()
        app.router.add_post(f"/bot{TOKEN}/{{method}}", self._method)
        app.router.add_get("/photos/{name}", self._photo)
        app.router.add_get("/_calls", self.calls_json)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def push(self, *updates: Any) -> None:
        """Queue updates (or anything at all, for malformed ones) for getUpdates."""
        self.updates.extend(updates)
        self._new_updates.set()

    def photo_url(self, name: str, data: bytes) -> str:
        """Serve a picture; its URL, as a photo update carries it."""
        self.photos[name] = data
        return f"{self.base}/photos/{name}"

    async def _photo(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.calls.append(Call(time.monotonic(), "photo", {"name": name}))
        if name not in self.photos:
            return web.Response(status=404)
        return web.Response(body=self.photos[name], content_type="image/jpeg")

    def texts(self) -> list[str]:
        """The text of every message sent."""
        return [call.params["text"] for call in self.sent()]

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await request.json()
        self.calls.append(Call(time.monotonic(), method, params))
        if self.busy.get(method, 0) > 0:
            self.busy[method] -= 1
            body = {"ok": False, "error_code": 429, "description": "Too Many Requests"}
            return web.json_response(body, status=429)
        if self.failing.get(method, 0) > 0:
            self.failing[method] -= 1
            return web.json_response({"ok": False, "error_code": 400, "description": "Bad chat"})
        if method == "getUpdates":
            return await self._get_updates(request, params)
        if method == "sendMessage":
            assert isinstance(params["chat_id"], str) and 1 <= len(params["text"]) <= 2000
            return web.json_response({"ok": True, "result": {"message_id": "s1", "date": 1}})
        if method == "sendPhoto":
            return await self._send_photo(params)
        if method in {"sendChatAction", "setWebhook"}:
            return web.json_response({"ok": True})
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"})

    async def _send_photo(self, params: dict[str, Any]) -> web.Response:
        """Fetch the picture from its URL, as Zalo does; refuse the photo when that fails."""
        async with aiohttp.ClientSession() as session, session.get(params["photo"]) as got:
            picture = await got.read()
        png = picture.startswith(b"\x89PNG\r\n\x1a\n")
        self.calls.append(Call(time.monotonic(), "fetched", {"status": got.status, "png": png}))
        if got.status != 200:
            return web.json_response({"ok": False, "error_code": 400, "description": "No photo"})
        return web.json_response({"ok": True, "result": {"message_id": "p1", "date": 1}})

    async def _get_updates(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        """One update, or after the (shortened) long poll the timeout error Zalo answers."""
        assert isinstance(params["timeout"], str)
        deadline = time.monotonic() + min(float(params["timeout"]), 1.0)
        while not self.updates and time.monotonic() < deadline:
            self._new_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), deadline - time.monotonic())
        gone = request.transport is None or request.transport.is_closing()
        if not self.updates or gone:  # a poller that stopped waiting loses no update
            return web.json_response({"ok": False, "error_code": 408, "description": "Timeout"})
        return web.json_response({"ok": True, "result": self.updates.pop(0)})


if __name__ == "__main__":
    asyncio.run(serve_until_input_ends(ZaloApi()))
