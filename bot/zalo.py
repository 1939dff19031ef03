"""The Zalo edge: updates in (long polling or webhook), plain-text replies out.

A thin client on aiohttp rather than python-zalo-bot: that package's webhook methods call
`asyncio.run` inside the running loop, its polling sleeps a second after every update, it ships
no type information and defaults to the old API host (see README, Zalo).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from bot.render import plain_messages
from bot.settings import Settings
from bot.webhook_auth import secret_matches
from handlers.commands import find
from handlers.messages import text
from handlers.publish import Post
from handlers.router import record_feedback, route
from handlers.services import Services
from handlers.types import Block, IncomingMessage, Reply, Style
from retrieval.records.inbox import Inbox
from retrieval.text import detect_language

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TYPING_EVERY_S = 4.5
CALL_TIMEOUT_S = 30.0
RETRY_MAX_S = 30.0
# getUpdates answers this when its long poll ended with nothing new.
NO_UPDATE_CODES = frozenset({408})
_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+/")


class ZaloApiError(Exception):
    """The Bot API refused a call (`ok: false`) or answered something that is not JSON."""

    def __init__(self, method: str, code: int, description: str) -> None:
        super().__init__(f"{method}: {code} {description}")
        self.code = code


Sleep = Callable[[float], Awaitable[None]]


class ZaloClient:
    """POSTs JSON to <api_url>/bot<token>/<method> and returns `result`; a rate limit
    (HTTP or error code 429) is waited out and the call repeated, never dropped."""

    def __init__(self, api_url: str, token: str, sleep: Sleep = asyncio.sleep) -> None:
        self.base = f"{api_url.rstrip('/')}/bot{token}/"
        self.sleep = sleep
        self._session: aiohttp.ClientSession | None = None

    async def call(
        self, method: str, params: dict[str, Any] | None = None, timeout: float = CALL_TIMEOUT_S
    ) -> Any:
        """The method's result; ZaloApiError when the API says no."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        wait = 1.0
        while True:
            status = 0
            try:
                async with self._session.post(
                    self.base + method,
                    json=params or {},
                    timeout=aiohttp.ClientTimeout(total=timeout),
                ) as response:
                    status = response.status
                    body = await response.json(content_type=None)
            except ValueError:
                raise ZaloApiError(method, status, "not a JSON answer") from None
            except aiohttp.ClientError as exc:  # the URL (and its token) never reaches a log
                raise ZaloApiError(method, 0, _TOKEN_IN_URL.sub("/bot…/", str(exc))) from None
            if not isinstance(body, dict):
                raise ZaloApiError(method, status, "not a JSON object")
            if body.get("ok") is True:
                return body.get("result")
            given = body.get("error_code")
            code = given if isinstance(given, int) else status
            if code == 429 or status == 429:
                log.warning("Zalo %s rate-limited; trying again in %.0f s", method, wait)
                await self.sleep(wait)
                wait = min(wait * 2, RETRY_MAX_S)
                continue
            raise ZaloApiError(method, code, str(body.get("description") or "no description"))

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None


@dataclass(frozen=True)
class ZaloMessage:
    """A Zalo update reduced to what the bot uses."""

    event: str
    message_id: str
    chat_id: str
    is_private: bool
    user_id: str
    text: str


