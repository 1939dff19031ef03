"""The Slack edge on Bolt's async half: Socket Mode or signed HTTP events, replies in threads."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.downloads import fetch_limited
from bot.render import slack_messages
from bot.settings import Settings
from handlers.commands import find
from handlers.messages import text
from handlers.publish import Post
from handlers.router import record_feedback, route
from handlers.services import Services
from handlers.types import Attachment, IncomingMessage, OutFile, Reply
from retrieval.records.inbox import Inbox
from retrieval.text import detect_language

log = logging.getLogger(__name__)
FEEDBACK_ACTION = re.compile(r"^feedback_(useful|not_useful)$")
_SLACK_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
WORKING_REACTION = "hourglass_flowing_sand"
STOP_GRACE_S = 30.0
Listener = Callable[..., Awaitable[None]]


def verify_signature(secret: str, body: bytes, timestamp: str, signature: str) -> bool:
    """Slack's v0 signature check; a stale, malformed or missing one is simply invalid."""
    if not (timestamp.isascii() and timestamp.isdigit()):
        return False
    if not (signature.isascii() and signature.startswith("v0=")):
        return False
    try:
        return SignatureVerifier(secret).is_valid(body, timestamp, signature)
    except (ValueError, TypeError, UnicodeDecodeError):
        return False


def under(url: str, base: str) -> bool:
    """Whether a URL lies under a base URL: same scheme and host, path inside the base path."""
    got, allowed = urlsplit(url), urlsplit(base)
    folder = allowed.path if allowed.path.endswith("/") else allowed.path + "/"
    return (
        got.scheme == allowed.scheme
        and got.netloc == allowed.netloc
        and got.path.startswith(folder)
    )


def question_text(raw: str) -> str:
    """The text of a Slack message as the user typed it: mentions dropped, entities decoded."""
    return " ".join(html.unescape(_SLACK_MENTION.sub(" ", raw)).split())


def feedback_block(reply: Reply) -> dict[str, Any]:
    """Two buttons under an answer; their value is the recorded question's id and the reply's
    language (button clicks carry no locale, and the thanks should match the answer)."""
    assert reply.feedback_id is not None
    buttons = [
        {
            "type": "button",
            "action_id": f"feedback_{kind}",
            "text": {"type": "plain_text", "text": text(f"feedback_{kind}", reply.language)},
            "value": f"{reply.feedback_id}:{reply.language}",
        }
        for kind in ("useful", "not_useful")
    ]
    return {"type": "actions", "block_id": "feedback", "elements": buttons}


def slack_client(settings: Settings) -> AsyncWebClient:
    """The Web API client for the settings: bot token, base URL, 429s waited out."""
    if settings.slack_bot_token is None:
        raise ValueError("slack_bot_token is not set (VANTHU_SLACK_BOT_TOKEN)")
    if settings.slack_mode == "http" and settings.slack_signing_secret is None:
        raise ValueError("HTTP mode needs slack_signing_secret")
    if settings.slack_mode == "socket" and settings.slack_app_token is None:
        raise ValueError("Socket Mode needs slack_app_token (xapp-...)")
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(), base_url=settings.slack_api_url
    )
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=10))
    return client


class SlackSender:
    """Posts a reply to a channel unasked (digests), as rich-text messages (no chart: that
    would need the files:write scope)."""

    platform = "slack"
    pictures = False

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    def posts(self, channel: str, reply: Reply, chart: bytes | None = None) -> list[Post]:
        """One callable per message, in order; each posts exactly that message."""

        def post(text: str, blocks: list[dict[str, object]]) -> Post:
            async def send() -> None:
                await self.client.chat_postMessage(
                    channel=channel,
                    text=text,
                    blocks=blocks,
                    mrkdwn=False,
                    unfurl_links=False,
                    unfurl_media=False,
                )

            return send

        return [post(m.text, m.blocks) for m in slack_messages(reply)]


def command_text(text: str) -> str:
    """`/vanthu WORD ...` as the router reads it: a command of the table when WORD names one
    (`digest now` -> `/digest now`), else a question; nothing at all asks for help."""
    body = " ".join(html.unescape(text).split())
    if body.split(" ", 1)[0] and find(body.split(" ", 1)[0], "slack") is not None:
        return "/" + body
    return body or "/help"


class SlackStatus:
    """A status line in a thread: posted once, then updated in place, deleted when the reply
    comes."""

    def __init__(self, client: AsyncWebClient, channel: str, thread: str) -> None:
        self.client, self.channel, self.thread = client, channel, thread
        self._ts: str | None = None

    async def show(self, line: str) -> None:
        """Post the line, or update the one posted."""
        if self._ts is None:
            posted = await self.client.chat_postMessage(
                channel=self.channel, thread_ts=self.thread, text=line, mrkdwn=False
            )
            self._ts = str(posted["ts"])
        else:
            await self.client.chat_update(channel=self.channel, ts=self._ts, text=line)

    async def clear(self) -> None:
        """Delete the line (chat:write lets a bot delete its own messages)."""
        if self._ts is not None:
            await self.client.chat_delete(channel=self.channel, ts=self._ts)


