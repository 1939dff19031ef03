"""What Slack sends the bot: signed requests, Events API envelopes and interactivity payloads.

`SlackSender` posts Events API envelopes, slash commands and block actions to the bot's HTTP
endpoint, signed as Slack signs them (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`). The
builders (`dm_event`, `event_callback`, `envelope`, `block_actions`) make the bodies, for HTTP
and for Socket Mode (`tests.bot.slack_socket_mode`) alike, in the workspace the stand-in
`tests.bot.slack_api.SlackApi` plays (`TEAM_ID`, `APP_ID`, the bot `BOT_USER`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import aiohttp

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T0VANTHU"
APP_ID = "A0VANTHU"


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
