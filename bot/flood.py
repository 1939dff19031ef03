"""Telegram's flood limits as a python-telegram-bot rate limiter: nothing dropped, RetryAfter
waited out."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from limits import parse
from telegram.error import RetryAfter
from telegram.ext import (
    BaseRateLimiter,
)
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
_LIMITED_PREFIXES = ("send", "copy", "forward", "edit")
MAX_TRACKED_CHATS = 10_000
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
Clock = Callable[[], float]
"""Seconds on a clock that never goes back (`time.monotonic`)."""
Sleep = Callable[[float], Awaitable[None]]
"""Waits that many seconds of the same clock (`asyncio.sleep`)."""


class MovingWindows:
    """One rate limit ("20/minute", in the notation of `limits`) as a moving window per key:
    at most `amount` hits in any span of `seconds`, on the clock the caller reads."""

    def __init__(self, limit: str) -> None:
        item = parse(limit)
        self.amount = item.amount
        self.seconds = float(item.get_expiry())
        self._hits: dict[str, deque[float]] = {}

    def free_at(self, key: str, now: float) -> float:
        """When the key's window has room for one more hit: `now` if it has room already."""
        hits = self._hits.get(key)
        if hits is None or len(hits) < self.amount:
            return now
        return max(now, hits[0] + self.seconds)

    def hit(self, key: str, now: float) -> None:
        """Count a hit at `now`; only the last `amount` hits matter, so only they are kept."""
        self._hits.setdefault(key, deque(maxlen=self.amount)).append(now)

    def forget_idle(self, now: float) -> None:
        """Drop the windows whose hits have all left them."""
        for key, hits in list(self._hits.items()):
            if hits[-1] + self.seconds <= now:
                del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)


class FloodLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits; RetryAfter is waited out, nothing is dropped.

    Messages to one chat go one at a time, each at least `chat_interval_s` after the previous
    one *arrived* (its request completed), so a request delayed on the way cannot bunch up
    with the next. Groups get 20 a minute and the bot 28 a second in all (two under Telegram's
    30, for the same reason), in moving windows. Every wait is read from `clock` and spent in
    `sleep`, so tests can drive the time.
    """

    def __init__(
        self,
        chat_interval_s: float = 1.0,
        per_group: str = "20/minute",
        overall: str = "28/second",
        max_retries: int = 10,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._per_group, self._overall = MovingWindows(per_group), MovingWindows(overall)
        self.chat_interval_s = chat_interval_s
        self.max_retries = max_retries
        self._clock, self._sleep = clock, sleep
        self._chats: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._chat_free_at: dict[str, float] = {}

    async def initialize(self) -> None:
        """Nothing to set up: the windows live in memory."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _acquire(self, windows: list[tuple[MovingWindows, str]]) -> None:
        """Take a slot in every window at once, or none: a slot held while waiting for another
        window would let messages bunch up after the wait. (No await between the test and the
        hits, so no other request can come between them.)"""
        while True:
            now = self._clock()
            free_at = max(window.free_at(key, now) for window, key in windows)
            if free_at <= now:
                for window, key in windows:
                    window.hit(key, now)
                return
            await self._sleep(free_at - now)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        """Wait for the chat's turn and a slot in each window, then call; retry on RetryAfter."""
        chat_id = data.get("chat_id")
        limited = endpoint.startswith(_LIMITED_PREFIXES) and endpoint != "sendChatAction"
        if chat_id is None or not limited:
            await self._acquire([(self._overall, "all")])
            return await self._call(callback, args, kwargs, endpoint)
        chat = str(chat_id)
        windows = [(self._overall, "all")]
        if chat.startswith(("-", "@")):
            windows.append((self._per_group, chat))
        async with self._chats[chat]:
            wait = self._chat_free_at.get(chat, 0.0) - self._clock()
            if wait > 0:
                await self._sleep(wait)
            await self._acquire(windows)
            try:
                return await self._call(callback, args, kwargs, endpoint)
            finally:
                self._chat_free_at[chat] = self._clock() + self.chat_interval_s
                if len(self._chat_free_at) > MAX_TRACKED_CHATS:
                    self._forget_idle_chats()

    def _forget_idle_chats(self) -> None:
        """Drop the turn-keeping and windows of chats that are free again, so memory stays
        bounded."""
        now = self._clock()
        for chat, free_at in list(self._chat_free_at.items()):
            if free_at < now and not self._chats[chat].locked():
                del self._chat_free_at[chat]
                del self._chats[chat]
        self._per_group.forget_idle(now)

    async def _call(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
    ) -> JSONResult:
        """Call the Bot API, waiting out RetryAfter up to `max_retries` times."""
        for attempt in range(self.max_retries + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_retries:
                    raise
                with warnings.catch_warnings():  # int today, timedelta in a later major
                    warnings.simplefilter("ignore", PTBDeprecationWarning)
                    delay = exc.retry_after
                seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
                log.info("Telegram asked to wait %.1f s before %s", seconds, endpoint)
                await self._sleep(seconds)
        raise AssertionError("unreachable")