class SlackEdge:
    """A Bolt AsyncApp wired to the handlers."""

    def __init__(
        self, settings: Settings, client: AsyncWebClient, services: Services, inbox: Inbox
    ) -> None:
        self.settings, self.services, self.inbox = settings, services, inbox
        assert client.token is not None
        self.token = client.token
        self.client = client
        # Signatures are checked in `events` below: Bolt's own check logs rejected bodies.
        self.app = AsyncApp(
            client=client,
            request_verification_enabled=False,
            logger=logging.getLogger("vanthu.slack_bolt"),
        )
        self.app.event("app_mention")(self._counted(self._on_mention))
        self.app.event("message")(self._counted(self._on_message))
        self.app.command("/vanthu")(self._counted(self._on_command))
        self.app.action(FEEDBACK_ACTION)(self._counted(self._on_feedback))
        self.app.error(self._on_error)
        self._socket: AsyncSocketModeHandler | None = None
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._running = 0  # listener runs in progress, for `drain`
        self._idle = asyncio.Condition()

    def _counted(self, listener: Listener) -> Listener:
        """The listener, counted while it runs (Bolt reads its parameters through the wrap)."""

        @functools.wraps(listener)
        async def counted(**kwargs: Any) -> None:
            self._running += 1
            try:
                await listener(**kwargs)
            finally:
                self._running -= 1
                async with self._idle:
                    self._idle.notify_all()

        return counted

    async def drain(self, timeout: float = 30.0) -> None:
        """Wait until no listener runs. Bolt starts a listener's task before it answers the
        request, so once a request was answered its listener is either done or counted here."""
        await asyncio.sleep(0)  # let tasks scheduled by the last dispatch take their first step
        async with self._idle:
            await asyncio.wait_for(self._idle.wait_for(lambda: self._running == 0), timeout)

    async def start(self) -> None:
        """Connect over Socket Mode; in HTTP mode the web server calls `events`."""
        if self.settings.slack_mode == "socket":
            assert self.settings.slack_app_token is not None
            self._socket = AsyncSocketModeHandler(
                self.app, self.settings.slack_app_token.get_secret_value()
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]

    async def stop(self) -> None:
        """Close the Socket Mode connection, then let answers in hand finish: Slack has had
        its ack for them and will not deliver them again."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        if self._in_flight:
            await asyncio.wait(self._in_flight, timeout=STOP_GRACE_S)

    async def events(self, request: web.Request) -> web.Response:
        """Events, commands and button clicks over HTTP; 401 unless signed, nothing processed."""
        secret = self.settings.slack_signing_secret
        body = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if secret is None or not verify_signature(
            secret.get_secret_value(), body, timestamp, signature
        ):
            return web.Response(status=401, text="invalid signature")
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            return web.Response(status=400, text="body is not UTF-8")
        bolt_request = AsyncBoltRequest(
            body=decoded,
            query=request.query_string,
            headers={k: [v] for k, v in request.headers.items()},
        )
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

    async def _claim(self, body: dict[str, Any]) -> bool:
        """Handle each event_id once across Slack's retries and restarts.

        Checked in the listener, after Bolt has acknowledged the request, so the database never
        stands between Slack and its 3-second ack.
        """
        event_id = body.get("event_id")
        if not isinstance(event_id, str):
            return True
        return await asyncio.to_thread(self.inbox.claim, "slack", event_id)

    async def _finish(self, body: dict[str, Any]) -> None:
        event_id = body.get("event_id")
        if isinstance(event_id, str):
            await asyncio.to_thread(self.inbox.done, "slack", event_id)

    def to_incoming(self, event: dict[str, Any]) -> IncomingMessage:
        """The platform-free message of a mention or a direct message."""
        attachments = tuple(
            Attachment(
                name=str(file.get("name") or "file"),
                size=file.get("size") if isinstance(file.get("size"), int) else None,
                fetch=self._fetcher(str(file.get("url_private_download") or "")),
            )
            for file in event.get("files") or []
            if isinstance(file, dict)
        )
        channel = str(event.get("channel") or "")
        thread = str(event.get("thread_ts") or event.get("ts") or "")
        return IncomingMessage(
            text=question_text(str(event.get("text") or "")),
            user_id=str(event.get("user") or "unknown"),
            chat_id=channel,
            platform="slack",
            is_private=event.get("channel_type") == "im",
            attachments=attachments,
            status=SlackStatus(self.client, channel, thread),
        )

    def _fetcher(self, url: str) -> Callable[[], Awaitable[bytes]]:
        async def fetch() -> bytes:
            # The bot token goes only to Slack's own file host.
            if not under(url, self.settings.slack_files_url):
                raise ValueError("file URL outside the Slack file host")
            headers = {"Authorization": f"Bearer {self.token}"}
            return await fetch_limited(url, self.services.files.max_bytes, headers=headers)

        return fetch

    async def _on_mention(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A mention in a channel: answer in its thread."""
        if await self._claim(body):
            await self._answer(event)
            await self._finish(body)

    async def _on_message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """A direct message (or a file shared in one): answer in its thread."""
        own = event.get("bot_id") or event.get("subtype") not in (None, "file_share")
        if event.get("channel_type") == "im" and not own and await self._claim(body):
            await self._answer(event)
            await self._finish(body)

    async def _answer(self, event: dict[str, Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        channel, ts = str(event.get("channel")), str(event.get("ts"))
        thread = str(event.get("thread_ts") or ts)
        working = await self._react("reactions_add", channel, ts)
        try:
            reply = await route(self.to_incoming(event), self.services)
            await self.post(channel, thread, reply)
        finally:
            if working:
                await self._react("reactions_remove", channel, ts)

    async def _react(self, method: str, channel: str, ts: str) -> bool:
        """The working signal; its failure never stops the answer."""
        try:
            await getattr(self.client, method)(channel=channel, timestamp=ts, name=WORKING_REACTION)
        except Exception as exc:  # a refusal, a timeout, a dropped connection
            log.info("%s failed: %s", method, type(exc).__name__)
            return False
        return True

    async def post(self, channel: str, thread: str | None, reply: Reply) -> None:
        """Post a reply in a thread, split into messages within Slack's limits."""
        messages = slack_messages(reply)
        for index, message in enumerate(messages):
            blocks = list(message.blocks)
            if reply.feedback_id is not None and index == len(messages) - 1:
                blocks.append(feedback_block(reply))
            await self.client.chat_postMessage(
                channel=channel,
                thread_ts=thread,
                text=message.text,
                blocks=blocks,
                mrkdwn=False,
                unfurl_links=False,
                unfurl_media=False,
            )
        await self.upload(channel, thread, reply.files, reply.language)

    async def upload(
        self, channel: str, thread: str | None, files: list[OutFile], language: str
    ) -> None:
        """Share a reply's files in the channel (thread) through files_upload_v2; a refusal
        (no files:write scope, the bot not in the channel) is said, not raised."""
        for file in files:
            try:
                await self.client.files_upload_v2(
                    channel=channel,
                    thread_ts=thread,
                    file=file.data,
                    filename=file.name,
                    title=file.name,
                )
            except SlackApiError as exc:
                log.warning("could not upload %s: %s", file.name, exc.response.get("error"))
                await self.client.chat_postMessage(
                    channel=channel,
                    thread_ts=thread,
                    text=text("file_not_sent", language, name=file.name),
                )

    async def _on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """`/vanthu question` or `/vanthu help`: acknowledged at once, answered privately."""
        await ack()
        incoming = IncomingMessage(
            text=command_text(str(command.get("text") or "")),
            user_id=str(command.get("user_id") or "unknown"),
            chat_id=str(command.get("channel_id") or ""),
            platform="slack",
            is_private=True,  # answered with ephemeral messages only the asker sees
        )
        reply = await route(incoming, self.services)
        for message in slack_messages(reply):
            await respond(
                text=message.text,
                blocks=message.blocks,
                response_type="ephemeral",
                unfurl_links=False,
                unfurl_media=False,
            )
        if reply.files:  # a file cannot be ephemeral: it is shared in the channel asked from
            await self.upload(incoming.chat_id, None, reply.files, reply.language)

    async def _on_feedback(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A feedback button: stored, and thanked with a message only the clicker sees."""
        await ack()
        action = (body.get("actions") or [{}])[0]
        user = str((body.get("user") or {}).get("id") or "")
        channel = str((body.get("channel") or {}).get("id") or "")
        question_id, _, language = str(action.get("value") or "").partition(":")
        if not question_id.isdigit() or not user:
            return
        # A direct message's channel id starts with D: the asker's own conversation.
        clicker = IncomingMessage(
            text="", user_id=user, chat_id=channel, platform="slack", is_private=channel[:1] == "D"
        )
        thanks = await record_feedback(
            int(question_id),
            clicker,
            useful=action.get("action_id") == "feedback_useful",
            services=self.services,
            language=language if language in {"vi", "en"} else "vi",
        )
        if channel:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=thanks)

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """Log once and still answer in the thread the question came from."""
        log.error("failed to handle a Slack request", exc_info=error)
        event = body.get("event") or {}
        if not isinstance(event, dict) or not event.get("channel"):
            return
        language = detect_language(question_text(str(event.get("text") or "")))
        try:
            await self.client.chat_postMessage(
                channel=str(event["channel"]),
                thread_ts=str(event.get("thread_ts") or event.get("ts") or "") or None,
                text=text("internal_error", language),
            )
        except SlackApiError:
            log.warning("could not even send the error reply")
        await self._finish(body)
