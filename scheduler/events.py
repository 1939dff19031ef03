"""What happened, stored for the digests: questions, feedback, summaries, library changes.

Only what a digest needs is kept: the question text (for the list of questions the documents
could not answer) and its topic terms, never the answers or other people's messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


def _now() -> datetime:
    return datetime.now(UTC)


class EventBase(DeclarativeBase):
    """Tables of the event log, created in the same database as the library."""


class QuestionEvent(EventBase):
    """A question and whether the documents covered it; the text is kept for the gap list."""

    __tablename__ = "question_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(5))
    question: Mapped[str] = mapped_column(Text)
    covered: Mapped[bool] = mapped_column(Boolean)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)


class FeedbackEvent(EventBase):
    """One person's verdict on one answer; a later click replaces an earlier one."""

    __tablename__ = "feedback_events"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    useful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SummaryEvent(EventBase):
    """A file summarized in a chat: what it is, for the digest's one-line list."""

    __tablename__ = "summary_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    issuer: Mapped[str | None] = mapped_column(Text, nullable=True)


class DeadlineEvent(EventBase):
    """A deadline found in a summarized file; `due` is None when it could not be resolved."""

    __tablename__ = "deadline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    summary_id: Mapped[int] = mapped_column(
        ForeignKey("summary_events.id", ondelete="CASCADE"), index=True
    )
    due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    text: Mapped[str] = mapped_column(Text)


class DocumentEvent(EventBase):
    """A document added to, changed in or removed from the library."""

    __tablename__ = "document_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
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


@dataclass(frozen=True)
class Changed:
    """A library change as the command line or an admin command reports it."""

    action: str
    title: str
    collection: str
    number: str | None = None


@dataclass(frozen=True)
class QuestionRow:
    """What a digest reads of a question."""

    at: datetime
    covered: bool
    question: str
    terms: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class SummaryRow:
    """What a digest reads of a summarized file."""

    at: datetime
    title: str
    number: str | None
    issuer: str | None


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline with the document it comes from."""

    due: date
    text: str
    title: str
    number: str | None


@dataclass(frozen=True)
class DocumentRow:
    """What a digest reads of a library change."""

    at: datetime
    action: str
    title: str
    number: str | None
    collection: str


@dataclass(frozen=True)
class Counts:
    """Activity in a period, for the change against the previous one."""

    questions: int = 0
    not_covered: int = 0
    summaries: int = 0
    documents: int = 0
    useful: int = 0
    not_useful: int = 0


@dataclass(frozen=True)
class EventWindow:
    """The events of one period, as plain rows, plus the previous period's counts."""

    start: datetime
    end: datetime
    questions: list[QuestionRow]
    summaries: list[SummaryRow]
    documents: list[DocumentRow]
    deadlines: list[DeadlineRow]
    counts: Counts
    previous: Counts
    # Questions of the days before a short period, so a daily digest can chart a week.
    earlier: list[QuestionRow] = field(default_factory=list)


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
        EventBase.metadata.create_all(engine)

    def record_question(self, asked: Asked) -> int:
        """Store a question and return its id, which feedback refers to."""
        with Session(self.engine) as session, session.begin():
            row = QuestionEvent(
                platform=asked.platform,
                chat_id=asked.chat_id,
                user_id=asked.user_id,
                language=asked.language,
                question=asked.question,
                covered=asked.covered,
                documents=asked.documents,
                terms=asked.terms,
            )
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
                row.useful, row.at = useful, _now()
            return True

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

    def counts(self, start: datetime, end: datetime) -> Counts:
        """Activity counts in [start, end), computed in the database."""
        # SQLite keeps wall-clock times without their zone: compare everything in UTC.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        with Session(self.engine) as session:
            asked, missed = session.execute(
                select(
                    func.count(QuestionEvent.id),
                    func.count(QuestionEvent.id).filter(QuestionEvent.covered.is_(False)),
                ).where(QuestionEvent.at >= start, QuestionEvent.at < end)
            ).one()
            summaries = session.scalar(
                select(func.count(SummaryEvent.id)).where(
                    SummaryEvent.at >= start, SummaryEvent.at < end
                )
            )
            documents = session.scalar(
                select(func.count(DocumentEvent.id)).where(
                    DocumentEvent.at >= start, DocumentEvent.at < end
                )
            )
            useful, not_useful = session.execute(
                select(
                    func.count().filter(FeedbackEvent.useful.is_(True)),
                    func.count().filter(FeedbackEvent.useful.is_(False)),
                ).where(FeedbackEvent.at >= start, FeedbackEvent.at < end)
            ).one()
        return Counts(asked, missed, summaries or 0, documents or 0, useful, not_useful)

    def window(
        self,
        start: datetime,
        end: datetime,
        deadline_days: int = 7,
        timezone: str = "Asia/Ho_Chi_Minh",
        chart_days: int = 7,
    ) -> EventWindow:
        """Everything a digest of [start, end) needs; deadlines from end's local date on."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        with Session(self.engine) as session:
            questions = [
                QuestionRow(at, covered, question, tuple(terms or ()), language)
                for at, covered, question, terms, language in session.execute(
                    select(
                        QuestionEvent.at,
                        QuestionEvent.covered,
                        QuestionEvent.question,
                        QuestionEvent.terms,
                        QuestionEvent.language,
                    )
                    .where(QuestionEvent.at >= start, QuestionEvent.at < end)
                    .order_by(QuestionEvent.at)
                )
            ]
            summaries = [
                SummaryRow(*row)
                for row in session.execute(
                    select(
                        SummaryEvent.at,
                        SummaryEvent.title,
                        SummaryEvent.number,
                        SummaryEvent.issuer,
                    )
                    .where(SummaryEvent.at >= start, SummaryEvent.at < end)
                    .order_by(SummaryEvent.at)
                )
            ]
            documents = [
                DocumentRow(*row)
                for row in session.execute(
                    select(
                        DocumentEvent.at,
                        DocumentEvent.action,
                        DocumentEvent.title,
                        DocumentEvent.number,
                        DocumentEvent.collection,
                    )
                    .where(DocumentEvent.at >= start, DocumentEvent.at < end)
                    .order_by(DocumentEvent.at)
                )
            ]
            first = end.astimezone(ZoneInfo(timezone)).date()
            last = date.fromordinal(first.toordinal() + deadline_days)
            deadlines = [
                DeadlineRow(due, text, title, number)
                for due, text, title, number in session.execute(
                    select(
                        DeadlineEvent.due,
                        DeadlineEvent.text,
                        SummaryEvent.title,
                        SummaryEvent.number,
                    )
                    .join(SummaryEvent, SummaryEvent.id == DeadlineEvent.summary_id)
                    .where(DeadlineEvent.due >= first, DeadlineEvent.due <= last)
                    .order_by(DeadlineEvent.due)
                )
                if due is not None
            ]
        previous = self.counts(start - (end - start), start)
        return EventWindow(
            start,
            end,
            questions,
            summaries,
            documents,
            deadlines,
            self.counts(start, end),
            previous,
        )

    def purge(self, before: datetime) -> int:
        """Delete events older than a moment (the retention setting); returns rows removed."""
        removed = 0
        with Session(self.engine) as session, session.begin():
            for table in (QuestionEvent, SummaryEvent, DocumentEvent):
                result = session.execute(delete(table).where(table.at < before))
                removed += int(result.rowcount)  # type: ignore[attr-defined]
        return removed
