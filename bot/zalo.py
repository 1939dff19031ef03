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
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.downloads import fetch_limited
from bot.render import plain_messages
from bot.settings import Settings
from bot.webhook_auth import secret_matches
from handlers.commands import find
from handlers.messages import text
from handlers.publish import Post
from handlers.router import route, text_verdict
from handlers.services import Services
from handlers.types import Attachment, Block, IncomingMessage, Reply, Style
from retrieval.errors import UnreadableFile
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
# Where sources put a photo's URL in a message (the official docs, SDKs, open-source clients).
PHOTO_FIELDS = ("photo_url", "photo", "url", "image_url")
# Where the web server serves digest charts for Zalo to fetch, and for how long.
CHARTS_PATH = "/zalo/charts"
CHART_KEEP_S = 3600.0


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
    photo: str = ""  # the URL of a photo's picture


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
        photo=_pick(message, *PHOTO_FIELDS),
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


class ChartShelf:
    """Digest charts served by the bot's web server for a limited time, under names nobody
    can guess: Zalo's sendPhoto takes a picture only by a URL it fetches itself."""

    def __init__(
        self,
        public_url: str,
        keep_s: float = CHART_KEEP_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = public_url.rstrip("/") + CHARTS_PATH
        self.keep_s, self.clock = keep_s, clock
        self._charts: dict[str, tuple[float, bytes]] = {}

    def put(self, png: bytes) -> str:
        """Keep a chart; the URL it is served at until it expires."""
        now = self.clock()
        self._charts = {name: kept for name, kept in self._charts.items() if kept[0] > now}
        name = secrets.token_urlsafe(18)
        self._charts[name] = (now + self.keep_s, png)
        return f"{self.base}/{name}.png"

    async def serve(self, request: web.Request) -> web.Response:
        """GET <CHARTS_PATH>/<name>.png: the chart while it is kept, else 404."""
        name = request.match_info["file"].removesuffix(".png")
        kept = self._charts.get(name)
        if kept is None or kept[0] <= self.clock():
            return web.Response(status=404)
        return web.Response(body=kept[1], content_type="image/png")


class ZaloSender:
    """Posts a reply to a chat unasked (digests): plain-text messages, then the chart as a
    photo when the bot's web server can serve it to Zalo (a `ChartShelf`); without one the
    chart is left out with a one-line note."""

    platform = "zalo"
    pictures = True

    def __init__(self, client: ZaloClient, charts: ChartShelf | None = None) -> None:
        self.client, self.charts = client, charts

    def posts(self, channel: str, reply: Reply, chart: bytes | None = None) -> list[Post]:
        """One callable per message, in order; each sends exactly that message."""
        charts = self.charts
        if chart is not None and charts is None:
            note = Block(Style.NOTE, text("zalo_chart_omitted", reply.language))
            reply = dataclasses.replace(reply, blocks=[*reply.blocks, note])

        def message(chunk: str) -> Post:
            async def send() -> None:
                await self.client.call("sendMessage", {"chat_id": channel, "text": chunk})

            return send

        posts = [message(chunk) for chunk in plain_messages(reply)]
        if chart is not None and charts is not None:

            async def photo() -> None:
                url = charts.put(chart)  # kept from the moment it is sent
                await self.client.call("sendPhoto", {"chat_id": channel, "photo": url})

            posts.append(photo)
        return posts


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
        attachments: tuple[Attachment, ...] = ()
        if message.event == "message.image.received":
            # A photo of a page (Zalo serves it as JPEG): read by OCR like any picture.
            attachments = (
                Attachment(f"anh-{message.message_id}.jpg", None, self._fetcher(message.photo)),
            )
        # No status line ("reading page 3 of 12"): Zalo brings photos only, one page each,
        # and has no way to edit a message, so a line could not follow the pages anyway.
        return IncomingMessage(
            text=body,
            user_id=message.user_id,
            chat_id=message.chat_id,
            platform="zalo",
            is_private=message.is_private,
            attachments=attachments,
        )

    def _fetcher(self, url: str) -> Callable[[], Awaitable[bytes]]:
        async def fetch() -> bytes:
            if not url.startswith(("https://", "http://")):
                raise UnreadableFile("download_failed", "no photo URL in the update")
            # Zalo's photo URLs need no token: nothing secret can follow a redirect.
            limit = self.services.files.max_bytes
            return await fetch_limited(url, limit, allow_redirects=True)

        return fetch

    async def _answer(self, message: ZaloMessage) -> None:
        incoming = self.to_incoming(message)
        if incoming is None:
            return
        language = detect_language(incoming.text) if incoming.text else "vi"
        if message.event == "message.unsupported.received":
            await self._say(message.chat_id, text("zalo_attachment", language))
            return
        if not incoming.attachments and (
            message.event != "message.text.received" or not incoming.text
        ):
            if message.is_private:  # stickers, voice: say what the bot takes
                await self._say(message.chat_id, text("unsupported_message", language))
            return
        # Zalo bots have no buttons: "1" or "0" judges the person's last answer in that chat.
        thanks = await text_verdict(incoming, self.services, language, datetime.now(UTC))
        if thanks is not None:
            await self._say(message.chat_id, thanks)
            return
        typing = asyncio.create_task(self._typing(message.chat_id))
        try:
            reply = await route(incoming, self.services)
        finally:
            typing.cancel()
        if reply.feedback_id is not None:
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
        await self._post(chat_id, plain_messages(reply))

    async def _post(self, chat_id: str, chunks: list[str]) -> None:
        """sendMessage each chunk, one chat at a time and each `zalo_chat_interval_s` after
        the last one arrived, so a split answer never comes as a burst nor mixed with another."""
        async with self._chat_turns.setdefault(chat_id, asyncio.Lock()):
            for words in chunks:
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
            await self._post(chat_id, [words])
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
