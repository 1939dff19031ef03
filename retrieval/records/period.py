"""Reading the records of a period for a digest: one row per question wording, counts in the
database, the daily series, summaries, deadlines and library changes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Boolean,
    Text,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from retrieval.records.events import (
    DeadlineEvent,
    DocumentEvent,
    FeedbackEvent,
    QuestionEvent,
    SummaryEvent,
)
from retrieval.records.rounds import Progress, ReportStore


@dataclass(frozen=True)
class QuestionRow:
    """What a digest reads of the questions asked in one wording: the text, its topic terms,
    how often it was asked and not answered, and when it was first and last asked (and last
    not answered). The event log keeps one event per question; a period reads them this way,
    counted in the database, so a digest of many questions reads each wording once."""

    question: str
    terms: tuple[str, ...]
    asked: int
    missed: int
    first: datetime
    last: datetime
    last_missed: datetime | None = None


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
    """The events of one period, as plain rows, plus the previous period's counts.

    `questions` come one per wording, the first asked first; `daily` has the questions and
    the not-answered ones per local day (in `timezone`) of the period, or of the last
    `chart_days` days for a shorter period, so a daily digest can chart a week."""

    start: datetime
    end: datetime
    questions: list[QuestionRow]
    summaries: list[SummaryRow]
    documents: list[DocumentRow]
    deadlines: list[DeadlineRow]
    counts: Counts
    previous: Counts
    timezone: str = "Asia/Ho_Chi_Minh"
    daily: list[tuple[date, int, int]] = field(default_factory=list)
    marked_wrong: list[str] = field(default_factory=list)  # questions whose answer got a 👎
    rounds: list[Progress] = field(default_factory=list)  # report rounds open, not yet due


def read_window(
    engine: Engine,
    start: datetime,
    end: datetime,
    deadline_days: int = 7,
    timezone: str = "Asia/Ho_Chi_Minh",
    chart_days: int = 7,
    chat: tuple[str, str] | None = None,
    collections: frozenset[str] | None = None,
    quotable: frozenset[str] | None = None,
) -> EventWindow:
    """Everything a digest of [start, end) needs; deadlines from end's local date on, days
    local to `timezone`, and at least `chart_days` days in the daily series. With `chat`
    (platform, chat id), only that chat's questions and files; otherwise the whole office's.
    With `collections`, library changes of those collections only. With `quotable` (the
    documents a channel may read), an office-wide window lists only the questions asked in
    group chats whose answers quoted nothing else: the others are counted, never quoted.

    Questions are counted in the database, one row per wording, so a long period reads
    thousands of rows, not one per question asked."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    zone = ZoneInfo(timezone)
    with engine.connect() as connection:
        questions = _questions(connection, start, end, chat, quotable)
        since = min(start, end - timedelta(days=chart_days))
        daily = _daily(connection, since, end, zone, chat)
        in_chat = _summaries_in(chat)
        summaries = [
            SummaryRow(*row)
            for row in connection.execute(
                select(
                    SummaryEvent.at,
                    SummaryEvent.title,
                    SummaryEvent.number,
                    SummaryEvent.issuer,
                )
                .where(SummaryEvent.at >= start, SummaryEvent.at < end, *in_chat)
                .order_by(SummaryEvent.at)
            )
        ]
        documents = [
            DocumentRow(*row)
            for row in connection.execute(
                select(
                    DocumentEvent.at,
                    DocumentEvent.action,
                    DocumentEvent.title,
                    DocumentEvent.number,
                    DocumentEvent.collection,
                )
                .where(
                    DocumentEvent.at >= start,
                    DocumentEvent.at < end,
                    *(
                        []
                        if collections is None
                        else [DocumentEvent.collection.in_(sorted(collections))]
                    ),
                )
                .order_by(DocumentEvent.at)
            )
        ]
        first = end.astimezone(zone).date()
        last = date.fromordinal(first.toordinal() + deadline_days)
        deadlines = [
            DeadlineRow(due, text, title, number)
            for due, text, title, number in connection.execute(
                select(
                    DeadlineEvent.due,
                    DeadlineEvent.text,
                    SummaryEvent.title,
                    SummaryEvent.number,
                )
                .join(SummaryEvent, SummaryEvent.id == DeadlineEvent.summary_id)
                .where(DeadlineEvent.due >= first, DeadlineEvent.due <= last, *in_chat)
                .order_by(DeadlineEvent.due)
            )
            if due is not None
        ]
        asked = (sum(row.asked for row in questions), sum(row.missed for row in questions))
        counts = _counts(
            connection, start, end, chat, asked if quotable is None else None, collections
        )
        previous = _counts(connection, start - (end - start), start, chat, None, collections)
        marked_wrong = _marked_wrong(connection, start, end, chat, quotable)
    return EventWindow(
        start,
        end,
        questions,
        summaries,
        documents,
        deadlines,
        counts,
        previous,
        timezone,
        daily,
        marked_wrong,
        open_rounds(engine, first, chat),
    )


