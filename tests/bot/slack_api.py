"""A local stand-in of the Slack Web API, and a sender of signed requests to the bot.

`SlackApi` is an aiohttp server on 127.0.0.1 (a free port) that answers the Web API methods
the bot uses (`auth.test`, `chat.postMessage`, `chat.postEphemeral`, `reactions.add`,
`reactions.remove`), the `response_url` of slash commands (`POST /respond/<id>`) and file
downloads under `/files/` (only with the right bearer token). It records every call it gets
and can answer the next calls of a method with HTTP 429 and `Retry-After`.

It also plays Slack's side of Socket Mode: `apps.connections.open` (only with the app-level
`xapp-` token) hands out a `ws://` URL with a one-time ticket; a client connecting there gets
Slack's `hello`, then whatever envelopes the test `push`es, and every acknowledgement it sends
back (`{"envelope_id": ...}`) is recorded in `acks`.

`SlackSender` posts Events API envelopes, slash commands and block actions to the bot's HTTP
endpoint, signed as Slack signs them (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0VANTHU"
APP_ID = "A0VANTHU"


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


class SlackApi:
    """The stand-in server; `async with SlackApi() as api:` starts and stops it."""

    def __init__(self, token: str = "xoxb-test-token", app_token: str = "xapp-test-token") -> None:
        self.token = token
        self.app_token = app_token
        self.calls: list[Call] = []
        self.acks: list[dict[str, Any]] = []  # what Socket Mode clients sent back, in order
        self.sockets: list[web.WebSocketResponse] = []  # the open Socket Mode connections
        self.connections = 0  # Socket Mode connections accepted so far
        self._tickets: set[str] = set()
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
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

    async def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Wait until a Socket Mode client acknowledged an envelope; the ack is returned."""
        deadline = time.monotonic() + timeout
        while not (found := [a for a in self.acks if a.get("envelope_id") == envelope_id]):
            if time.monotonic() > deadline:
                raise AssertionError(f"envelope {envelope_id} not acknowledged after {timeout}s")
            await asyncio.sleep(0.01)
        return found[0]

    async def wait_for_sockets(self, count: int, timeout: float = 10.0) -> None:
        """Wait until exactly `count` Socket Mode connections are open."""
        deadline = time.monotonic() + timeout
        while len(self.sockets) != count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.sockets)} sockets open, not {count}")
            await asyncio.sleep(0.01)

    async def settle(self, quiet: float = 0.3, timeout: float = 15.0) -> None:
        """Wait until no call has arrived for `quiet` seconds (for "nothing happens" checks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = len(self.calls)
            await asyncio.sleep(quiet)
            if len(self.calls) == seen:
                return
        raise AssertionError(f"calls kept arriving for {timeout}s")

    # -- Socket Mode ----------------------------------------------------------------------

    async def push(
        self,
        payload: dict[str, Any],
        *,
        kind: str = "events_api",
        envelope_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 10.0,
    ) -> str:
        """Send one envelope over the open Socket Mode connection; its envelope_id is returned."""
        await self.wait_for_sockets(1, timeout)
        envelope_id = envelope_id or str(uuid.uuid4())
        message = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": False,
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        await self.sockets[0].send_str(json.dumps(message, ensure_ascii=False))
        return envelope_id

    async def push_event(
        self, event: dict[str, Any], event_id: str, *, retry_attempt: int = 0
    ) -> str:
        """Deliver an Events API `event_callback` over Socket Mode (a retry when told)."""
        return await self.push(
            event_callback(event, event_id),
            retry_attempt=retry_attempt,
            retry_reason="timeout" if retry_attempt else "",
        )

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            self._record(request, "socket", {"ticket": ticket}, 401)
            return web.Response(status=401, text="invalid ticket")
        self._tickets.discard(ticket)  # a ticket opens one connection
        self._record(request, "socket", {"ticket": ticket}, 200)
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.connections += 1
        self.sockets.append(socket)
        try:
            hello = {
                "type": "hello",
                "num_connections": len(self.sockets),
                "debug_info": {"host": "applink-stand-in", "approximate_connection_time": 18060},
                "connection_info": {"app_id": APP_ID},
            }
            await socket.send_str(json.dumps(hello))
            async for message in socket:
                if message.type == aiohttp.WSMsgType.TEXT:
                    with contextlib.suppress(ValueError):
                        data = json.loads(message.data)
                        if isinstance(data, dict):
                            self.acks.append(data)
        finally:
            self.sockets.remove(socket)
        return socket

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

    def _connections_open(self, request: web.Request, params: dict[str, Any]) -> web.Response:
        """A WebSocket URL for Socket Mode: app-level token only, as Slack has it."""
        auth = request.headers.get("Authorization")
        if auth != f"Bearer {self.app_token}":
            error = "not_allowed_token_type" if auth == f"Bearer {self.token}" else "invalid_auth"
            self._record(request, "apps.connections.open", params, 401)
            return web.json_response({"ok": False, "error": error})
        self._record(request, "apps.connections.open", params, 200)
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        url = f"ws://127.0.0.1:{self.port}/socket?ticket={ticket}&app_id={APP_ID}"
        return web.json_response({"ok": True, "url": url})

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
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in {"reactions.add", "reactions.remove"}:
            return {"ok": True}
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


# -- the sending side --------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, timestamp: str | None = None, content_type: str = "application/json"
) -> dict[str, str]:
    """The headers Slack sends with a request: content type, timestamp and signature."""
    stamp = timestamp if timestamp is not None else str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
    }


@dataclass(frozen=True)
class Sent:
    """The bot's HTTP answer to one request, and how long it took."""

    status: int
    body: str
    seconds: float


