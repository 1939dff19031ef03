"""The audit log: who asked what where, which documents were shown, what changed, what was sent.

Append-only: rows are added and, past the retention time, deleted in bulk; nothing edits them.
Text in it has personal data masked by the caller (see `retrieval.privacy`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import JSON, Integer, String, Text, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, utcnow

ACTIONS = (
    "question",
    "file",
    "summary",
    "ingest",
    "remove",
    "access",
    "digest_sent",
    "digest_subscription",
    "report",  # a report round opened, a file counted, a unit corrected, the round closed
    "report_template",
)


class AuditRow(Base):
    """One audited action."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120), index=True)  # "telegram:123", "cli:root"
    chat: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(30))
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    detail: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Entry:
    """An audit entry as callers write and read it."""

    actor: str
    action: str
    chat: str = ""
    documents: list[str] = field(default_factory=list)
    detail: str = ""
    at: datetime | None = None


class AuditLog:
    """Writes and queries the audit log (synchronous; call from a worker thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, entry: Entry) -> None:
        """Append one entry."""
        if entry.action not in ACTIONS:
            raise ValueError(f"unknown audit action {entry.action!r}")
        with Session(self.engine) as session, session.begin():
            session.add(
                AuditRow(
                    at=(entry.at or utcnow()).astimezone(UTC),
                    actor=entry.actor[:120],
                    chat=entry.chat[:120],
                    action=entry.action,
                    documents=entry.documents,
                    detail=entry.detail[:2000],
                )
            )

    def query(
        self,
        *,
        person: str | Sequence[str] | None = None,
        document: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 10_000,
    ) -> list[Entry]:
        """Entries oldest first, filtered by actor (one account or all of a person's), by a
        document (substring of a cited source or title) and by time [since, until)."""
        statement = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if person:
            actors = [person] if isinstance(person, str) else list(person)
            statement = statement.where(AuditRow.actor.in_(actors))
        if since:
            statement = statement.where(AuditRow.at >= since.astimezone(UTC))
        if until:
            statement = statement.where(AuditRow.at < until.astimezone(UTC))
        needle = (document or "").lower()
        found: list[Entry] = []
        with Session(self.engine) as session:
            for row in session.scalars(statement):
                if needle and not any(needle in d.lower() for d in row.documents or []):
                    continue
                at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
                found.append(
                    Entry(
                        row.actor, row.action, row.chat, list(row.documents or []), row.detail, at
                    )
                )
                if len(found) >= limit:
                    break
        return found

    def purge(self, before: datetime) -> int:
        """Delete entries older than the retention time; returns how many."""
        with Session(self.engine) as session, session.begin():
            result = session.execute(delete(AuditRow).where(AuditRow.at < before.astimezone(UTC)))
            return int(result.rowcount)  # type: ignore[attr-defined]


def document_label(title: str, number: str | None, source: str) -> str:
    """How the log names a document: title, number and symbol, and file."""
    return f"{title}{f' ({number})' if number else ''} | {source}"


def to_csv(entries: list[Entry]) -> str:
    """Entries as CSV with a header row (documents joined by " | ")."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["time_utc", "actor", "chat", "action", "documents", "detail"])
    for entry in entries:
        at = entry.at.isoformat() if entry.at else ""
        writer.writerow(
            [at, entry.actor, entry.chat, entry.action, " | ".join(entry.documents), entry.detail]
        )
    return out.getvalue()