def open_rounds(engine: Engine, today: date, chat: tuple[str, str] | None) -> list[Progress]:
    """The report rounds still open on `today` (due today or later, or without a deadline) and
    who has reported: of one chat, or (for the office) those opened in group chats, as an
    office digest quotes only what was said in groups."""
    store = ReportStore(engine)
    where = None if chat is None else f"{chat[0]}:{chat[1]}"
    rounds = store.open_rounds(where, groups_only=chat is None)
    return [
        store.progress(found)
        for found in rounds
        if found.deadline is None or found.deadline >= today
    ]


_WHOLE_TABLE_SHARE = 0.5
"""From which share of the stored questions a period's questions are read by scanning the
table rather than through the index on their time (SQLite only; see `_asked_in`)."""


def _asked_in(
    connection: Connection,
    start: datetime,
    end: datetime,
    chat: tuple[str, str] | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions that select the questions of [start, end) (of one chat, when given).

    SQLite, lacking statistics, always reads a time range through the index on `at`: one
    table lookup per question, in time order, which is not the order of the table when events
    were stored late or imported. When the period holds most of the table (a 60-day digest
    over 60 days of events) reading the whole table as it lies is up to several times faster,
    and `likely()` tells the planner so; two counts on the index alone decide.
    """
    after, before = QuestionEvent.at >= start, QuestionEvent.at < end
    if chat is not None:
        return [after, before, QuestionEvent.platform == chat[0], QuestionEvent.chat_id == chat[1]]
    if connection.dialect.name != "sqlite":
        return [after, before]
    inside = (
        connection.scalar(select(func.count()).select_from(QuestionEvent).where(after, before)) or 0
    )
    stored = connection.scalar(select(func.count()).select_from(QuestionEvent)) or 0
    if inside < _WHOLE_TABLE_SHARE * stored:
        return [after, before]
    return [func.likely(after, type_=Boolean), func.likely(before, type_=Boolean)]


def _summaries_in(chat: tuple[str, str] | None) -> list[ColumnElement[bool]]:
    """The condition that keeps one chat's summaries (none: the whole office's)."""
    if chat is None:
        return []
    return [SummaryEvent.platform == chat[0], SummaryEvent.chat_id == chat[1]]


# A private chat: Telegram's has the asker's id, Slack's direct messages start with D.
_PRIVATE = or_(
    QuestionEvent.chat_id == QuestionEvent.user_id,
    and_(QuestionEvent.platform == "slack", QuestionEvent.chat_id.like("D%")),
    QuestionEvent.platform == "console",
)


def _questions(
    connection: Connection,
    start: datetime,
    end: datetime,
    chat: tuple[str, str] | None,
    quotable: frozenset[str] | None = None,
) -> list[QuestionRow]:
    """The questions of [start, end), one row per wording and term set, first asked first;
    with `quotable`, only those of group chats whose answers quoted no other document."""
    terms = cast(QuestionEvent.terms, Text)  # the stored JSON, decoded once per distinct text
    missed = QuestionEvent.covered.is_(False)
    kept: list[ColumnElement[Any]] = []
    if quotable is not None:  # what each was answered from, and whether it was asked privately
        kept = [cast(QuestionEvent.documents, Text), _PRIVATE]
    rows = connection.execute(
        select(
            QuestionEvent.question,
            terms,
            func.count(),
            func.count().filter(missed),
            func.min(QuestionEvent.at),
            func.max(QuestionEvent.at),
            func.max(QuestionEvent.at).filter(missed),
            *kept,
        )
        .where(*_asked_in(connection, start, end, chat))
        .group_by(QuestionEvent.question, terms, *kept)
    )
    decoded: dict[str | None, tuple[str, ...]] = {}
    merged: dict[tuple[str, tuple[str, ...]], QuestionRow] = {}
    for question, stored, asked, not_covered, first, last, last_missed, *scope in rows:
        if quotable is not None and (scope[1] or not set(_decode(scope[0]) or ()) <= quotable):
            continue
        key = decoded.get(stored)
        if key is None:
            key = decoded[stored] = tuple(_decode(stored) or ()) if stored else ()
        row = QuestionRow(question, key, asked, not_covered, first, last, last_missed)
        merged[question, key] = (
            _merge(merged[question, key], row) if (question, key) in merged else row
        )
    questions = list(merged.values())
    # Sorted here rather than in the database, which would sort all of them once more.
    questions.sort(key=_first_asked)
    return questions


def _marked_wrong(
    connection: Connection,
    start: datetime,
    end: datetime,
    chat: tuple[str, str] | None,
    quotable: frozenset[str] | None,
) -> list[str]:
    """The questions whose answers were marked wrong in [start, end), each once, first marked
    first; with `quotable`, only those the window may quote (see `_questions`)."""
    in_chat = (
        []
        if chat is None
        else [QuestionEvent.platform == chat[0], QuestionEvent.chat_id == chat[1]]
    )
    rows = connection.execute(
        select(QuestionEvent.question, cast(QuestionEvent.documents, Text), _PRIVATE)
        .join(FeedbackEvent, FeedbackEvent.question_id == QuestionEvent.id)
        .where(
            FeedbackEvent.at >= start,
            FeedbackEvent.at < end,
            FeedbackEvent.useful.is_(False),
            *in_chat,
        )
        .order_by(FeedbackEvent.at)
    )
    wrong: dict[str, None] = {}
    for question, documents, private in rows:
        if quotable is None or not (private or not set(_decode(documents) or ()) <= quotable):
            wrong.setdefault(question)
    return list(wrong)


def _merge(a: QuestionRow, b: QuestionRow) -> QuestionRow:
    """One wording read in two groups (two chats' scopes) as one row."""
    missed = [m for m in (a.last_missed, b.last_missed) if m is not None]
    return QuestionRow(
        a.question,
        a.terms,
        a.asked + b.asked,
        a.missed + b.missed,
        min(a.first, b.first),
        max(a.last, b.last),
        max(missed) if missed else None,
    )


def _first_asked(row: QuestionRow) -> datetime:
    return row.first


_decode = json.JSONDecoder().decode


def _day_of(midnights: list[datetime], first: int = 0) -> ColumnElement[Any]:
    """The index of the day a question was asked in, given the midnights between the days: a
    CASE that halves the days at each step, so each question is compared a few times only."""
    if not midnights:
        return literal_column(str(first))
    middle = len(midnights) // 2
    return case(
        (QuestionEvent.at < midnights[middle], _day_of(midnights[:middle], first)),
        else_=_day_of(midnights[middle + 1 :], first + middle + 1),
    )


def _daily(
    connection: Connection,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    chat: tuple[str, str] | None,
) -> list[tuple[date, int, int]]:
    """Questions and not-covered ones per local day of [start, end), days without any included."""
    first = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    midnights = [datetime.combine(day, time(), zone).astimezone(UTC) for day in days[1:]]
    moments = (
        select(
            _day_of(midnights).label("day"),
            QuestionEvent.covered.label("covered"),
        )
        .where(*_asked_in(connection, start, end, chat))
        .subquery()
    )
    counted = {
        day: (asked, missed)
        for day, asked, missed in connection.execute(
            select(
                moments.c.day,
                func.count(),
                func.count().filter(moments.c.covered.is_(False)),
            ).group_by(moments.c.day)
        )
    }
    return [(day, *counted.get(index, (0, 0))) for index, day in enumerate(days)]


def _counts(
    connection: Connection,
    start: datetime,
    end: datetime,
    chat: tuple[str, str] | None,
    asked: tuple[int, int] | None = None,
    collections: frozenset[str] | None = None,
) -> Counts:
    """Activity counts in [start, end) (UTC); `asked`: the questions and not-covered ones,
    when they are already known."""
    if asked is None:
        missed = QuestionEvent.covered.is_(False)
        questions, not_covered = connection.execute(
            select(func.count(), func.count().filter(missed))
            .select_from(QuestionEvent)
            .where(*_asked_in(connection, start, end, chat))
        ).one()
    else:
        questions, not_covered = asked
    summaries = connection.scalar(
        select(func.count(SummaryEvent.id)).where(
            SummaryEvent.at >= start, SummaryEvent.at < end, *_summaries_in(chat)
        )
    )
    shown = [] if collections is None else [DocumentEvent.collection.in_(sorted(collections))]
    documents = connection.scalar(
        select(func.count(DocumentEvent.id)).where(
            DocumentEvent.at >= start, DocumentEvent.at < end, *shown
        )
    )
    verdicts = select(
        func.count().filter(FeedbackEvent.useful.is_(True)),
        func.count().filter(FeedbackEvent.useful.is_(False)),
    ).where(FeedbackEvent.at >= start, FeedbackEvent.at < end)
    if chat is not None:
        verdicts = verdicts.join(
            QuestionEvent, QuestionEvent.id == FeedbackEvent.question_id
        ).where(QuestionEvent.platform == chat[0], QuestionEvent.chat_id == chat[1])
    useful, not_useful = connection.execute(verdicts).one()
    return Counts(questions, not_covered, summaries or 0, documents or 0, useful, not_useful)
