"""What happened, stored for the digests: questions, feedback, summaries, library changes.

Written here; read a period at a time by `retrieval.records.period`.

Only what a digest needs is kept: the question text (for the list of questions the documents
could not answer) and its topic terms, never the answers or other people's messages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    delete,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, utcnow


class QuestionEvent(Base):
    """A question and whether the documents covered it; the text is kept for the gap list."""

    __tablename__ = "question_events"
    __table_args__ = (Index("question_events_chat", "platform", "chat_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(5))
    question: Mapped[str] = mapped_column(Text)
    covered: Mapped[bool] = mapped_column(Boolean)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)


class FeedbackEvent(Base):
    """One person's verdict on one answer; a later click replaces an earlier one."""

    __tablename__ = "feedback_events"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    useful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SummaryEvent(Base):
    """A file summarized in a chat: what it is, for the digest's one-line list."""

    __tablename__ = "summary_events"
    __table_args__ = (Index("summary_events_chat", "platform", "chat_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    issuer: Mapped[str | None] = mapped_column(Text, nullable=True)
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeadlineEvent(Base):
    """A deadline found in a summarized file; `due` is None when it could not be resolved."""

    __tablename__ = "deadline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    summary_id: Mapped[int] = mapped_column(
        ForeignKey("summary_events.id", ondelete="CASCADE"), index=True
    )
    due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)


class DocumentEvent(Base):
    """A document added to, changed in or removed from the library."""

    __tablename__ = "document_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(10))  # added, changed, removed
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    collection: Mapped[str] = mapped_column(String(100))


@dataclass(frozen=True)
class Deadline:
    """A deadline as a summary reports it."""

    text: str
    due: date | None = None


@dataclass(frozen=True)
class Summarized:
    """A summarized file as the handlers report it."""

    platform: str
    chat_id: str
    user_id: str
    title: str
    number: str | None = None
    issuer: str | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    summary: str | None = None  # the gist and key points, personal data masked


@dataclass(frozen=True)
class Changed:
    """A library change as the command line or an admin command reports it."""

    action: str
    title: str
    collection: str
    number: str | None = None


@dataclass(frozen=True)
class Asked:
    """A question as the handlers report it."""

    platform: str
    chat_id: str
    user_id: str
    language: str
    question: str
    covered: bool
    documents: list[str]
    terms: list[str] = field(default_factory=list)


class EventLog:
    """Records events in the shared database (synchronous; call it from a worker thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record_question(self, asked: Asked) -> int:
        """Store a question and return its id, which feedback refers to."""
        with Session(self.engine) as session, session.begin():
            row = QuestionEvent(**asdict(asked))  # the same names, field for column
            session.add(row)
            session.flush()
            return row.id

    def record_feedback(self, question_id: int, user_id: str, *, useful: bool) -> bool:
        """Store a verdict; False when the question is unknown (a forged or stale button)."""
        with Session(self.engine) as session, session.begin():
            if session.get(QuestionEvent, question_id) is None:
                return False
            row = session.get(FeedbackEvent, (question_id, user_id))
            if row is None:
                session.add(FeedbackEvent(question_id=question_id, user_id=user_id, useful=useful))
            else:
                row.useful, row.at = useful, utcnow()
            return True

    def asked(self, question_id: int) -> Asked | None:
        """The question an answer's buttons refer to, or None (a forged or stale button)."""
        with Session(self.engine) as session:
            row = session.get(QuestionEvent, question_id)
            if row is None:
                return None
            return Asked(**{column.name: getattr(row, column.name) for column in fields(Asked)})

    def awaiting_verdict(
        self, platform: str, chat_id: str, user_id: str, since: datetime
    ) -> int | None:
        """The person's latest question in a chat since `since`, unless they already judged
        its answer: what a reply "1" or "0" refers to on a platform without buttons."""
        with Session(self.engine) as session:
            latest = session.scalars(
                select(QuestionEvent.id)
                .where(
                    QuestionEvent.platform == platform,
                    QuestionEvent.chat_id == chat_id,
                    QuestionEvent.at >= since,
                    QuestionEvent.user_id == user_id,
                )
                .order_by(QuestionEvent.id.desc())
                .limit(1)
            ).first()
            if latest is None or session.get(FeedbackEvent, (latest, user_id)) is not None:
                return None
            return latest

    def feedback(self, question_id: int) -> dict[str, bool]:
        """The verdicts on one answer, by person."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(FeedbackEvent).where(FeedbackEvent.question_id == question_id)
            )
            return {row.user_id: row.useful for row in rows}

    def questions(self) -> list[QuestionEvent]:
        """Every stored question, oldest first."""
        with Session(self.engine) as session:
            return list(session.scalars(select(QuestionEvent).order_by(QuestionEvent.id)))

    def record_summary(self, summarized: Summarized) -> int:
        """Store a summarized file and its deadlines."""
        with Session(self.engine) as session, session.begin():
            row = SummaryEvent(
                platform=summarized.platform,
                chat_id=summarized.chat_id,
                user_id=summarized.user_id,
                title=summarized.title,
                number=summarized.number,
                issuer=summarized.issuer,
                summary=summarized.summary,
            )
            session.add(row)
            session.flush()
            for deadline in summarized.deadlines:
                session.add(DeadlineEvent(summary_id=row.id, due=deadline.due, text=deadline.text))
            return row.id

    def record_change(self, changed: Changed) -> None:
        """Store a library change."""
        with Session(self.engine) as session, session.begin():
            session.add(
                DocumentEvent(
                    action=changed.action,
                    title=changed.title,
                    number=changed.number,
                    collection=changed.collection,
                )
            )

    def purge(self, before: datetime) -> int:
        """Delete events older than a moment (the retention setting); returns rows removed."""
        removed = 0
        with Session(self.engine) as session, session.begin():
            for table in (QuestionEvent, SummaryEvent, DocumentEvent):
                result = session.execute(delete(table).where(table.at < before))
                removed += int(result.rowcount)  # type: ignore[attr-defined]
        return removed
