"""Telegram's flood limits as a python-telegram-bot rate limiter: nothing dropped, RetryAfter
waited out."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from telegram.error import RetryAfter
from telegram.ext import (
    BaseRateLimiter,
)
from telegram.warnings import PTBDeprecationWarning

log = logging.getLogger(__name__)
_LIMITED_PREFIXES = ("send", "copy", "forward", "edit")
MAX_TRACKED_CHATS = 10_000
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class FloodLimiter(BaseRateLimiter[int]):
    """Telegram's flood limits; RetryAfter is waited out, nothing is dropped.

    Messages to one chat go one at a time, each at least `chat_interval_s` after the previous
    one *arrived* (its request completed), so a request delayed on the way cannot bunch up
    with the next. Groups get 20 a minute and the bot 28 a second in all (two under Telegram's
    30, for the same reason), in moving windows.
    """

    def __init__(
        self,
        chat_interval_s: float = 1.0,
        per_group: str = "20/minute",
        overall: str = "28/second",
        max_retries: int = 10,
    ) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._per_group, self._overall = parse(per_group), parse(overall)
        self.chat_interval_s = chat_interval_s
        self.max_retries = max_retries
        self._lock = asyncio.Lock()
        self._chats: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._chat_free_at: dict[str, float] = {}

    async def initialize(self) -> None:
        """Nothing to set up: the windows live in memory."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _acquire(self, windows: list[tuple[RateLimitItem, str]]) -> None:
        """Take a slot in every window at once, or none: a slot held while waiting for another
        window would let messages bunch up after the wait."""
        while True:
            async with self._lock:
                blocked = [w for w in windows if not await self._limiter.test(w[0], w[1])]
                if not blocked:
                    for item, key in windows:
                        await self._limiter.hit(item, key)
                    return
            stats = [await self._limiter.get_window_stats(item, key) for item, key in blocked]
            await asyncio.sleep(max(max(s.reset_time for s in stats) - time.time(), 0.01))

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
            windows.append((self._per_group, f"group:{chat}"))
        async with self._chats[chat]:
            wait = self._chat_free_at.get(chat, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._acquire(windows)
            try:
                return await self._call(callback, args, kwargs, endpoint)
            finally:
                self._chat_free_at[chat] = time.monotonic() + self.chat_interval_s
                if len(self._chat_free_at) > MAX_TRACKED_CHATS:
                    self._forget_idle_chats()

    def _forget_idle_chats(self) -> None:
        """Drop the turn-keeping of chats that are free again, so memory stays bounded."""
        now = time.monotonic()
        for chat, free_at in list(self._chat_free_at.items()):
            if free_at < now and not self._chats[chat].locked():
                del self._chat_free_at[chat]
                del self._chats[chat]

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
                await asyncio.sleep(seconds)
        raise AssertionError("unreachable")
