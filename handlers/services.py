"""What the handlers need from the rest of the system, built once by the bot."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from retrieval.answer import AnswerPolicy
from retrieval.library import Library
from retrieval.llm import LlmAnswerer
from scheduler.audit import AuditLog
from scheduler.events import EventLog
from scheduler.runner import DigestRunner


class UserRateLimit:
    """At most `rate` messages per person (e.g. "20/minute"); Redis storage shares it."""

    def __init__(self, rate: str = "20/minute", storage_url: str = "memory://") -> None:
        self.item: RateLimitItem = parse(rate)
        self._warning: RateLimitItem = parse(f"1 per {self.item.get_expiry()} seconds")
        storage = storage_from_string(f"async+{storage_url}")
        self._limiter = MovingWindowRateLimiter(storage)

    async def allow(self, platform: str, user_id: str) -> bool:
        """Count one message; False when the person is over the limit."""
        return await self._limiter.hit(self.item, platform, user_id)

    async def first_refusal(self, platform: str, user_id: str) -> bool:
        """True once per window: the person hears about the limit once, not per message,
        so a flood of messages is not answered by a flood of refusals."""
        return await self._limiter.hit(self._warning, "warned", platform, user_id)


P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Services:
    """The library, the answer policy, the optional LLM and the event log, shared by handlers."""

    library: Library
    policy: AnswerPolicy = field(default_factory=AnswerPolicy)
    llm: LlmAnswerer | None = None
    top_k: int = 5
    events: EventLog | None = None
    audit: AuditLog | None = None
    user_limit: UserRateLimit | None = None
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    digests: DigestRunner | None = None
    digest_managers: frozenset[str] = frozenset()  # "telegram:123", "slack:U123"
    # CPU-bound work (search, parsing) runs in threads, at most one per core, so the event loop
    # that talks to the platforms is never starved of the interpreter.
    cpu_slots: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(os.cpu_count() or 2)
    )

    async def run_cpu(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound work in a worker thread, within the per-core budget."""
        async with self.cpu_slots:
            return await asyncio.to_thread(work, *args, **kwargs)
