"""What the handlers need from the rest of the system, built once by the bot."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from handlers.types import IncomingMessage
from retrieval.access.control import AccessControl
from retrieval.answers.extractive import AnswerPolicy
from retrieval.answers.generated import LlmAnswerer
from retrieval.records.audit import AuditLog, Entry
from retrieval.records.events import EventLog
from retrieval.records.offered import PendingFiles
from retrieval.search.library import Library
from retrieval.summaries.generated import LlmSummarizer
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
    summarizer: LlmSummarizer | None = None  # an LLM summary of forwarded files, when configured
    top_k: int = 5
    events: EventLog | None = None
    audit: AuditLog | None = None
    user_limit: UserRateLimit | None = None
    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    parse_timeout_s: float = 30.0  # a forwarded file is parsed in a child process within these
    parse_memory_mb: int = 1024
    digests: DigestRunner | None = None
    # Who may read what; None only where every message comes from the operator (console, tests).
    access: AccessControl | None = None
    pending: PendingFiles | None = None  # summarized files an admin may add to the library
    # CPU-bound work (search, parsing) runs in threads, at most one per core, so the event loop
    # that talks to the platforms is never starved of the interpreter.
    cpu_slots: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(os.cpu_count() or 2)
    )

    async def log_audit(
        self,
        message: IncomingMessage,
        action: str,
        detail: str = "",
        documents: Sequence[str] = (),
    ) -> None:
        """Append an audit entry for what a message did (when an audit log is configured)."""
        if self.audit is None:
            return
        entry = Entry(
            actor=f"{message.platform}:{message.user_id}",
            action=action,
            chat=f"{message.platform}:{message.chat_id}",
            documents=list(documents),
            detail=detail,
        )
        await asyncio.to_thread(self.audit.record, entry)

    async def run_cpu(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound work in a worker thread, within the per-core budget."""
        async with self.cpu_slots:
            return await asyncio.to_thread(work, *args, **kwargs)
