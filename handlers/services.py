"""What the handlers need, built once by the bot's wiring: every part is present.

A feature an office has not configured is an object that says so (no model: `NoModel`, which
writes nothing and leaves the extractive answer and summary in place), never a None the
handlers must check.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ParamSpec, Protocol, TypeVar

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from handlers.progress import EDIT_INTERVAL_S
from handlers.types import IncomingMessage
from retrieval.access.control import AccessControl
from retrieval.answers.extractive import Answer, AnswerPolicy
from retrieval.documents.ocr import OcrOptions
from retrieval.records.audit import AuditLog, Entry
from retrieval.records.events import EventLog
from retrieval.records.offered import PendingFiles
from retrieval.records.rounds import ReportStore
from retrieval.search.library import Library
from retrieval.search.threads import hold_threads
from scheduler.runner import DigestRunner


class AnswerWriter(Protocol):
    """Writes an answer from its quotes (a language model), or None to keep the quotes."""

    def generate(self, answer: Answer) -> str | None:
        """A cited answer, or None."""
        ...


class FileSummarizer(Protocol):
    """Writes a summary of a file's text (a language model), or None to keep the extract."""

    def summarize(self, text: str, *, language: str = "vi") -> str | None:
        """A summary, or None."""
        ...


class NoModel:
    """No language model is configured: answers and summaries stay extractive."""

    def generate(self, answer: Answer) -> str | None:
        """Nothing: the extractive answer stands."""
        return None

    def summarize(self, text: str, *, language: str = "vi") -> str | None:
        """Nothing: the extractive summary stands."""
        return None


class RateLimit(Protocol):
    """How many messages a person may send."""

    async def allow(self, platform: str, user_id: str) -> bool:
        """Count one message; False when the person is over the limit."""
        ...

    async def first_refusal(self, platform: str, user_id: str) -> bool:
        """True the first time in a window a person is refused."""
        ...


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


@dataclass(frozen=True)
class FileLimits:
    """How much of a forwarded file is read, and the child process that reads it."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 2000
    parse_timeout_s: float = 30.0
    parse_memory_mb: int = 1024
    ocr: OcrOptions | None = None  # None: scans and photos are not read


P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Services:
    """The library, who may read what, the records the bot keeps, digests, and the limits."""

    library: Library
    access: AccessControl
    events: EventLog
    audit: AuditLog
    offered: PendingFiles  # summarized files an admin may add to the library
    reports: ReportStore  # report templates, rounds and the files units send in
    digests: DigestRunner
    policy: AnswerPolicy
    writer: AnswerWriter
    summarizer: FileSummarizer
    user_limit: RateLimit
    files: FileLimits
    top_k: int = 5
    # CPU-bound work (search, parsing) runs in threads, at most one per core, so the event loop
    # that talks to the platforms is never starved of the interpreter.
    cpu_slots: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(os.cpu_count() or 2)
    )
    cpu_threads: int = 0  # threads of the numeric libraries in each worker (0: every core)
    status_interval_s: float = EDIT_INTERVAL_S  # the least time between edits of a status line

    async def log_audit(
        self,
        message: IncomingMessage,
        action: str,
        detail: str = "",
        documents: Sequence[str] = (),
    ) -> None:
        """Append an audit entry for what a message did."""
        entry = Entry(
            actor=f"{message.platform}:{message.user_id}",
            action=action,
            chat=f"{message.platform}:{message.chat_id}",
            documents=list(documents),
            detail=detail,
        )
        await asyncio.to_thread(self.audit.record, entry)

    async def run_cpu(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-bound work in a worker thread, within the per-core budget, its numeric
        libraries held to `cpu_threads`."""

        def held() -> T:
            hold_threads(self.cpu_threads)
            return work(*args, **kwargs)

        async with self.cpu_slots:
            return await asyncio.to_thread(held)