def _pick(fields: dict[str, Any], *names: str) -> str:
    """The first of several documented names for one field that carries text."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return ""


def _object(fields: dict[str, Any], name: str) -> dict[str, Any]:
    """A nested object, empty when it is missing or not an object."""
    value = fields.get(name)
    return value if isinstance(value, dict) else {}


def parse_update(body: object) -> ZaloMessage | None:
    """An update from a webhook body or getUpdates result, wrapped in `{ok, result}` or bare;
    None when it is not a message the bot can place (no id, chat or sender)."""
    if isinstance(body, dict) and isinstance(body.get("result"), dict):
        body = body["result"]
    if not isinstance(body, dict):
        return None
    message = body.get("message")
    if not isinstance(message, dict):
        return None
    chat, sender = _object(message, "chat"), _object(message, "from")
    found = ZaloMessage(
        event=_pick(body, "event_name"),
        message_id=_pick(message, "message_id"),
        chat_id=_pick(chat, "id"),
        is_private=_pick(chat, "chat_type", "type").upper() != "GROUP",
        user_id=_pick(sender, "id"),
        text=_pick(message, "text", "caption"),
    )
    if not (found.event and found.message_id and found.chat_id and found.user_id):
        return None
    return found


def addressed_text(message: ZaloMessage, bot_name: str) -> str | None:
    """The text of a message the bot owes an answer, or None for group chatter: in a group,
    a message naming "@<bot name>" (the mention removed) or starting with one of its commands."""
    body = " ".join(message.text.split())
    if message.is_private:
        return body
    if bot_name:
        mention = re.compile(rf"@{re.escape(bot_name)}\b", re.IGNORECASE)
        if mention.search(body):
            return " ".join(mention.sub(" ", body).split())
    if body.startswith("/") and find(body.split()[0], "zalo") is not None:
        return body
    return None


class ZaloSender:
    """Posts a reply to a chat unasked (digests): plain-text messages; no chart, since Zalo
    takes photos only by a URL it can fetch."""

    platform = "zalo"
    pictures = False

    def __init__(self, client: ZaloClient) -> None:
        self.client = client

    def posts(self, channel: str, reply: Reply, chart: bytes | None = None) -> list[Post]:
        """One callable per message, in order; each sends exactly that message."""

        def message(chunk: str) -> Post:
            async def send() -> None:
                await self.client.call("sendMessage", {"chat_id": channel, "text": chunk})

            return send

        return [message(chunk) for chunk in plain_messages(reply)]


def zalo_client(settings: Settings) -> ZaloClient:
    """The Bot API client for the settings."""
    if settings.zalo_token is None:
        raise ValueError("zalo_token is not set (VANTHU_ZALO_TOKEN)")
    if settings.zalo_mode == "webhook" and not settings.zalo_webhook_secret:
        raise ValueError("webhook mode needs zalo_webhook_secret (8 to 256 characters)")
    return ZaloClient(settings.zalo_api_url, settings.zalo_token.get_secret_value())


class ZaloEdge:
    """Zalo updates to the handlers and their replies back, each message_id handled once."""

    def __init__(
        self, settings: Settings, client: ZaloClient, services: Services, inbox: Inbox
    ) -> None:
        self.settings, self.client, self.services, self.inbox = settings, client, services, inbox
        self._tasks: set[asyncio.Task[None]] = set()
        self._poller: asyncio.Task[None] | None = None
        # Zalo bots have no buttons: "1" or "0" answers the person's last answer in that chat.
        # Kept in memory; after a restart a lone digit is a question again.
        self._awaiting_verdict: dict[tuple[str, str], int] = {}
        self._chat_turns: dict[str, asyncio.Lock] = {}
        self._last_sent: dict[str, float] = {}

    async def start(self) -> None:
        """Start receiving: long polling, or register the webhook when a public URL is set."""
        if self.settings.zalo_mode == "polling":
            self._poller = asyncio.create_task(self._poll())
        elif self.settings.zalo_webhook_url:
            secret = self.settings.zalo_webhook_secret
            assert secret is not None
            await self.client.call(
                "setWebhook",
                {"url": self.settings.zalo_webhook_url, "secret_token": secret.get_secret_value()},
            )

    async def stop(self) -> None:
        """Stop polling, finish the updates in hand, close the client."""
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.client.close()

    async def _poll(self) -> None:
        """Long-poll getUpdates one call at a time; errors are logged and waited out."""
        timeout = self.settings.zalo_poll_timeout_s
        pause = 1.0
        while True:
            try:
                # The API documents `timeout` as a string of seconds.
                result = await self.client.call(
                    "getUpdates", {"timeout": str(timeout)}, timeout=timeout + 10
                )
            except ZaloApiError as exc:
                if exc.code in NO_UPDATE_CODES:
                    continue
                log.warning("Zalo getUpdates failed: %s; again in %.0f s", exc, pause)
                await self.client.sleep(pause)
                pause = min(pause * 2, RETRY_MAX_S)
                continue
            except TimeoutError:
                continue
            except Exception:  # whatever it was, the bot keeps listening
                log.exception("Zalo getUpdates failed; again in %.0f s", pause)
                await self.client.sleep(pause)
                pause = min(pause * 2, RETRY_MAX_S)
                continue
            pause = 1.0
            for body in result if isinstance(result, list) else [result]:
                self.accept(body)

    def accept(self, body: object) -> None:
        """Take an update for handling in the background; a malformed one is dropped."""
        message = parse_update(body)
        if message is None:
            log.info("Zalo update without a message, chat or sender ignored")
            return
        task = asyncio.create_task(self.handle(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def webhook(self, request: web.Request) -> web.Response:
        """A webhook POST: 403 without the right secret (constant-time), else take the update."""
        if not secret_matches(request, SECRET_HEADER, self.settings.zalo_webhook_secret):
            return web.Response(status=403)
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="malformed update")
        # Acknowledged even when it holds nothing to answer (an event of a later API version):
        # a refusal would only have Zalo deliver it again.
        self.accept(body)
        return web.Response(text="ok")

    async def handle(self, message: ZaloMessage) -> None:
        """Claim the message_id in the inbox, answer, mark it done; never raises."""
        try:
            fresh = await asyncio.to_thread(self.inbox.claim, "zalo", message.message_id)
        except Exception:  # the database is down: better a rare double answer than none
            log.exception("inbox claim failed; handling Zalo message anyway")
            fresh = True
        if not fresh:
            return
        try:
            await self._answer(message)
        except Exception:
            log.exception("failed to handle a Zalo %s", message.event)
            await self._say(message.chat_id, text("internal_error", detect_language(message.text)))
        try:
            await asyncio.to_thread(self.inbox.done, "zalo", message.message_id)
        except Exception:
            log.exception("inbox could not mark a Zalo message done")

    def to_incoming(self, message: ZaloMessage) -> IncomingMessage | None:
        """The platform-free message, or None when the bot is not addressed."""
        body = addressed_text(message, self.settings.zalo_bot_name)
        if body is None:
            return None
        return IncomingMessage(
            text=body,
            user_id=message.user_id,
            chat_id=message.chat_id,
            platform="zalo",
            is_private=message.is_private,
        )

    async def _answer(self, message: ZaloMessage) -> None:
        incoming = self.to_incoming(message)
        if incoming is None:
            return
        language = detect_language(incoming.text) if incoming.text else "vi"
        if message.event == "message.image.received":
            await self._say(message.chat_id, text("zalo_photo", language))
            return
        if message.event == "message.unsupported.received":
            await self._say(message.chat_id, text("zalo_attachment", language))
            return
        if message.event != "message.text.received" or not incoming.text:
            if message.is_private:  # stickers, voice: say what the bot takes
                await self._say(message.chat_id, text("unsupported_message", language))
            return
        asker = (message.chat_id, message.user_id)
        if incoming.text in {"0", "1"} and asker in self._awaiting_verdict:
            thanks = await record_feedback(
                self._awaiting_verdict.pop(asker),
                incoming,
                useful=incoming.text == "1",
                services=self.services,
                language=language,
            )
            await self._say(message.chat_id, thanks)
            return
        typing = asyncio.create_task(self._typing(message.chat_id))
        try:
            reply = await route(incoming, self.services)
        finally:
            typing.cancel()
        if reply.feedback_id is not None:
            self._awaiting_verdict[asker] = reply.feedback_id
            reply.add(Style.NOTE, text("zalo_feedback", reply.language))
        await self.send(message.chat_id, reply)

    async def send(self, chat_id: str, reply: Reply) -> None:
        """Send a reply as plain-text messages of at most 2,000 characters, numbered when
        there are several. Zalo's bot API sends no files: a reply's files are named, with
        where to get them."""
        if reply.files:
            names = ", ".join(file.name for file in reply.files)
            note = Block(Style.NOTE, text("file_elsewhere", reply.language, names=names))
            reply = dataclasses.replace(reply, blocks=[*reply.blocks, note], files=[])
        for chunk in plain_messages(reply):
            await self._post(chat_id, chunk)

    async def _post(self, chat_id: str, words: str) -> None:
        """sendMessage, one at a time per chat and `zalo_chat_interval_s` after the last one
        arrived, so a split answer never comes as a burst."""
        async with self._chat_turns.setdefault(chat_id, asyncio.Lock()):
            since = time.monotonic() - self._last_sent.get(chat_id, -math.inf)
            if since < self.settings.zalo_chat_interval_s:
                await self.client.sleep(self.settings.zalo_chat_interval_s - since)
            try:
                await self.client.call("sendMessage", {"chat_id": chat_id, "text": words})
            finally:
                self._last_sent[chat_id] = time.monotonic()

    async def _say(self, chat_id: str, words: str) -> None:
        """Send one short message; a refusal is logged, not raised."""
        try:
            await self._post(chat_id, words)
        except ZaloApiError as exc:
            log.warning("could not send a Zalo message: %s", exc)

    async def _typing(self, chat_id: str) -> None:
        """Show "typing..." until cancelled."""
        while True:
            try:
                await self.client.call("sendChatAction", {"chat_id": chat_id, "action": "typing"})
            except ZaloApiError as exc:  # the signal is a courtesy; the answer still goes out
                log.info("typing signal failed: %s", exc)
                return
            await asyncio.sleep(TYPING_EVERY_S)
