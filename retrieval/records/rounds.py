"""Report rounds: the templates an office registers, the rounds opened in chats, the files units
send in, and the result of each closed round (the next round's previous period).

Bytes, names and JSON only: reading and consolidating the files is `retrieval.reports`'s work.
A chat holds at most one open round; its files are kept whole, so closing the round can read
them again, and a unit's name as stored is the one the person may correct.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from retrieval.records.schema import Base, utcnow

RoundState = Literal["open", "closed", "cancelled"]


class ReportTemplateRow(Base):
    """A template registered by the office (`vanthu reports template add`)."""

    __tablename__ = "report_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportRoundRow(Base):
    """A round of reports opened in a chat: what is expected, by when, and how it ended."""

    __tablename__ = "report_rounds"
    __table_args__ = (Index("report_rounds_chat", "chat", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat: Mapped[str] = mapped_column(String(150))  # "telegram:-100123"
    private: Mapped[bool] = mapped_column(Boolean)  # opened in a private chat
    title: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    expected: Mapped[list[str]] = mapped_column(JSON, default=list)
    template: Mapped[str | None] = mapped_column(String(200), nullable=True)
    state: Mapped[str] = mapped_column(String(10))
    opened_by: Mapped[str] = mapped_column(String(120))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # What people said about labels matched by similarity: found -> template label, or None.
    labels: Mapped[dict[str, str | None] | None] = mapped_column(JSON, nullable=True)


class ReportFileRow(Base):
    """A file sent in for a round, whole, with the unit it was counted for."""

    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("report_rounds.id", ondelete="CASCADE"), index=True
    )
    unit: Mapped[str | None] = mapped_column(String(300), nullable=True)
    unit_given: Mapped[bool] = mapped_column(Boolean, default=False)  # named by a person
    sender: Mapped[str] = mapped_column(String(120))  # "telegram:123"
    file_name: Mapped[str] = mapped_column(String(300))
    file_type: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class StoredTemplate:
    """A registered template."""

    name: str
    file_name: str
    sha256: str
    data: bytes
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class Round:
    """A round as the handlers and digests read it."""

    id: int
    chat: str
    private: bool
    title: str
    deadline: date | None
    expected: tuple[str, ...]
    template: str | None
    state: RoundState
    opened_by: str
    opened_at: datetime
    labels: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundFile:
    """A file of a round (its bytes only when asked for)."""

    id: int
    round_id: int
    unit: str | None
    unit_given: bool
    sender: str
    file_name: str
    file_type: str
    sha256: str
    received_at: datetime
    data: bytes = b""


@dataclass(frozen=True)
class Progress:
    """Who has reported in a round: expected units in the round's order, and any others."""

    round: Round
    reported: tuple[str, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    files: int


class RoundOpen(Exception):
    """The chat already has an open round."""

    def __init__(self, existing: Round) -> None:
        super().__init__(f"round {existing.id} is open in {existing.chat}")
        self.existing = existing


def _round(row: ReportRoundRow) -> Round:
    state: RoundState = "open"
    if row.state in ("closed", "cancelled"):
        state = "closed" if row.state == "closed" else "cancelled"
    return Round(
        row.id,
        row.chat,
        row.private,
        row.title,
        row.deadline,
        tuple(row.expected or ()),
        row.template,
        state,
        row.opened_by,
        row.opened_at,
        dict(row.labels or {}),
    )


def _file(row: ReportFileRow, with_data: bool) -> RoundFile:
    return RoundFile(
        row.id,
        row.round_id,
        row.unit,
        row.unit_given,
        row.sender,
        row.file_name,
        row.file_type,
        row.sha256,
        row.received_at,
        row.data if with_data else b"",
    )


class ReportStore:
    """Templates, rounds, their files and results (synchronous; call from a worker thread)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # Templates

    def add_template(self, name: str, file_name: str, data: bytes, added_by: str) -> bool:
        """Register a template under a name; True when it replaced one of that name."""
        digest = hashlib.sha256(data).hexdigest()
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(ReportTemplateRow).where(ReportTemplateRow.name == name))
            if row is None:
                session.add(
                    ReportTemplateRow(
                        name=name[:200],
                        file_name=file_name[:300],
                        sha256=digest,
                        data=data,
                        added_by=added_by[:120],
                    )
                )
                return False
            row.file_name, row.sha256, row.data = file_name[:300], digest, data
            row.added_by, row.added_at = added_by[:120], utcnow()
            return True

    def template(self, name: str) -> StoredTemplate | None:
        """The template of this name (exactly, else ignoring case), if registered."""
        with Session(self.engine) as session:
            row = session.scalar(select(ReportTemplateRow).where(ReportTemplateRow.name == name))
            if row is None:
                rows = session.scalars(select(ReportTemplateRow)).all()
                row = next((r for r in rows if r.name.casefold() == name.casefold()), None)
            if row is None:
                return None
            return StoredTemplate(
                row.name, row.file_name, row.sha256, row.data, row.added_by, row.added_at
            )

    def templates(self) -> list[StoredTemplate]:
        """Every registered template by name, without its bytes."""
        with Session(self.engine) as session:
            rows = session.scalars(select(ReportTemplateRow).order_by(ReportTemplateRow.name))
            return [
                StoredTemplate(r.name, r.file_name, r.sha256, b"", r.added_by, r.added_at)
                for r in rows
            ]

    # Rounds

    def open_round(
        self,
        chat: str,
        title: str,
        *,
        private: bool,
        deadline: date | None,
        expected: list[str],
        template: str | None,
        opened_by: str,
    ) -> Round:
        """Open a round in a chat; RoundOpen when one is open there already."""
        with Session(self.engine) as session, session.begin():
            existing = session.scalar(self._open_in(chat))
            if existing is not None:
                raise RoundOpen(_round(existing))
            row = ReportRoundRow(
                chat=chat[:150],
                private=private,
                title=title,
                deadline=deadline,
                expected=list(expected),
                template=template,
                state="open",
                opened_by=opened_by[:120],
            )
            session.add(row)
            session.flush()
            return _round(row)

    @staticmethod
    def _open_in(chat: str) -> Any:
        return (
            select(ReportRoundRow)
            .where(ReportRoundRow.chat == chat, ReportRoundRow.state == "open")
            .order_by(ReportRoundRow.id.desc())
            .limit(1)
        )

    def open_round_in(self, chat: str) -> Round | None:
        """The round open in a chat, if any."""
        with Session(self.engine) as session:
            row = session.scalar(self._open_in(chat))
            return None if row is None else _round(row)

    def get(self, round_id: int) -> Round | None:
        """A round by id."""
        with Session(self.engine) as session:
            row = session.get(ReportRoundRow, round_id)
            return None if row is None else _round(row)

    def open_rounds(self, chat: str | None = None, *, groups_only: bool = False) -> list[Round]:
        """The open rounds of one chat, or of every chat (those opened in group chats only,
        when `groups_only`), the earliest deadline first."""
        statement = select(ReportRoundRow).where(ReportRoundRow.state == "open")
        if chat is not None:
            statement = statement.where(ReportRoundRow.chat == chat)
        if groups_only:
            statement = statement.where(ReportRoundRow.private.is_(False))
        with Session(self.engine) as session:
            rounds = [_round(r) for r in session.scalars(statement.order_by(ReportRoundRow.id))]
        return sorted(rounds, key=lambda r: (r.deadline or date.max, r.id))

    def close(self, round_id: int, result: dict[str, Any]) -> None:
        """Close a round with its result (the consolidation as JSON)."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(ReportRoundRow)
                .where(ReportRoundRow.id == round_id)
                .values(state="closed", result=result, closed_at=utcnow())
            )

    def decide_label(self, round_id: int, found: str, template: str | None) -> None:
        """Keep what a person said about a label: it is the template's `template`, or (None)
        it is none of the template's labels."""
        with Session(self.engine) as session, session.begin():
            row = session.get(ReportRoundRow, round_id)
            if row is not None:
                row.labels = {**(row.labels or {}), found: template}

    def cancel(self, round_id: int) -> None:
        """Cancel a round; its files are kept with it."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(ReportRoundRow)
                .where(ReportRoundRow.id == round_id)
                .values(state="cancelled", closed_at=utcnow())
            )

    def result(self, round_id: int) -> dict[str, Any] | None:
        """The stored result of a closed round."""
        with Session(self.engine) as session:
            row = session.get(ReportRoundRow, round_id)
            return None if row is None else row.result

    def previous_result(self, current: Round) -> dict[str, Any] | None:
        """The result of the last round closed before this one on the same template (a
        registered one by name; without one, the last such round of the same chat)."""
        statement = select(ReportRoundRow.result).where(
            ReportRoundRow.state == "closed", ReportRoundRow.id < current.id
        )
        if current.template is not None:
            statement = statement.where(ReportRoundRow.template == current.template)
        else:
            statement = statement.where(
                ReportRoundRow.template.is_(None), ReportRoundRow.chat == current.chat
            )
        with Session(self.engine) as session:
            found: dict[str, Any] | None = session.scalar(
                statement.order_by(ReportRoundRow.id.desc()).limit(1)
            )
            return found

    # Files

    def add_file(
        self,
        round_id: int,
        *,
        unit: str | None,
        unit_given: bool,
        sender: str,
        file_name: str,
        file_type: str,
        data: bytes,
    ) -> RoundFile:
        """Keep a file sent in for a round."""
        with Session(self.engine) as session, session.begin():
            row = ReportFileRow(
                round_id=round_id,
                unit=None if unit is None else unit[:300],
                unit_given=unit_given,
                sender=sender[:120],
                file_name=file_name[:300],
                file_type=file_type,
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
            session.add(row)
            session.flush()
            return _file(row, with_data=False)

    def set_unit(self, file_id: int, unit: str, *, given: bool = True) -> None:
        """Name the unit a file counts for (a person's correction, or what its reading found)."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(ReportFileRow)
                .where(ReportFileRow.id == file_id)
                .values(unit=unit[:300], unit_given=given)
            )

    def files(self, round_id: int, *, with_data: bool = False) -> list[RoundFile]:
        """The files of a round, the first received first."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(ReportFileRow)
                .where(ReportFileRow.round_id == round_id)
                .order_by(ReportFileRow.received_at, ReportFileRow.id)
            )
            return [_file(row, with_data) for row in rows]

    def first_file(self, round_id: int) -> RoundFile | None:
        """The first file received in a round, with its bytes (the template when the round
        has no registered one)."""
        with Session(self.engine) as session:
            row = session.scalar(
                select(ReportFileRow)
                .where(ReportFileRow.round_id == round_id)
                .order_by(ReportFileRow.received_at, ReportFileRow.id)
                .limit(1)
            )
            return None if row is None else _file(row, with_data=True)

    def last_file_of(self, round_id: int, sender: str) -> RoundFile | None:
        """The file this sender sent last in a round, with its bytes."""
        with Session(self.engine) as session:
            row = session.scalar(
                select(ReportFileRow)
                .where(ReportFileRow.round_id == round_id, ReportFileRow.sender == sender)
                .order_by(ReportFileRow.id.desc())
                .limit(1)
            )
            return None if row is None else _file(row, with_data=True)

    def progress(self, current: Round) -> Progress:
        """Which expected units have sent a file, which have not, and who else sent one."""
        files = self.files(current.id)
        units = list(dict.fromkeys(f.unit for f in files if f.unit))
        folded = {u.casefold() for u in units}
        reported = tuple(u for u in current.expected if u.casefold() in folded)
        missing = tuple(u for u in current.expected if u.casefold() not in folded)
        expected = {u.casefold() for u in current.expected}
        unexpected = tuple(u for u in units if u.casefold() not in expected)
        return Progress(current, reported, missing, unexpected, len(files))
