"""Slack's side of Socket Mode, played by the stand-in `tests.bot.slack_api.SlackApi`.

`apps.connections.open` (only with the app-level `xapp-` token) hands out a `ws://` URL with a
one-time ticket; a client connecting there gets Slack's `hello`, then whatever envelopes the
test `push`es, and every acknowledgement it sends back (`{"envelope_id": ...}`) is recorded in
`acks`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from typing import Any

import aiohttp
from aiohttp import web

from tests.bot.slack_requests import APP_ID, event_callback


class SocketMode:
    """The Socket Mode part of the stand-in: tickets, open connections, envelopes and acks.

    `SlackApi` builds on it: it knows the tokens and its port, and records every call."""

    token: str
    app_token: str
    port: int

    def __init__(self) -> None:
        self.acks: list[dict[str, Any]] = []  # what Socket Mode clients sent back, in order
        self.sockets: list[web.WebSocketResponse] = []  # the open Socket Mode connections
        self.connections = 0  # Socket Mode connections accepted so far
        self._tickets: set[str] = set()

    def _record(
        self, request: web.Request, method: str, params: dict[str, Any], status: int
    ) -> None:
        """Record one call (the server does)."""
        raise NotImplementedError

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
