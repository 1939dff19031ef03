"""What happened, stored for the digests: questions asked and the feedback on their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, select
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


class FeedbackEvent(EventBase):
    """One person's verdict on one answer; a later click replaces an earlier one."""

    __tablename__ = "feedback_events"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("question_events.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    useful: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


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
