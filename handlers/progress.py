"""A long read shown in the chat as it goes: "reading page 3 of 12", posted once, then edited."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import Future
from types import TracebackType

from handlers.messages import text
from handlers.types import Status

log = logging.getLogger(__name__)
# Telegram and Slack take about one message (or edit) per second in a chat.
EDIT_INTERVAL_S = 1.5


class PageStatus:
    """The OCR page progress of the files of one message, as a status line in its chat.

    `page` is called from the reader's thread; the line goes out on the event loop, one
    platform call at a time: the first at once, then at most one every `interval_s` (a page
    that begins sooner is not shown: the next one will be). A file of one page shows nothing.
    Used as `async with`: on the way out the line is taken away, the reply follows it."""

    def __init__(
        self,
        status: Status,
        language: str,
        *,
        interval_s: float = EDIT_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.status, self.language = status, language
        self.interval_s, self.clock = interval_s, clock
        self._loop = asyncio.get_running_loop()
        self._turn = asyncio.Lock()
        self._last = -math.inf
        self._lines: list[Future[None]] = []
        self._shown = False

    def page(self, at: int, count: int) -> None:
        """Page `at` of `count` is being read (from any thread)."""
        now = self.clock()
        if count < 2 or now - self._last < self.interval_s:
            return
        self._last = now
        line = text("ocr_progress", self.language, page=at, pages=count)
        self._lines.append(asyncio.run_coroutine_threadsafe(self._show(line), self._loop))

    async def _show(self, line: str) -> None:
        async with self._turn:
            try:
                await self.status.show(line)
            except Exception as exc:  # a courtesy, like "typing...": the reply still goes out
                log.info("status line failed: %s", type(exc).__name__)
                return
            self._shown = True

    async def __aenter__(self) -> PageStatus:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Let the lines on their way arrive, then take the status away."""
        await asyncio.gather(*(asyncio.wrap_future(line) for line in self._lines))
        if not self._shown:
            return
        try:
            await self.status.clear()
        except Exception as failed:
            log.info("status line not cleared: %s", type(failed).__name__)
