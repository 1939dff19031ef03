"""Running the chat edges: Telegram, Slack or both in one process, until interrupted."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import uuid
from datetime import UTC, datetime, timedelta

from aiohttp import web

from bot.publish import EdgePublisher
from bot.settings import Settings
from bot.slack import SlackEdge
from bot.telegram import TelegramEdge
from bot.web import serve, web_app
from handlers.services import Services
from retrieval.records.inbox import Inbox
from scheduler.runner import DigestRunner, DigestScheduler
from scheduler.schedule import Holidays

log = logging.getLogger(__name__)
# Platforms redeliver for minutes (Slack) or until acknowledged (Telegram); a week is plenty.
INBOX_KEEP = timedelta(days=7)
INBOX_SWEEP_S = 3600.0


class Edges:
    """The edges that run together and the web server the webhook modes need."""

    def __init__(self, settings: Settings, services: Services, platforms: set[str]) -> None:
        inbox = Inbox(services.library.engine)
        self.inbox = inbox
        self.settings = settings
        self.services = services
        self.telegram = TelegramEdge(settings, services, inbox) if "telegram" in platforms else None
        self.slack = SlackEdge(settings, services, inbox) if "slack" in platforms else None
        publisher = EdgePublisher(self.telegram, self.slack)
        # Unique even for replicas that share a host name and pid 1 (containers).
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        runner = DigestRunner(
            services.library.engine, publisher, holder, Holidays.load(settings.holidays_file)
        )
        services.digests = runner
        if services.access is None:
            raise ValueError("chat edges need access control")  # make_services always sets it
        runner.readable = services.access.channel_readable
        self.digests = DigestScheduler(runner)
        self._digest_task: asyncio.Task[None] | None = None
        self._runner: web.AppRunner | None = None
        self._sweeper: asyncio.Task[None] | None = None

    @property
    def needs_server(self) -> bool:
        """Whether a webhook or Events API endpoint must listen."""
        return (self.telegram is not None and self.settings.telegram_mode == "webhook") or (
            self.slack is not None and self.settings.slack_mode == "http"
        )

    async def start(self) -> None:
        """Start the edges, then the web server when a webhook mode needs it."""
        webhook_telegram = self.telegram if self.settings.telegram_mode == "webhook" else None
        http_slack = self.slack if self.settings.slack_mode == "http" else None
        for edge in (self.telegram, self.slack):
            if edge is not None:
                await edge.start()
        self._sweeper = asyncio.create_task(self._sweep())
        self._digest_task = asyncio.create_task(self.digests.run())
        if self.needs_server:
            app = web_app(self.settings, webhook_telegram, http_slack)
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
        runner, pending = self.digests.runner, self.services.pending
        events = timedelta(days=self.settings.event_retention_days)
        audit = timedelta(days=self.settings.audit_retention_days)
        return {
            "delivery keys": self.inbox.forget_before(now - INBOX_KEEP),
            "events": runner.events.purge(now - events),
            "audit entries": runner.audit.purge(now - audit),
            "offered files": pending.purge(now) if pending is not None else 0,
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
        for edge in (self.telegram, self.slack):
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
