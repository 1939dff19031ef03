"""A long read shown in the chat as it goes: "reading page 3 of 12", posted once, then edited."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from types import TracebackType

from handlers.messages import text
from handlers.types import Status

log = logging.getLogger(__name__)
# Telegram and Slack take about one message (or edit) per second in a chat.
EDIT_INTERVAL_S = 1.5


class PageStatus:
    """The OCR page progress of the files of one message, as a status line in its chat.

    `page` is called from the reader's thread; the line goes out on the event loop, one
    platform call at a time: the first at once, then the newest page at most every
    `interval_s` after the previous call ended (pages read meanwhile are not shown: the newest
    says more, and a slow platform never gathers a backlog). A file of one page shows nothing.
    Used as `async with`: on the way out a line not yet sent is dropped, the one being sent is
    let arrive, the line is taken away, and the reply follows it; a page after that is not
    shown."""

    def __init__(self, status: Status, language: str, *, interval_s: float = EDIT_INTERVAL_S):
        self.status, self.language, self.interval_s = status, language, interval_s
        self._loop = asyncio.get_running_loop()
        self._pending: str | None = None  # the newest line not yet sent
        self._sender: asyncio.Task[None] | None = None
        self._ready_at = -math.inf  # loop time from which the next call may go
        self._calling = self._closed = self._shown = False

    def page(self, at: int, count: int) -> None:
        """Page `at` of `count` is being read (from any thread)."""
        if count < 2:
            return
        line = text("ocr_progress", self.language, page=at, pages=count)
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody to show it to
            self._loop.call_soon_threadsafe(self._offer, line)

    def _offer(self, line: str) -> None:
        if self._closed:
            return
        self._pending = line
        if self._sender is None or self._sender.done():
            self._sender = self._loop.create_task(self._send())

    async def _send(self) -> None:
        while self._pending is not None and not self._closed:
            wait = self._ready_at - self._loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            line, self._pending = self._pending, None
            self._calling = True
            try:
                await self.status.show(line)
                self._shown = True
            except Exception as exc:  # a courtesy, like "typing...": the reply still goes out
                log.info("status line failed: %s", type(exc).__name__)
            finally:
                self._calling = False
            self._ready_at = self._loop.time() + self.interval_s

    async def __aenter__(self) -> PageStatus:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Drop what is not sent, let the call on its way end, then take the status away."""
        self._closed = True
        sender = self._sender
        if sender is not None and not sender.done():
            if not self._calling:
                sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
        if not self._shown:
            return
        try:
            await self.status.clear()
        except Exception as failed:
            log.info("status line not cleared: %s", type(failed).__name__)