@dataclass
class SlackSender:
    """Posts signed requests to the bot's Slack endpoint, like Slack does."""

    url: str
    secret: str
    _session: aiohttp.ClientSession | None = field(default=None, repr=False)

    async def __aenter__(self) -> SlackSender:
        connector = aiohttp.TCPConnector(limit=0)
        self._session = aiohttp.ClientSession(connector=connector)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def raw(self, body: bytes, headers: dict[str, str]) -> Sent:
        """POST exactly this body with exactly these headers."""
        assert self._session is not None, "use `async with SlackSender(...)`"
        start = time.perf_counter()
        async with self._session.post(self.url, data=body, headers=headers) as response:
            text = await response.text()
        return Sent(response.status, text, time.perf_counter() - start)

    async def signed(
        self,
        body: bytes,
        content_type: str = "application/json",
        *,
        timestamp: str | None = None,
        retry_num: int | None = None,
        extra: dict[str, str] | None = None,
    ) -> Sent:
        """POST a body signed with the signing secret (optionally as Slack's Nth retry)."""
        headers = signed_headers(self.secret, body, timestamp, content_type)
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        headers.update(extra or {})
        return await self.raw(body, headers)

    async def event(
        self, event: dict[str, Any], event_id: str | None = None, *, retry_num: int | None = None
    ) -> Sent:
        """Deliver an Events API `event_callback` envelope around `event`."""
        return await self.signed(envelope(event, event_id), retry_num=retry_num)

    async def command(
        self, text: str, response_url: str, *, user: str = "U0ASKER", channel: str = "C0OFFICE"
    ) -> Sent:
        """Send `/vanthu <text>` as Slack posts a slash command."""
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "vanthu-test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "asker",
            "command": "/vanthu",
            "text": text,
            "api_app_id": APP_ID,
            "response_url": response_url,
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
        return await self.signed(urlencode(form).encode(), "application/x-www-form-urlencoded")

    async def action(self, payload: dict[str, Any]) -> Sent:
        """Send an interactivity payload (a button click) as a form with `payload=` JSON."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.signed(body, "application/x-www-form-urlencoded")


def envelope(event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An Events API `event_callback` body around one event, as sent over HTTP."""
    return json.dumps(event_callback(event, event_id), ensure_ascii=False).encode()


def event_callback(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    """The Events API `event_callback` around one event (an HTTP body, a Socket Mode payload)."""
    return {
        "token": "legacy",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:16].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {"team_id": TEAM_ID, "user_id": BOT_USER, "is_bot": True, "enterprise_id": None}
        ],
        "is_ext_shared_channel": False,
    }


def dm_event(
    text: str, *, user: str = "U0ASKER", channel: str = "D0ASKER", ts: str = ""
) -> dict[str, Any]:
    """A direct message to the bot."""
    stamp = ts or f"{time.time():.6f}"
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": stamp,
        "event_ts": stamp,
        "team": TEAM_ID,
    }


def block_actions(
    action_id: str,
    value: str,
    *,
    user: str = "U0ASKER",
    channel: str = "D0ASKER",
    locale: str = "vi-VN",
) -> dict[str, Any]:
    """The payload of a button click in a message."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM_ID, "domain": "vanthu-test"},
        "user": {"id": user, "username": "asker", "team_id": TEAM_ID, "locale": locale},
        "api_app_id": APP_ID,
        "token": "legacy",
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "channel": {"id": channel, "name": "directmessage"},
        "message": {"type": "message", "user": BOT_USER, "ts": "1700000001.000100", "text": ""},
        "response_url": "https://hooks.slack.invalid/actions/T0/1/x",
        "actions": [
            {
                "type": "button",
                "block_id": "feedback",
                "action_id": action_id,
                "text": {"type": "plain_text", "text": "x"},
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
