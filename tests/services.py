"""Services for the tests, built from real parts the way the bot's wiring builds them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from handlers.publish import DigestPublisher
from handlers.services import (
    AnswerWriter,
    FileLimits,
    FileSummarizer,
    NoModel,
    RateLimit,
    Services,
)
from retrieval.access.control import AccessControl, UnknownPolicy
from retrieval.answers.extractive import AnswerPolicy
from retrieval.records.audit import AuditLog
from retrieval.records.events import EventLog
from retrieval.records.offered import PendingFiles
from retrieval.records.rounds import ReportStore
from retrieval.search.library import Library
from scheduler.runner import DigestRunner, Publisher


class Unlimited:
    """No message limit (the tests that measure the limit build a real one)."""

    async def allow(self, platform: str, user_id: str) -> bool:
        """Every message passes."""
        return True

    async def first_refusal(self, platform: str, user_id: str) -> bool:
        """Never refused."""
        return False


def make_services(
    library: Library,
    engine: Engine | None = None,
    *,
    publisher: Publisher | None = None,
    unknown: UnknownPolicy = "refuse",
    writer: AnswerWriter | None = None,
    summarizer: FileSummarizer | None = None,
    user_limit: RateLimit | None = None,
    files: FileLimits | None = None,
    holder: str = "test",
    admins: Iterable[str] = (),
    people: Engine | None = None,
) -> Services:
    """Services over a library; the records and digests in `engine` (the library's database
    when not given), people and readers in `people` (`engine` when not given); `admins` as the
    settings name them."""
    engine = engine or library.engine
    access = AccessControl(people or engine, unknown=unknown)
    access.bootstrap_admins(list(admins))
    return Services(
        library=library,
        access=access,
        events=EventLog(engine),
        audit=AuditLog(engine),
        offered=PendingFiles(engine),
        reports=ReportStore(engine),
        digests=DigestRunner(
            engine,
            publisher or DigestPublisher(),
            holder,
            readable=access.channel_readable,
            quotable=access.channel_sources,
        ),
        policy=AnswerPolicy(),
        writer=writer or NoModel(),
        summarizer=summarizer or NoModel(),
        user_limit=user_limit or Unlimited(),
        files=files or FileLimits(),
    )


def open_office(services: Services, staff: Iterable[str], public: Iterable[str] = ("mau",)) -> None:
    """Set the office up as README tells an IT officer: people given the staff role, the
    sample collection labelled public."""
    for identity in staff:
        services.access.grant_role(identity, "staff")
    for collection in public:
        if services.access.is_collection(collection):
            services.access.label(collection, "public")
