"""The digest of a period: pure functions over the rows of an `EventWindow`; its questions
are grouped into topics by `scheduler.topics`."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from retrieval.records.period import (
    Counts,
    DeadlineRow,
    DocumentRow,
    EventWindow,
    SummaryRow,
)
from retrieval.records.rounds import Progress
from scheduler.topics import Topic, gaps_and_topics

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Digest:
    """What a leader reads about a period; times are aware, days are local to `timezone`."""

    start: datetime
    end: datetime
    timezone: str
    counts: Counts
    previous: Counts
    gaps: list[Topic]
    topics: list[Topic]
    summaries: list[SummaryRow]
    deadlines: list[DeadlineRow]
    documents: list[DocumentRow]
    daily: list[tuple[date, int, int]]
    marked_wrong: list[str] = field(default_factory=list)  # the questions, personal data masked
    rounds: list[Progress] = field(default_factory=list)  # report rounds open, not yet due

    @property
    def zone(self) -> tzinfo:
        """The digest's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def today(self) -> date:
        """The local date at the end of the period, from which deadlines are counted."""
        return self.end.astimezone(self.zone).date()

    @property
    def is_empty(self) -> bool:
        """True when nothing happened in the period, no deadline is near and no report round
        is open."""
        counts = self.counts
        activity = (
            counts.questions,
            counts.summaries,
            counts.documents,
            counts.useful,
            counts.not_useful,
        )
        return not any(activity) and not (
            self.gaps
            or self.topics
            or self.summaries
            or self.documents
            or self.deadlines
            or self.rounds
        )


def build_digest(window: EventWindow, timezone: str | None = None) -> Digest:
    """The digest of a window's period; days and 'today' (for deadlines) are in `timezone`,
    the one the window was read in (its days and deadlines are counted in that zone)."""
    if timezone is None:
        timezone = window.timezone
    elif timezone != window.timezone:
        raise ValueError(f"the window was read in {window.timezone}, not {timezone}")
    zone = ZoneInfo(timezone)
    today = window.end.astimezone(zone).date()
    gaps, topics = gaps_and_topics(window.questions)
    # A file summarized in several chats, or a deadline read from it each time, is listed once,
    # at its first time in the period.
    summaries: dict[tuple[str, str | None, str | None], SummaryRow] = {}
    for row in window.summaries:
        summaries.setdefault(
            (row.title, row.number, row.issuer),
            SummaryRow(row.at, row.title, row.number, row.issuer),
        )
    documents: dict[tuple[str, str, str | None, str], DocumentRow] = {}
    for change in window.documents:
        documents.setdefault(
            (change.action, change.title, change.number, change.collection),
            DocumentRow(change.at, change.action, change.title, change.number, change.collection),
        )
    deadlines = sorted(
        {row for row in window.deadlines if row.due >= today},
        key=lambda row: (row.due, row.title, row.number or "", row.text),
    )
    return Digest(
        start=window.start,
        end=window.end,
        timezone=timezone,
        counts=window.counts,
        previous=window.previous,
        gaps=gaps,
        topics=[topic for topic in topics if topic.count > 1],  # asked once is not "most asked"
        summaries=list(summaries.values()),
        deadlines=deadlines,
        documents=list(documents.values()),
        # At least a week of days (the window's), so a daily digest still charts the trend.
        daily=list(window.daily),
        marked_wrong=list(window.marked_wrong),
        rounds=list(window.rounds),
    )


@dataclass(frozen=True)
class ChartWords:
    """The chart's words in the channel's language: its title, the axes and the two series."""

    title: str
    days: str
    count: str
    questions: str
    not_covered: str


def chart_figure(digest: Digest, words: ChartWords) -> Figure | None:
    """A small bar chart of questions and not-covered ones per day, titled and labelled.

    The days are the period's, or the last week's for a shorter period; None when nobody
    asked anything in the period itself (a week of bars for nothing new says nothing)."""
    if len(digest.daily) < 2 or not digest.counts.questions:
        return None
    if not any(q for _, q, _ in digest.daily):
        return None
    # Imported here: only the digest job of a platform that shows images pays for matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    days = [day for day, _, _ in digest.daily]
    positions = list(range(len(days)))
    figure = Figure(figsize=(6, 2.8), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    font = {"family": "DejaVu Sans", "size": 8}
    axes.bar(positions, [q for _, q, _ in digest.daily], color="#4c78a8", label=words.questions)
    axes.bar(positions, [m for _, _, m in digest.daily], color="#f58518", label=words.not_covered)
    step = max(1, math.ceil(len(days) / 10))
    axes.set_xticks(positions[::step], [f"{d:%d/%m}" for d in days[::step]], fontdict=font)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=8)
    axes.set_title(words.title, fontdict={**font, "size": 9}, loc="left", pad=18)
    axes.set_xlabel(words.days, fontdict=font)
    axes.set_ylabel(words.count, fontdict=font)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        prop=font, frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2, borderaxespad=0
    )
    figure.tight_layout()
    return figure


def chart_png(digest: Digest, words: ChartWords) -> bytes | None:
    """The chart as PNG bytes, or None when there is nothing to show."""
    figure = chart_figure(digest, words)
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
