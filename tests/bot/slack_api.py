"""A local stand-in of the Slack Web API, and of Slack's side of Socket Mode.

`SlackApi` is an aiohttp server on 127.0.0.1 (a free port) that answers the Web API methods
the bot uses (`auth.test`, `chat.postMessage`, `chat.update`, `chat.delete`,
`chat.postEphemeral`, `reactions.add`, `reactions.remove`, and `files.getUploadURLExternal` and
`files.completeUploadExternal` around an upload URL it serves, as `files_upload_v2` calls
them), the `response_url` of slash
commands (`POST /respond/<id>`) and file downloads under `/files/` (only with the right bearer
token). It records every call it gets and can answer the next calls of a method with HTTP 429
and `Retry-After`.

It also plays Slack's side of Socket Mode (`tests.bot.slack_socket_mode`). What Slack sends the
bot, signed requests and envelopes, is built by `tests.bot.slack_requests`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from tests.bot.slack_requests import BOT_ID, BOT_USER, TEAM_ID
from tests.bot.slack_socket_mode import SocketMode


@dataclass(frozen=True)
class Call:
    """One request the stand-in received, as it answered it."""

    at: float  # time.monotonic() when it arrived
    method: str  # a Web API method, "respond" or "files"
    params: dict[str, Any]
    headers: dict[str, str]
    status: int
    path: str = ""

    @property
    def ok(self) -> bool:
        """Whether the call was answered with success (not refused or rate-limited)."""
        return self.status == 200


@dataclass
class _Failure:
    remaining: int
    status: int
    retry_after: int


class SlackApi(SocketMode):
    """The stand-in server; `async with SlackApi() as api:` starts and stops it."""

    def __init__(self, token: str = "xoxb-test-token", app_token: str = "xapp-test-token") -> None:
        super().__init__()  # the Socket Mode part: acks, open sockets, tickets
        self.token = token
        self.app_token = app_token
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.uploads: dict[str, tuple[str, bytes]] = {}  # file id -> (file name, bytes)
        self._upload_names: dict[str, str] = {}
        self._failures: dict[str, _Failure] = {}
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_route("*", "/files/{path:.*}", self._file)
        app.router.add_post("/upload/{id}", self._upload)
        app.router.add_get("/socket", self._socket)
        app.router.add_route("*", "/{path:.*}", self._elsewhere)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening (closing any Socket Mode connection still open)."""
        for socket in list(self.sockets):
            await socket.close(code=aiohttp.WSCloseCode.GOING_AWAY)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SlackApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- addresses ------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The server's root, ending in "/"."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_url(self) -> str:
        """What the bot's `slack_api_url` should be."""
        return self.base_url + "api/"

    @property
    def files_url(self) -> str:
        """What the bot's `slack_files_url` should be."""
        return self.base_url + "files/"

    def file_url(self, name: str, content: bytes) -> str:
        """Serve a file (with the bearer token only) and return its download URL."""
        self.files[name] = content
        return self.files_url + name

    def redirect_url(self, name: str, location: str) -> str:
        """A download URL under the file host that answers 302 to `location`."""
        self.redirects[name] = location
        return self.files_url + name

    def response_url(self, key: str | None = None) -> str:
        """A fresh `response_url` for a slash command."""
        return f"{self.base_url}respond/{key or uuid.uuid4().hex}"

    # -- behaviour ------------------------------------------------------------------------

    def fail_next(
        self, method: str, count: int = 1, status: int = 429, retry_after: int = 1
    ) -> None:
        """Answer the next `count` calls of `method` with `status` and `Retry-After`."""
        self._failures[method] = _Failure(count, status, retry_after)

    # -- inspection -----------------------------------------------------------------------

    def of(self, method: str, *, ok_only: bool = True) -> list[Call]:
        """The calls of one method, in arrival order (successful ones unless told)."""
        return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def posted(self) -> list[Call]:
        """The messages posted with chat.postMessage."""
        return self.of("chat.postMessage")

    async def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[Call]:
        """Wait until `count` successful calls of `method` arrived; they are returned."""
        deadline = time.monotonic() + timeout
        while len(found := self.of(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(found)} of {count} {method} calls after {timeout}s")
            await asyncio.sleep(0.01)
        return found

    async def settle(self, quiet: float = 0.3, timeout: float = 15.0) -> None:
        """Wait until no call has arrived for `quiet` seconds (for "nothing happens" checks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = len(self.calls)
            await asyncio.sleep(quiet)
            if len(self.calls) == seen:
                return
        raise AssertionError(f"calls kept arriving for {timeout}s")

    # -- handlers -------------------------------------------------------------------------

    def _record(
        self, request: web.Request, method: str, params: dict[str, Any], status: int
    ) -> None:
        headers = {k: v for k, v in request.headers.items()}
        self.calls.append(Call(time.monotonic(), method, params, headers, status, request.path))

    def _next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        if method == "apps.connections.open":
            return self._connections_open(request, params)
        failure = self._failures.get(method)
        if failure is not None and failure.remaining > 0:
            failure.remaining -= 1
            self._record(request, method, params, failure.status)
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=failure.status,
                headers={"Retry-After": str(failure.retry_after)},
            )
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            self._record(request, method, params, 401)
            return web.json_response({"ok": False, "error": "invalid_auth"})
        self._record(request, method, params, 200)
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://vanthu-test.slack.com/",
                "team": "Vanthu Test",
                "user": "vanthu",
                "team_id": TEAM_ID,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = self._next_ts()
            message = {
                "type": "message",
                "user": BOT_USER,
                "bot_id": BOT_ID,
                "text": params.get("text", ""),
                "ts": ts,
            }
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method in {"chat.update", "chat.delete"}:
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in {"reactions.add", "reactions.remove"}:
            return {"ok": True}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            self._upload_names[file_id] = str(params.get("filename", ""))
            return {
                "ok": True,
                "upload_url": f"{self.base_url}upload/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            files = params.get("files")
            if isinstance(files, str):
                files = json.loads(files)
            listed = [f for f in files or [] if f.get("id") in self.uploads]
            if not listed or len(listed) != len(files or []):
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in listed]}
        return {"ok": False, "error": "unknown_method"}

    async def _respond(self, request: web.Request) -> web.Response:
        params = await _params(request)
        params["_id"] = request.match_info["id"]
        self._record(request, "respond", params, 200)
        return web.Response(text="ok")

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["path"]
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            self._record(request, "files", {"name": name}, 403)
            return web.Response(status=403, text="forbidden")
        if name in self.redirects:
            self._record(request, "files", {"name": name}, 302)
            raise web.HTTPFound(self.redirects[name])
        if name not in self.files:
            self._record(request, "files", {"name": name}, 404)
            return web.Response(status=404, text="not found")
        self._record(request, "files", {"name": name}, 200)
        return web.Response(body=self.files[name], content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL files.getUploadURLExternal gave: the file's bytes, as Slack keeps them."""
        file_id = request.match_info["id"]
        if file_id not in self._upload_names:
            self._record(request, "upload", {"id": file_id}, 404)
            return web.Response(status=404, text="not found")
        self.uploads[file_id] = (self._upload_names[file_id], await request.read())
        self._record(request, "upload", {"id": file_id}, 200)
        return web.Response(text="OK - uploaded")

    async def _elsewhere(self, request: web.Request) -> web.Response:
        self._record(request, "elsewhere", {"path": request.path}, 404)
        return web.Response(status=404, text="not found")


async def _params(request: web.Request) -> dict[str, Any]:
    """The parameters of a call: JSON body, form body or query string, merged."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        with contextlib.suppress(ValueError):
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
    elif request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params
