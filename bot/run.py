"""Running the chat edges: Telegram, Slack, Zalo or several in one process, until interrupted."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import UTC, datetime, timedelta

from aiohttp import web

from bot.settings import Settings
from bot.slack import SlackEdge, SlackSender, slack_client
from bot.telegram import TelegramEdge, TelegramSender, telegram_application
from bot.web import serve, web_app
from bot.wiring import make_services
from bot.zalo import ChartShelf, ZaloEdge, ZaloSender, zalo_client
from handlers.publish import DigestPublisher, Sender
from retrieval.records.inbox import Inbox
from retrieval.search.library import Library
from scheduler.jobs import DigestScheduler

log = logging.getLogger(__name__)
# Platforms redeliver for minutes (Slack) or until acknowledged (Telegram, Zalo); a week is
# plenty.
INBOX_KEEP = timedelta(days=7)
INBOX_SWEEP_S = 3600.0


class Edges:
    """The edges that run together in one process, the services built for them, the digest
    scheduler, and the web server the webhook modes need."""

    def __init__(self, settings: Settings, library: Library, platforms: set[str]) -> None:
        self.settings = settings
        telegram = telegram_application(settings) if "telegram" in platforms else None
        slack = slack_client(settings) if "slack" in platforms else None
        zalo = zalo_client(settings) if "zalo" in platforms else None
        self.charts = (
            ChartShelf(settings.zalo_public_url) if zalo and settings.zalo_public_url else None
        )
        senders: list[Sender] = []
        if telegram is not None:
            senders.append(TelegramSender(telegram))
        if slack is not None:
            senders.append(SlackSender(slack))
        if zalo is not None:
            senders.append(ZaloSender(zalo, self.charts))
        self.services = make_services(settings, library, DigestPublisher(senders))
        self.inbox = Inbox(library.engine)
        self.telegram = (
            TelegramEdge(settings, telegram, self.services, self.inbox) if telegram else None
        )
        self.slack = SlackEdge(settings, slack, self.services, self.inbox) if slack else None
        self.zalo = ZaloEdge(settings, zalo, self.services, self.inbox) if zalo else None
        self.digests = DigestScheduler(self.services.digests)
        self._digest_task: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._sweeper: asyncio.Task[None] | None = None

    @property
    def needs_server(self) -> bool:
        """Whether a webhook or Events API endpoint, or the charts Zalo fetches, must listen."""
        return (
            (self.telegram is not None and self.settings.telegram_mode == "webhook")
            or (self.slack is not None and self.settings.slack_mode == "http")
            or (self.zalo is not None and self.settings.zalo_mode == "webhook")
            or self.charts is not None
        )

    async def start(self) -> None:
        """Start the edges, then the web server when a webhook mode needs it."""
        webhook_telegram = self.telegram if self.settings.telegram_mode == "webhook" else None
        http_slack = self.slack if self.settings.slack_mode == "http" else None
        webhook_zalo = self.zalo if self.settings.zalo_mode == "webhook" else None
        for edge in (self.telegram, self.slack, self.zalo):
            if edge is not None:
                await edge.start()
        self._sweeper = asyncio.create_task(self._sweep())
        self._digest_task = asyncio.create_task(self.digests.run())
        if self.needs_server:
            app = web_app(self.settings, webhook_telegram, http_slack, webhook_zalo, self.charts)
            self._runner = await serve(app, self.settings.http_host, self.settings.http_port)
            log.warning("listening on %s:%d", self.settings.http_host, self.settings.http_port)

    async def _sweep(self) -> None:
        """Once an hour: drop delivery keys older than INBOX_KEEP, events and audit entries
        past their retention, files offered for the library and never added."""
        while True:
            try:
                counts = await asyncio.to_thread(self.sweep_once, datetime.now(UTC))
                log.info("swept: %s", counts)
            except Exception:
                log.exception("inbox sweep failed; trying again later")
            await asyncio.sleep(INBOX_SWEEP_S)

    def sweep_once(self, now: datetime) -> dict[str, int]:
        """One sweep; how many rows of each kind went."""
        services = self.services
        events = timedelta(days=self.settings.event_retention_days)
        audit = timedelta(days=self.settings.audit_retention_days)
        return {
            "delivery keys": self.inbox.forget_before(now - INBOX_KEEP),
            "events": services.events.purge(now - events),
            "audit entries": services.audit.purge(now - audit),
            "offered files": services.offered.purge(now),
        }

    async def stop(self) -> None:
        """Stop accepting, then let the edges finish what they hold."""
        for task in (self._sweeper, self._digest_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._runner is not None:
            await self._runner.cleanup()
        for edge in (self.telegram, self.slack, self.zalo):
            if edge is not None:
                await edge.stop()


async def run_forever(edges: Edges) -> None:
    """Run until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await edges.start()
    try:
        await stop.wait()
    finally:
        await edges.stop()
